// The one loader of feature bundles (cni.cjs, cli.cjs, hns.cjs, nft.cjs, cri.cjs, nri.cjs). The bundler
// (build/bundle.mjs) turns every `import('…/x/index.js')` of a feature module into a call of
// loadFeature('x.cjs'), so the sources stay plain dynamic imports and both builds share this path:
//   - single executable: the bundle is a SEA asset, compiled here with vm.Script (and its code cache); its
//     `require` is the SEA's (built-ins only) and its __filename the executable's absolute path
//     (koffi calls createRequire(__filename) at load and needs an absolute path);
//   - plain node: the sibling file beside the running bundle (dist/x.cjs), through require.
// Each feature is evaluated once per process, whichever bundle asks: the cache lives on globalThis
// because every bundle carries its own copy of this module.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { cacheContentTrusted, cacheRoot, checkOwnFolder, writeCacheFile } from './cache-dir.js';
import { seaOrNull, type Sea } from './executable.js';

const CACHE = Symbol.for('hcnproxyctl.features');
/** Set by src/runtime/koffi-native.ts when the embedded native module cannot be loaded (koffi hides the reason). */
export const NATIVE_LOAD_ERROR = Symbol.for('hcnproxyctl.nativeLoadError');

type Registry = Map<string, unknown>;

function registry(): Registry {
  const g = globalThis as { [CACHE]?: Registry };
  return (g[CACHE] ??= new Map());
}

/**
 * Where V8's code cache of a feature bundle lives: keyed by the bundle's content hash (asset
 * features.json, written by build/sea.mjs) and the Node version. Compiling cni.cjs costs 5–10 ms
 * without it and ≈ 1 ms with it — on every CNI call. The executable itself stays byte-reproducible.
 */
function codeCachePath(sea: Sea, name: string): { dir: string; file: string } | undefined {
  try {
    const hashes = JSON.parse(sea.getAsset('features.json', 'utf8')) as Record<string, string>;
    const hash = hashes[name];
    if (!hash || process.env.HCNPROXYCTL_NO_CODE_CACHE || !cacheContentTrusted()) return undefined;
    const dir = join(cacheRoot(), `code-${process.version}`);
    return { dir, file: join(dir, `${name}-${hash}.v8`) };
  } catch {
    return undefined;
  }
}

function readCodeCache(where: { dir: string; file: string } | undefined): Buffer | undefined {
  if (!where) return undefined;
  try {
    const data = readFileSync(where.file);
    checkOwnFolder(where.dir); // only a cache we could have written ourselves is trusted
    return data;
  } catch {
    return undefined;
  }
}

function compileAsset(name: string): unknown {
  const sea = seaOrNull()!;
  const source = sea.getAsset(name, 'utf8');
  const where = codeCachePath(sea, name);
  const cachedData = readCodeCache(where);
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: name,
    ...(cachedData ? { cachedData } : {}),
  });
  if (where && (!cachedData || script.cachedDataRejected)) {
    // At exit the functions this run needed are compiled too, so the cache covers them.
    process.once('exit', () => {
      try {
        writeCacheFile(where.dir, where.file, script.createCachedData());
      } catch {
        // a cache we cannot write only costs the next run its compile time
      }
    });
  }
  const fn = script.runInThisContext() as (...args: unknown[]) => void;
  const mod: { exports: unknown } = { exports: {} };
  fn.call(mod.exports, mod.exports, require, mod, process.execPath, dirname(process.execPath));
  return mod.exports;
}

/** The exports of the feature bundle `name` (e.g. 'hns.cjs'), loaded on first use, the same object afterwards. */
export function loadFeature(name: string): unknown {
  const features = registry();
  if (features.has(name)) return features.get(name);
  let exports: unknown;
  try {
    exports = seaOrNull() ? compileAsset(name) : require(join(__dirname, name));
  } catch (e) {
    const native = (globalThis as { [NATIVE_LOAD_ERROR]?: unknown })[NATIVE_LOAD_ERROR];
    if (native instanceof Error && e instanceof Error && e.cause === undefined) {
      e.message += ` (${native.message})`;
      e.cause = native;
    }
    throw e;
  }
  features.set(name, exports);
  return exports;
}
