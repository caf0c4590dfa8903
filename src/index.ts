// The typed library API: the policy model (pure) and, loaded on demand, the HNS backend.
export * from './policy/index.js';
export { versionInfo, type VersionInfo } from './version.js';
export type { Hns, AddOptions, AddOutcome, ListedProxyPolicy, HnsError, HnsErrorCode } from './hns/index.js';

/** Loads the HNS backend (koffi + computenetwork.dll, or $HCNPROXYCTL_HCN_DLL). */
export async function loadHnsBackend(): Promise<typeof import('./hns/index.js')> {
  return import('./hns/index.js');
}
