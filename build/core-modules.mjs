// The modules of the shared core bundle (dist/core.cjs, entry src/core.ts). Every other bundle that
// imports one of them gets the core's single copy at run time instead of its own (build/bundle.mjs),
// so classes such as PolicyError are one class across the CLI, the CNI/NRI faces, the HNS and nftables
// features and the library. src/core.ts re-exports each (test/unit/core.test.ts checks that nothing
// is lost to a name clash).
export const CORE_ENTRY = 'src/core.ts';

export const CORE_MODULES = [
  'src/policy/index.ts',
  'src/policy/addresses.ts',
  'src/policy/backend.ts',
  'src/policy/build.ts',
  'src/policy/errors.ts',
  'src/policy/input.ts',
  'src/policy/model.ts',
  'src/policy/ports.ts',
  'src/policy/sid.ts',
  'src/policy/annotations/index.ts',
  'src/hns/model.ts',
  'src/hns/compare.ts',
  'src/hns/errors.ts',
  'src/hns/guid.ts',
  'src/hns/l4wfpproxy.ts',
  'src/hns/limits.ts',
  'src/hns/schema.ts',
  'src/nft/errors.ts',
  'src/cri/errors.ts',
  'src/pod/failure.ts',
];
