// What a valid policy needs before it can be expressed as nftables rules in a pod's network namespace.
import { PolicyError, type PolicyIssue, type ProxyPolicy } from '../policy/index.js';

/**
 * Problems that make a valid policy impossible (or unsafe) to apply with nftables. The Windows SID is
 * irrelevant here, and so is the filter priority (a WFP weight with no nftables meaning).
 */
export function nftLimitIssues(p: ProxyPolicy): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  const hasIdentity = p.identity.uid !== undefined || p.identity.gid !== undefined;
  if ((p.outboundPort !== undefined || p.dnsCapturePort !== undefined) && !hasIdentity) {
    issues.push({
      field: 'proxyUid',
      message: "the proxy's UID or GID is required on Linux: without it the proxy's own connections would be redirected back to it",
    });
  }
  // The original tool's filter tuple narrows what HNS redirects. Ignoring it would redirect traffic
  // the user meant to leave alone, so it is refused; the include/exclude options say the same on Linux.
  const windowsOnly = [
    ['localAddresses', 'local address filter'],
    ['remoteAddresses', 'remote address filter'],
    ['localPorts', 'local ports filter'],
    ['remotePorts', 'remote ports filter'],
  ] as const;
  for (const [field, what] of windowsOnly) {
    if (p.filter[field] !== undefined) {
      issues.push({ field, message: `the ${what} is Windows-only (HNS filter tuple): on Linux use the include/exclude ports and addresses` });
    }
  }
  return issues;
}

/** Throws PolicyError when the policy cannot be applied with nftables. */
export function checkNftLimits(p: ProxyPolicy): void {
  const issues = nftLimitIssues(p);
  if (issues.length > 0) throw new PolicyError(issues);
}
