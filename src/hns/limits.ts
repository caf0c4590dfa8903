// What HNS's L4WFPPROXY can express: TCP over IPv4, single-port exceptions (ranges expanded, bounded),
// no include lists, no Linux-only options. Checked before HNS is asked anything.
import { formatIpNet } from '../policy/addresses.js';
import { PolicyError, type PolicyIssue } from '../policy/errors.js';
import type { IpNet, ProxyPolicy } from '../policy/model.js';

/** HNS takes port exceptions as single ports; ranges are expanded, up to this many per direction. */
export const HNS_MAX_PORT_EXCEPTIONS = 512;

const HNS_LIMITS = 'HNS L4WFPPROXY redirects TCP over IPv4 only';

function ipv6Issues(field: string, nets: readonly IpNet[], issues: PolicyIssue[]): void {
  for (const n of nets) {
    if (n.family === 6) issues.push({ field, message: `${formatIpNet(n)} is IPv6: ${HNS_LIMITS} (IPv6 is not supported on Windows)` });
  }
}

function filterIpv6(field: string, text: string | undefined, issues: PolicyIssue[]): void {
  for (const a of text ? text.split(',') : []) {
    if (a.includes(':')) issues.push({ field, message: `${a} is IPv6: ${HNS_LIMITS} (IPv6 is not supported on Windows)` });
  }
}

/** Problems that make a valid policy impossible to express as an HNS L4WFPPROXY policy. */
export function hnsLimitIssues(p: ProxyPolicy): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  ipv6Issues('inboundExcludeIps', p.inboundExceptions.nets, issues);
  ipv6Issues('outboundExcludeIps', p.outboundExceptions.nets, issues);
  filterIpv6('localAddresses', p.filter.localAddresses, issues);
  filterIpv6('remoteAddresses', p.filter.remoteAddresses, issues);
  const linuxOnly = (field: string, what: string) =>
    issues.push({ field, message: `${what} cannot be expressed on Windows: HNS L4WFPPROXY only takes exceptions (this option is Linux-only)` });
  if (p.inboundIncludePorts.length > 0) linuxOnly('inboundIncludePorts', 'inbound included ports');
  if (p.outboundIncludePorts.length > 0) linuxOnly('outboundIncludePorts', 'outbound included ports');
  if (p.outboundIncludeNets !== undefined) linuxOnly('outboundIncludeIps', 'outbound included addresses');
  if (!p.families.includes(4)) issues.push({ field: 'ipFamilies', message: `IPv6 alone cannot be redirected: ${HNS_LIMITS}` });
  // Excluded users are Linux UIDs, like the proxy's uid/gid: Windows knows only SIDs, so they are not
  // looked at here (ignoring an exclusion redirects more, never less).
  if (p.dnsServer !== undefined) issues.push({ field: 'dnsServer', message: `a DNS server redirect is Linux-only: ${HNS_LIMITS}` });
  if (p.dnsCapturePort !== undefined) {
    issues.push({ field: 'dnsCapturePort', message: `DNS capture is Linux-only: ${HNS_LIMITS}` });
  }
  for (const [field, ex] of [
    ['inboundExcludePorts', p.inboundExceptions],
    ['outboundExcludePorts', p.outboundExceptions],
  ] as const) {
    const count = ex.ports.reduce((n, r) => n + r.to - r.from + 1, 0);
    if (count > HNS_MAX_PORT_EXCEPTIONS) {
      issues.push({
        field,
        message: `${count} excluded ports after expanding ranges: HNS takes single ports, at most ${HNS_MAX_PORT_EXCEPTIONS} per direction`,
      });
    }
  }
  return issues;
}

/** Throws PolicyError when the policy cannot be applied by HNS. */
export function checkHnsLimits(p: ProxyPolicy): void {
  const issues = hnsLimitIssues(p);
  if (issues.length > 0) throw new PolicyError(issues);
}
