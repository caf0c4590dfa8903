// The Linux backend: a ProxyPolicy as one nftables inet table in the pod's network namespace.
export { renderRuleset, renderTable, nftTable, ruleText, TABLE_FAMILY, TABLE_NAME } from './render.js';
export { loopbackAddresses } from './shapes/index.js';
export type { NftTable, NftChain, NftBaseChain, NftRule } from './render.js';
export { nftLimitIssues, checkNftLimits } from './limits.js';
export { applyScript, createScript, removeScript, tableExists } from './script.js';
export { applyPolicy, removeTable, readTable, checkTable, nftAvailable, nftRunner } from './apply.js';
export type { NftOptions, NftAvailability } from './apply.js';
export { nftBackend } from './backend.js';
export { execRunner, findBinary, nftInNetns } from './exec.js';
export { inProcessRunner } from './inprocess.js';
export { expectedCacheIn, type ExpectedCache } from './expected-cache.js';
export { NetnsSwitcher } from './netns.js';
export { loadNativeNft, LIBNFTABLES } from './libnftables.js';
export { NftError, nftErrorText, type NftErrorCode } from './errors.js';
export { NFT_MODES, type NftMode, type NftRunner, type NftRunnerMode } from './runner.js';
export type { NftJson } from './compare.js';
