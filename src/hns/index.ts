// The HNS backend (Windows): a feature module, loaded only by commands that touch HNS, because it
// loads koffi. Typed operations over the HCN API; the FFI itself lives in ffi.ts.
import { HcnClient } from './client.js';
import { findEndpointsByName, listEndpoints, namespaceEndpointIds } from './endpoints.js';
import { hcnApi } from './ffi.js';
import { addProxyPolicy, clearProxyPolicies, listProxyPolicies, type AddOptions, type AddOutcome, type ListedProxyPolicy } from './proxy-policies.js';
import type { HostComputeEndpoint, SchemaVersion } from './schema.js';
import type { ProxyPolicy } from '../policy/model.js';
import { assertL4WfpProxySupported } from './version.js';

export interface Hns {
  version(): SchemaVersion;
  /** Throws HnsError UNSUPPORTED below HNS 13.2. */
  checkL4WfpProxySupport(): SchemaVersion;
  listEndpoints(): HostComputeEndpoint[];
  getEndpoint(id: string): HostComputeEndpoint;
  findEndpointsByName(name: string): HostComputeEndpoint[];
  namespaceEndpointIds(namespaceId: string): string[];
  addProxyPolicy(endpointId: string, policy: ProxyPolicy, opts?: AddOptions): AddOutcome;
  listProxyPolicies(endpointId: string): ListedProxyPolicy[];
  clearProxyPolicies(endpointId: string): number;
}

/** Opens the HCN API (computenetwork.dll, or $HCNPROXYCTL_HCN_DLL) and returns the operations. */
export function openHns(env: NodeJS.ProcessEnv = process.env): Hns {
  const c = new HcnClient(hcnApi(env));
  return {
    version: () => c.hnsVersion(),
    checkL4WfpProxySupport: () => {
      const v = c.hnsVersion();
      assertL4WfpProxySupported(v);
      return v;
    },
    listEndpoints: () => listEndpoints(c),
    getEndpoint: (id) => c.getEndpoint(id),
    findEndpointsByName: (name) => findEndpointsByName(c, name),
    namespaceEndpointIds: (ns) => namespaceEndpointIds(c, ns),
    addProxyPolicy: (id, p, o) => addProxyPolicy(c, id, p, o),
    listProxyPolicies: (id) => listProxyPolicies(c, id),
    clearProxyPolicies: (id) => clearProxyPolicies(c, id),
  };
}

export { HnsError, HRESULT, hex32, type HnsErrorCode } from './errors.js';
export { guidToBytes, guidFromBytes, normalizeGuid, isGuid } from './guid.js';
export { HCN_DLL_ENV, VMCOMPUTE_DLL_ENV } from './ffi.js';
export { L4WFPPROXY_MIN_VERSION } from './version.js';
export type { AddOptions, AddOutcome, ListedProxyPolicy } from './proxy-policies.js';
export type * from './schema.js';
