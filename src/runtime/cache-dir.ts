// The single executable's per-user cache folder: koffi's native module (Node can only dlopen a file) and
// V8 code caches of the feature bundles. Never a folder someone else could have prepared for a root
// process (anyone could plant a koffi.node or a code cache there first and have it run as root).
import { existsSync, lstatSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve, win32 } from 'node:path';
import { EXECUTABLE_NAME } from './version.js';

export const CACHE_DIR_ENV = 'HCNPROXYCTL_CACHE_DIR';

/** Where the single executable caches what it extracts or compiles: see README ("One executable"). */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env, platform: string = process.platform, uid: number | undefined = process.getuid?.()): string {
  const override = env[CACHE_DIR_ENV];
  if (override) return resolve(override);
  if (platform === 'win32') {
    const base = env.LOCALAPPDATA || env.ProgramData || 'C:\\ProgramData';
    return win32.join(base, EXECUTABLE_NAME, 'cache');
  }
  if (uid === 0) return '/var/cache/hcnproxyctl';
  const xdg = env.XDG_CACHE_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(homedir(), '.cache'), EXECUTABLE_NAME);
}

/**
 * Whether files found in the cache may be used without checking their content. Windows' ProgramData
 * fallback (no LOCALAPPDATA, as in some runtimes' environments) lets ordinary users add files, and
 * ACLs are not checked: there the V8 code caches are not used (a crafted one is code) and koffi.node
 * is compared with the embedded copy before it is loaded (koffi-native.ts).
 */
export function cacheContentTrusted(env: NodeJS.ProcessEnv = process.env, platform: string = process.platform): boolean {
  return platform !== 'win32' || Boolean(env[CACHE_DIR_ENV] || env.LOCALAPPDATA);
}

/** Refuses a folder someone else could have prepared for us (POSIX: owner and group/world write bits). */
export function checkOwnFolder(dir: string): void {
  if (process.platform === 'win32') return;
  const st = lstatSync(dir);
  const uid = process.getuid?.();
  if (!st.isDirectory() || (uid !== undefined && st.uid !== uid) || (st.mode & 0o022) !== 0) {
    throw new Error(`refusing the cache folder ${dir}: it must be a directory owned by uid ${uid} and not group/world-writable`);
  }
}

/** Writes `data` to `file` (in `dir`, created 0700) atomically; parallel first runs race harmlessly. */
export function writeCacheFile(dir: string, file: string, data: Uint8Array, mode = 0o600): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  checkOwnFolder(dir);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, data, { mode });
  try {
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    if (!existsSync(file)) throw e; // Windows: the target is in use by another process — fine
  }
}
