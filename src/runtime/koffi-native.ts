// The bundle's answer to koffi's `require('@koromix/koffi-<platform>-<arch>')`: the bundler maps that
// name to a module whose exports are loadKoffiNative()'s result. Under plain node: the installed package, as before. In the single executable: the
// `koffi.node` SEA asset, written once to a per-version, content-hash-named cache folder (Node can only
// dlopen a file) and loaded with process.dlopen. The folder is never a world-writable one for root:
// anyone could plant a koffi.node there first and have it loaded as root.
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { cacheRoot, checkOwnFolder, writeCacheFile } from './cache-dir.js';
import { NATIVE_LOAD_ERROR } from './feature-bundle.js';
import { seaOrNull, type Sea } from './executable.js';

export { cacheRoot, CACHE_DIR_ENV } from './cache-dir.js';

/** Build facts of the embedded module (asset koffi.json, written by build/sea.mjs). */
interface NativeInfo {
  /** `${koffi version}-${sha256(koffi.node) first 12 hex}`: the cache sub-folder. */
  tag: string;
  size: number;
}

/**
 * Whether the module already in the cache can be loaded as it is. POSIX: the folder's owner and mode
 * say only we could have written it (checkOwnFolder throws otherwise). Windows: ownership and ACLs are
 * not checked, and the ProgramData fallback lets ordinary users add files, so the file must be
 * byte-for-byte the embedded module (a memcmp of ≈ 2.5 MB; a mismatch is rewritten).
 */
export function cachedModuleUsable(dir: string, file: string, embedded: Uint8Array, platform: string = process.platform): boolean {
  if (statSync(file, { throwIfNoEntry: false })?.size !== embedded.length) return false;
  if (platform !== 'win32') {
    checkOwnFolder(dir);
    return true;
  }
  return Buffer.from(embedded.buffer, embedded.byteOffset, embedded.length).equals(readFileSync(file));
}

export function extractNative(sea: Sea, root: string = cacheRoot()): string {
  const info = JSON.parse(sea.getAsset('koffi.json', 'utf8')) as NativeInfo;
  const dir = join(root, info.tag);
  const file = join(dir, 'koffi.node');
  const embedded = new Uint8Array(sea.getRawAsset('koffi.node'));
  if (cachedModuleUsable(dir, file, embedded)) return file;
  writeCacheFile(dir, file, embedded, 0o700);
  // Windows keeps a module another process has loaded: replacing it can fail, and a file that differs
  // from ours is then refused, never loaded.
  if (!cachedModuleUsable(dir, file, embedded))
    throw new Error(`${file} is not the module this executable carries and cannot be replaced: refusing to load it`);
  return file;
}

const LOADED = Symbol.for('hcnproxyctl.koffiNative');

/**
 * koffi's native module (what `@koromix/koffi-<platform>-<arch>` exports), once per process whichever
 * bundle asks: the HNS feature reaches it through koffi's JS wrapper, the nftables backend directly
 * (the wrapper costs ≈ 9 ms of start-up that a CNI call cannot spare).
 */
export function loadKoffiNative(): unknown {
  const g = globalThis as { [LOADED]?: unknown };
  return (g[LOADED] ??= loadOnce());
}

function loadOnce(): unknown {
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
