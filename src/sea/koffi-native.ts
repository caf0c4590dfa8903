// The bundle's answer to koffi's `require('@koromix/koffi-<platform>-<arch>')`: the bundler maps that
// name to a module whose exports are loadKoffiNative()'s result. Under plain node: the installed package, as before. In the single executable: the
// `koffi.node` SEA asset, written once to a per-version, content-hash-named cache folder (Node can only
// dlopen a file) and loaded with process.dlopen. The folder is never a world-writable one for root:
// anyone could plant a koffi.node there first and have it loaded as root.
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { cacheRoot, checkOwnFolder, writeCacheFile } from './cache-dir.js';
import { NATIVE_LOAD_ERROR } from './feature.js';
import { seaOrNull, type Sea } from './sea.js';

export { cacheRoot, CACHE_DIR_ENV } from './cache-dir.js';

/** Build facts of the embedded module (asset koffi.json, written by build/sea.mjs). */
interface NativeInfo {
  /** `${koffi version}-${sha256(koffi.node) first 12 hex}`: the cache sub-folder. */
  tag: string;
  size: number;
}

export function extractNative(sea: Sea, root: string = cacheRoot()): string {
  const info = JSON.parse(sea.getAsset('koffi.json', 'utf8')) as NativeInfo;
  const dir = join(root, info.tag);
  const file = join(dir, 'koffi.node');
  if (statSync(file, { throwIfNoEntry: false })?.size === info.size) {
    checkOwnFolder(dir);
    return file;
  }
  writeCacheFile(dir, file, new Uint8Array(sea.getRawAsset('koffi.node')), 0o700);
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
