// What a face hands to buildPolicy(): loosely typed values as they arrive from CLI flags,
// conflist JSON or annotations. Lists may be arrays or comma/space-separated strings.

export type ListInput = string | readonly (string | number)[];
export type ScalarInput = string | number;

export interface PolicyInput {
  /** A port, or "none": that direction is not redirected (even when `port` is given). */
  inboundPort?: ScalarInput;
  outboundPort?: ScalarInput;
  /** The original tool's single proxy port (HNS's older `Port`): both directions' port, unless they have their own. */
  port?: ScalarInput;
  /** "tcp" or "6". */
  protocol?: ScalarInput;
  /** Excluded in both directions. */
  excludePorts?: ListInput;
  excludeIps?: ListInput;
  inboundExcludePorts?: ListInput;
  inboundExcludeIps?: ListInput;
  outboundExcludePorts?: ListInput;
  outboundExcludeIps?: ListInput;
  inboundIncludePorts?: ListInput;
  outboundIncludePorts?: ListInput;
  /** "*" or absent: every destination; a list (possibly empty): only those. */
  outboundIncludeIps?: ListInput;
  /** Windows SID of the proxy (or "system"). */
  proxySid?: string;
  proxyUid?: ScalarInput;
  proxyGid?: ScalarInput;
  localAddresses?: ListInput;
  remoteAddresses?: ListInput;
  localPorts?: ListInput;
  remotePorts?: ListInput;
  priority?: ScalarInput;
  dnsCapturePort?: ScalarInput;
  /** "ipv4", "ipv6" or "dual" (default): the address families redirected (Linux only). */
  ipFamilies?: ScalarInput;
  /**
   * Users whose outbound connections are not redirected (Linux only): items `UID` or `A-B`, optionally
   * `/tcp` or `/udp` (default both) and `:PORT` or `:A-B` (default every port), e.g. `5996`, `1000-1005/tcp:22`.
   */
  outboundExcludeUids?: ListInput;
  /** `ADDRESS:PORT` (`[v6]:PORT`): DNS queries to ADDRESS port 53 go to this port of it instead (Consul DNS; Linux only). */
  dnsServer?: ScalarInput;
}

/** Human names of the input fields, used in messages. */
export const FIELD_NAMES: Readonly<Record<keyof PolicyInput, string>> = {
  inboundPort: 'inbound proxy port',
  outboundPort: 'outbound proxy port',
  port: 'proxy port',
  protocol: 'protocol',
  excludePorts: 'excluded port',
  excludeIps: 'excluded address',
  inboundExcludePorts: 'inbound excluded port',
  inboundExcludeIps: 'inbound excluded address',
  outboundExcludePorts: 'outbound excluded port',
  outboundExcludeIps: 'outbound excluded address',
  inboundIncludePorts: 'inbound included port',
  outboundIncludePorts: 'outbound included port',
  outboundIncludeIps: 'outbound included address',
  proxySid: 'proxy user SID',
  proxyUid: 'proxy UID',
  proxyGid: 'proxy GID',
  localAddresses: 'local address',
  remoteAddresses: 'remote address',
  localPorts: 'local ports',
  remotePorts: 'remote ports',
  priority: 'priority',
  dnsCapturePort: 'DNS capture port',
  ipFamilies: 'IP families',
  outboundExcludeUids: 'outbound excluded user',
  dnsServer: 'DNS server',
};
