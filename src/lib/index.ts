// The typed library API: the policy model (pure) and, loaded on demand, the HNS backend. Named
// exports only: what is listed here is the package's surface (types: dist/types/lib/index.d.ts). Not src/core.ts:
// that one is the entry of the build's shared bundle (one copy of the model for every bundle), not an API.
export {
  buildPolicy,
  PolicyError,
  IssueList,
  FIELD_NAMES,
  LOCAL_SYSTEM_SID,
  parseIpNet,
  formatIpNet,
  parsePort,
  parsePortRange,
  formatPortRange,
  parseSid,
  type PolicyIssue,
  type PolicyInput,
  type ListInput,
  type ScalarInput,
  type ProxyPolicy,
  type PortRange,
  type IpNet,
  type Exceptions,
  type ProxyIdentity,
  type FilterTuple,
  type Protocol,
} from '../policy/index.js';
// HNS knowledge that needs no HNS: the L4WFPPROXY schema, its limits, the comparison (pure, no koffi).
export {
  L4WFPPROXY,
  renderL4WfpProxy,
  parseL4WfpProxy,
  checkHnsLimits,
  hnsLimitIssues,
  HNS_MAX_PORT_EXCEPTIONS,
  comparePolicies,
  sameL4WfpProxy,
  isGuid,
  normalizeGuid,
  type HnsEndpointPolicy,
  type L4WfpProxySettings,
  type HnsFiveTuple,
  type HnsProxyExceptions,
  type ListedPolicy,
  type PolicyComparison,
} from '../hns/model.js';
export { HnsError, type HnsErrorCode } from '../hns/errors.js';
export { versionInfo, type VersionInfo } from '../runtime/version.js';
export type { Hns, AddOptions, AddOutcome, ListedProxyPolicy } from '../hns/index.js';

/** Loads the HNS backend (koffi + computenetwork.dll, or $HCNPROXYCTL_HCN_DLL). */
export async function loadHnsBackend(): Promise<typeof import('../hns/index.js')> {
  return import('../hns/index.js');
}

// The Linux backend (nftables in a pod's network namespace). Pure rendering plus small spawners.
export {
  renderRuleset,
  applyScript,
  removeScript,
  applyPolicy,
  removeTable,
  checkTable,
  readTable,
  nftAvailable,
  NftError,
  TABLE_FAMILY,
  TABLE_NAME,
} from '../nft/index.js';
// Pod annotations → policy, as the CNI and NRI faces use it.
export {
  decidePod,
  parseNodeSettings,
  ALL_PROFILES,
  ANNOTATION_KEYS,
  type NodeSettings,
  type PodDecision,
  type ProfileName,
} from '../policy/annotations/index.js';

// Container runtime (CRI) lookups; the gRPC client loads on first use.
export { lookup, getEndpointFromContainer, type LookupOptions, type LookupResult } from '../lookup/index.js';
/** Loads the CRI client (@grpc/grpc-js and the generated runtime.v1 types). */
export async function loadCri(): Promise<typeof import('../cri/index.js')> {
  return import('../cri/index.js');
}
