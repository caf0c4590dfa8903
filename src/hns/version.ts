import { HnsError } from './errors.js';
import type { SchemaVersion } from './schema.js';

/** L4WFPPROXY appeared in HNS 13.2 (hcsshim's L4WfpProxyPolicyVersion; Windows Server 2022 era). */
export const L4WFPPROXY_MIN_VERSION: SchemaVersion = { Major: 13, Minor: 2 };

export function versionAtLeast(v: SchemaVersion, min: SchemaVersion): boolean {
  return v.Major > min.Major || (v.Major === min.Major && v.Minor >= min.Minor);
}

export function formatVersion(v: SchemaVersion): string {
  return `${v.Major}.${v.Minor}`;
}

export function assertL4WfpProxySupported(v: SchemaVersion): void {
  if (!versionAtLeast(v, L4WFPPROXY_MIN_VERSION)) {
    throw new HnsError(
      'UNSUPPORTED',
      `HNS ${formatVersion(v)} does not support L4WFPPROXY policies: HNS ${formatVersion(L4WFPPROXY_MIN_VERSION)} or later is required (Windows Server 2022 or later)`,
    );
  }
}
