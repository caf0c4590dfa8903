#!/usr/bin/env node
// Bundles the TypeScript sources with esbuild into CommonJS files under dist/:
//   dist/main.cjs     the executable's entry: picks the face and loads only its bundle
//   dist/cni.cjs      the CNI face (policy, annotations, nftables backend): the fast path
//   dist/cli.cjs      the CLI face (commander)
//   dist/hns.cjs      the HNS feature (koffi + HCN bindings), loaded only by commands that touch HNS
//   dist/yaml.cjs     the YAML parser, loaded only for a YAML input
//   dist/hns-sim.cjs  the HNS simulator (test double's server side, `npm run hns-sim`)
//   dist/demo.cjs     `npm run demo`
//   dist/bench-nri.cjs `npm run bench:nri` (bench/nri.ts with the e2e harness)
// Feature modules are imported dynamically from main and mapped here to separate bundles, so main never
// carries their code (start-up time matters for a CNI plugin). They are loaded through one loader
// (src/runtime/feature-bundle.ts): sibling files under plain node, SEA assets in the single executable
// (build/sea.mjs makes dist/hcnproxyctl and dist/hcnproxyctl.exe from these same bundles).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { CORE_ENTRY, CORE_MODULES } from './core-modules.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const pkg = require('../package.json');

function gitCommit() {
  try {
    return execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

/** Dynamic imports of feature modules become `loadFeature('<name>.cjs')`: the sibling file or the SEA asset. */
export const FEATURES = {
  // The shared core (policy model, HNS schema, error classes): one copy for every bundle below.
  [CORE_ENTRY]: 'core.cjs',
  'src/hns/index.ts': 'hns.cjs',
  // The two faces: main.cjs only picks one, so a CNI call never parses the CLI (commander) and back.
  'src/cni/index.ts': 'cni.cjs',
  'src/cli/program.ts': 'cli.cjs',
  // The nftables backend: only opted-in pods load (and V8 compiles) it.
  'src/nft/index.ts': 'nft.cjs',
  // The CRI client (@grpc/grpc-js): only `lookup` and the e2e harness load it.
  'src/cri/index.ts': 'cri.cjs',
  // The NRI daemon (ttrpc, mux): only `hcnproxyctl nri` loads it.
  'src/nri/index.ts': 'nri.cjs',
  // The YAML parser: only a YAML input (a Pod manifest for `explain`, Kuma's proxy config) loads it.
  'src/yaml/index.ts': 'yaml.cjs',
};

const FEATURE_LOADER = path.join(root, 'src', 'runtime', 'feature-bundle.ts');
const KOFFI_NATIVE = path.join(root, 'src', 'runtime', 'koffi-native.ts');

/**
 * Feature imports and koffi's native module, the same in the plain-node and the single-executable
 * build: each dynamic import of a FEATURES module becomes a tiny virtual module whose exports are
 * `loadFeature('<name>.cjs')` (src/runtime/feature-bundle.ts: a SEA asset or the sibling file), and koffi's
 * `require('@koromix/koffi-<platform>-<arch>')` becomes `loadKoffiNative()` (src/runtime/koffi-native.ts:
 * the embedded koffi.node, or the installed package under plain node).
 */
const CORE = new Set(CORE_MODULES);
/** The core bundle's export names, read from the built dist/core.cjs before the other bundles are built. */
let coreNames = [];

const featurePlugin = (self) => ({
  name: 'features',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      const abs = path.resolve(args.resolveDir, args.path.replace(/\.js$/, '.ts'));
      const rel = path.relative(root, abs).split(path.sep).join('/');
      // Any import of a core module, static or dynamic, is the core bundle's single copy (but the
      // core's own modules, and main.cjs, which must stay tiny, never import it).
      if (CORE.has(rel) && self !== CORE_ENTRY) return { path: 'core.cjs', namespace: 'feature' };
      if (args.kind !== 'dynamic-import') return undefined;
      const target = FEATURES[rel];
      if (!target || rel === self) return undefined;
      return { path: target, namespace: 'feature' };
    });
    build.onLoad({ filter: /.*/, namespace: 'feature' }, (args) => ({
      // The core is imported from many modules of a bundle: as one ES module with named exports, the
      // bundle refers to its bindings directly (a CommonJS module would be copied into a namespace
      // object at every import site, ≈ 3 ms of a CNI call).
      contents:
        args.path === 'core.cjs'
          ? `const core = require(${JSON.stringify(FEATURE_LOADER)}).loadFeature('core.cjs');\nexport const { ${coreNames.join(', ')} } = core;\n`
          : `module.exports = require(${JSON.stringify(FEATURE_LOADER)}).loadFeature(${JSON.stringify(args.path)});\n`,
      loader: 'js',
      resolveDir: root,
    }));
    // koffi's ESM entry needs import.meta.url, which a CJS bundle does not have: take its CJS entry.
    build.onResolve({ filter: /^koffi$/ }, () => ({ path: require.resolve('koffi') }));
    build.onResolve({ filter: /^@koromix\/koffi-/ }, () => ({ path: 'koffi-native', namespace: 'native' }));
    build.onLoad({ filter: /.*/, namespace: 'native' }, () => ({
      contents: `module.exports = require(${JSON.stringify(KOFFI_NATIVE)}).loadKoffiNative();\n`,
      loader: 'js',
      resolveDir: root,
    }));
  },
});

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  legalComments: 'none',
  // Keep import() of a feature synchronous under the hood: a real import() starts Node's ESM loader (≈40 ms).
  supported: { 'dynamic-import': false },
  logLevel: 'warning',
  absWorkingDir: root,
  define: {
    __HCNPROXYCTL_VERSION__: JSON.stringify(pkg.version),
    __HCNPROXYCTL_COMMIT__: JSON.stringify(process.env.HCNPROXYCTL_COMMIT ?? gitCommit()),
  },
};

export async function bundleAll() {
  // The core first: the others import its export names.
  await esbuild.build({ ...common, entryPoints: [CORE_ENTRY], outfile: 'dist/core.cjs', plugins: [featurePlugin(CORE_ENTRY)] });
  const core = path.join(root, 'dist', 'core.cjs');
  delete createRequire(core).cache[core];
  coreNames = Object.keys(createRequire(core)(core)).filter((n) => n !== 'default' && n !== '__esModule');
  const entries = [
    ['src/main.ts', 'dist/main.cjs'],
    ['src/hns/index.ts', 'dist/hns.cjs'],
    ['src/cni/index.ts', 'dist/cni.cjs'],
    ['src/cli/program.ts', 'dist/cli.cjs'],
    ['src/nft/index.ts', 'dist/nft.cjs'],
    ['src/cri/index.ts', 'dist/cri.cjs'],
    ['src/nri/index.ts', 'dist/nri.cjs'],
    ['src/yaml/index.ts', 'dist/yaml.cjs'],
    ['src/lib/index.ts', 'dist/lib.cjs'],
    ['test/support/hns-sim/main.ts', 'dist/hns-sim.cjs'],
  ];
  await Promise.all([
    ...entries.map(([entry, outfile]) =>
      esbuild.build({
        ...common,
        entryPoints: [entry],
        outfile,
        plugins: [featurePlugin(entry)],
      }),
    ),
    // The demo reuses the test helpers, which locate the repo from their own folder.
    esbuild.build({
      ...common,
      entryPoints: ['test/support/demo/demo.ts'],
      outfile: 'dist/demo.cjs',
      // The demo bundles everything; koffi's native module comes from node_modules at run time.
      external: ['@koromix/*'],
      define: { ...common.define, 'import.meta.dirname': JSON.stringify(path.join(root, 'test', 'support')) },
    }),
    // The NRI benchmark runs the e2e harness, which locates the repo (REPO_ROOT) and the image sources
    // from its own folder; bench/nri.ts itself uses no import.meta.
    esbuild.build({
      ...common,
      entryPoints: ['bench/nri.ts'],
      outfile: 'dist/bench-nri.cjs',
      external: ['@koromix/*'],
      define: { ...common.define, 'import.meta.dirname': JSON.stringify(path.join(root, 'test', 'support', 'harness')) },
    }),
  ]);
  writeEsmEntry();
}

/**
 * dist/lib.mjs: the library for `import { … } from 'hcnproxyctl'`. Node cannot see the named exports
 * of an esbuild CJS bundle, so this wrapper names each one (read from the built lib.cjs itself).
 */
function writeEsmEntry() {
  const lib = createRequire(path.join(root, 'dist', 'lib.cjs'))('./lib.cjs');
  const names = Object.keys(lib)
    .filter((n) => n !== 'default' && n !== '__esModule')
    .sort();
  const text = [
    '// Generated by build/bundle.mjs: the ESM face of dist/lib.cjs (types: dist/types/lib/index.d.ts).',
    "import lib from './lib.cjs';",
    '',
    `export const { ${names.join(', ')} } = lib;`,
    'export default lib;',
    '',
  ].join('\n');
  fs.writeFileSync(path.join(root, 'dist', 'lib.mjs'), text);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await bundleAll();
}
