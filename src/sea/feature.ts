// The one loader of feature bundles (cni.cjs, cli.cjs, hns.cjs, nft.cjs, cri.cjs, nri.cjs). The bundler
// (build/bundle.mjs) turns every `import('…/x/index.js')` of a feature module into a call of
// loadFeature('x.cjs'), so the sources stay plain dynamic imports and both builds share this path:
//   - single executable: the bundle is a SEA asset, compiled here with vm.compileFunction; its
//     `require` is the SEA's (built-ins only) and its __filename the executable's absolute path
//     (koffi calls createRequire(__filename) at load and needs an absolute path);
//   - plain node: the sibling file beside the running bundle (dist/x.cjs), through require.
// Each feature is evaluated once per process, whichever bundle asks: the cache lives on globalThis
// because every bundle carries its own copy of this module.
import path from 'node:path';
import vm from 'node:vm';
import { seaOrNull } from './sea.js';

const CACHE = Symbol.for('hcnproxyctl.features');
/** Set by src/sea/koffi-native.ts when the embedded native module cannot be loaded (koffi hides the reason). */
export const NATIVE_LOAD_ERROR = Symbol.for('hcnproxyctl.nativeLoadError');

type Registry = Map<string, unknown>;

function registry(): Registry {
  const g = globalThis as { [CACHE]?: Registry };
  return (g[CACHE] ??= new Map());
}

function compileAsset(name: string): unknown {
  const sea = seaOrNull()!;
  const source = sea.getAsset(name, 'utf8');
  const fn = vm.compileFunction(source, ['exports', 'require', 'module', '__filename', '__dirname'], { filename: name });
  const mod: { exports: unknown } = { exports: {} };
  fn.call(mod.exports, mod.exports, require, mod, process.execPath, path.dirname(process.execPath));
  return mod.exports;
}

/** The exports of the feature bundle `name` (e.g. 'hns.cjs'), loaded on first use, the same object afterwards. */
export function loadFeature(name: string): unknown {
  const features = registry();
  if (features.has(name)) return features.get(name);
  let exports: unknown;
  try {
    exports = seaOrNull() ? compileAsset(name) : require(path.join(__dirname, name));
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
