// What this project knows of HNS that needs no HNS (the model, without the FFI): the L4WFPPROXY schema (render, parse),
// its limits, the "same policy?" comparison, GUIDs and the request shapes. Pure (no koffi): the CLI,
// the CNI face and the library use it without loading the HNS feature bundle.
export {
  L4WFPPROXY,
  renderL4WfpProxy,
  parseL4WfpProxy,
  type HnsEndpointPolicy,
  type L4WfpProxySettings,
  type HnsFiveTuple,
  type HnsProxyExceptions,
} from './l4wfpproxy.js';
export { checkHnsLimits, hnsLimitIssues, HNS_MAX_PORT_EXCEPTIONS } from './limits.js';
export { comparePolicies, sameL4WfpProxy, type ListedPolicy, type PolicyComparison } from './compare.js';
export { isGuid, normalizeGuid } from './guid.js';
export { policyRequest, queryFor } from './schema.js';
