// The bundle's answer to koffi's `require('@koromix/koffi-<platform>-<arch>')`: the bundler maps that
// name to a module whose exports are loadKoffiNative()'s result. Under plain node: the installed package, as before. In the single executable: the
// `koffi.node` SEA asset, written once to a per-version, content-hash-named cache folder (Node can only
// dlopen a file) and loaded with process.dlopen. The folder is never a world-writable one for root:
// anyone could plant a koffi.node there first and have it loaded as root.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { NATIVE_LOAD_ERROR } from './feature.js';
import { seaOrNull, type Sea } from './sea.js';

export const CACHE_DIR_ENV = 'HCNPROXYCTL_CACHE_DIR';

/** Where extracted native modules live: see README ("The single executable"). */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env, platform: string = process.platform, uid: number | undefined = process.getuid?.()): string {
  const override = env[CACHE_DIR_ENV];
  if (override) return path.resolve(override);
  if (platform === 'win32') {
    const base = env.LOCALAPPDATA || env.ProgramData || 'C:\\ProgramData';
    return path.win32.join(base, 'hcnproxyctl', 'cache');
  }
  if (uid === 0) return '/var/cache/hcnproxyctl';
  const xdg = env.XDG_CACHE_HOME;
  return path.join(xdg && path.isAbsolute(xdg) ? xdg : path.join(os.homedir(), '.cache'), 'hcnproxyctl');
}

/** Build facts of the embedded module (asset koffi.json, written by build/sea.mjs). */
interface NativeInfo {
  /** `${koffi version}-${sha256(koffi.node) first 12 hex}`: the cache sub-folder. */
  tag: string;
  size: number;
}

/** Refuses a folder someone else could have prepared for us (POSIX: owner and group/world write bits). */
function checkOwnFolder(dir: string): void {
  if (process.platform === 'win32') return;
  const st = fs.lstatSync(dir);
  const uid = process.getuid?.();
  if (!st.isDirectory() || (uid !== undefined && st.uid !== uid) || (st.mode & 0o022) !== 0) {
    throw new Error(`refusing the native-module cache folder ${dir}: it must be a directory owned by uid ${uid} and not group/world-writable`);
  }
}

export function extractNative(sea: Sea, root: string = cacheRoot()): string {
  const info = JSON.parse(sea.getAsset('koffi.json', 'utf8')) as NativeInfo;
  const dir = path.join(root, info.tag);
  const file = path.join(dir, 'koffi.node');
  if (fs.statSync(file, { throwIfNoEntry: false })?.size === info.size) {
    checkOwnFolder(dir);
    return file;
  }
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  checkOwnFolder(dir);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, new Uint8Array(sea.getRawAsset('koffi.node')), { mode: 0o700 });
  try {
    fs.renameSync(tmp, file); // atomic; parallel first runs race harmlessly
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    if (!fs.existsSync(file)) throw e; // Windows: the target is in use by another process — fine
  }
  return file;
}

/** koffi's native module (what `@koromix/koffi-<platform>-<arch>` exports). */
export function loadKoffiNative(): unknown {
  const sea = seaOrNull();
  if (!sea) return createRequire(__filename)(`@koromix/koffi-${process.platform}-${process.arch}`);
  try {
    const m = { exports: {} as unknown };
    process.dlopen(m, extractNative(sea));
    return m.exports;
  } catch (e) {
    // koffi swallows this error and reports "Cannot find the native Koffi module": keep the reason.
    (globalThis as { [NATIVE_LOAD_ERROR]?: unknown })[NATIVE_LOAD_ERROR] = e;
    throw e;
  }
}
