// The Linux backend: a ProxyPolicy as one nftables inet table in the pod's network namespace.
export { renderRuleset, renderTable, nftTable, ruleText, TABLE_FAMILY, TABLE_NAME } from './render.js';
export type { NftTable, NftChain, NftBaseChain, NftRule } from './render.js';
export { nftLimitIssues, checkNftLimits } from './limits.js';
export { applyScript, removeScript } from './script.js';
export { applyPolicy, removeTable, readTable, checkTable, nftAvailable, nftInNetns, findBinary, nftErrorText, NftError } from './apply.js';
export type { NftErrorCode, NftOptions, CheckResult, NftAvailability } from './apply.js';
export type { NftJson } from './compare.js';
