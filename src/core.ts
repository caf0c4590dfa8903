// The shared core: the one copy of the policy model, the HNS knowledge that needs no HNS, and the error
// classes every face and backend throws or catches. The other bundles (faces, features, the library)
// load this bundle instead of carrying their own copy (build/core-modules.mjs, build/bundle.mjs), so
// `instanceof PolicyError` holds whichever bundle threw it. Pure: no koffi, no gRPC, no processes. It is a
// build unit, not an API: the library's surface is src/lib/index.ts.
export * from './policy/index.js';
export * from './policy/addresses.js';
export * from './policy/backend.js';
export * from './policy/build.js';
export * from './policy/errors.js';
export * from './policy/input.js';
export * from './policy/model.js';
export * from './policy/ports.js';
export * from './policy/sid.js';
export * from './policy/annotations/index.js';
export * from './hns/model.js';
export * from './hns/compare.js';
export * from './hns/errors.js';
export * from './hns/guid.js';
export * from './hns/l4wfpproxy.js';
export * from './hns/limits.js';
export * from './hns/schema.js';
export * from './nft/errors.js';
export * from './cri/errors.js';
export * from './pod/failure.js';
