// The one OS-neutral description of "redirect this pod's traffic to its sidecar proxy".
// Backends (HNS L4WFPPROXY on Windows, nftables on Linux) render it; faces (CLI, CNI, NRI) build it.

/** An inclusive port range; a single port has `from === to`. */
export interface PortRange {
  readonly from: number;
  readonly to: number;
}

/** An IPv4 or IPv6 network in canonical text form; a host is a /32 or /128. */
export interface IpNet {
  readonly family: 4 | 6;
  /** Canonical network address (host bits are zero). */
  readonly address: string;
  readonly prefix: number;
}

/** Traffic in one direction that is not redirected to the proxy. */
export interface Exceptions {
  /** Inbound: the pod's local port; outbound: the remote (destination) port. */
  readonly ports: readonly PortRange[];
  /** Inbound: the source; outbound: the destination. */
  readonly nets: readonly IpNet[];
}

/**
 * Who the proxy runs as: its own traffic is never redirected (otherwise it would loop).
 * Windows matches the SID by prefix, so a group SID such as S-1-5-32-556 covers the proxy's user.
 */
export interface ProxyIdentity {
  readonly windowsSid?: string;
  readonly uid?: number;
  readonly gid?: number;
}

/**
 * The original tool's filter tuple (HNS FilterTuple): narrows which connections are redirected.
 * Kept as validated text because HNS takes these fields as strings.
 */
export interface FilterTuple {
  readonly localAddresses?: string;
  readonly remoteAddresses?: string;
  readonly localPorts?: string;
  readonly remotePorts?: string;
  /** WFP filter weight, 1-65535 (absent = HNS default). */
  readonly priority?: number;
}

/**
 * Whose rule semantics the Linux table reproduces: each mesh's own CNI writes a differently shaped
 * ruleset (which of the proxy's connections loop back inbound, what loopback traffic is exempt, rule
 * order), and a pod must see its own mesh's. 'generic' is our own profile's. HNS ignores it.
 */
export type RuleShape = 'generic' | 'istio' | 'linkerd' | 'kuma' | 'consul' | 'osm';

export type IpFamily = 4 | 6;

/** Outbound connections of these users are not redirected (Linux only). */
export interface UserException {
  /** An id range; a single id has `from === to`. */
  readonly uids: { readonly from: number; readonly to: number };
  /** Absent: both TCP and UDP. */
  readonly protocol?: 'tcp' | 'udp';
  /** Absent: every destination port. */
  readonly ports?: PortRange;
}

/** A DNS server whose port-53 traffic is sent to another port of the same address (Consul DNS). */
export interface DnsServer {
  readonly family: IpFamily;
  readonly address: string;
  readonly port: number;
}

/** The protocols the model knows; TCP is the only one redirected to the proxy. */
export type Protocol = 'tcp';

export interface ProxyPolicy {
  /** Port the proxy listens on for connections coming into the pod. */
  readonly inboundPort?: number;
  /** Port the proxy listens on for connections leaving the pod. */
  readonly outboundPort?: number;
  readonly protocol: Protocol;
  readonly inboundExceptions: Exceptions;
  readonly outboundExceptions: Exceptions;
  /** Linux only (HNS cannot express includes). When non-empty, only these local ports are redirected inbound. */
  readonly inboundIncludePorts: readonly PortRange[];
  /** Linux only. Destination ports always redirected outbound, whatever the destination address. */
  readonly outboundIncludePorts: readonly PortRange[];
  /**
   * Linux only. Absent: every destination is redirected (less the exceptions). Present: only these
   * destinations are (an empty list: none, besides outboundIncludePorts).
   */
  readonly outboundIncludeNets?: readonly IpNet[];
  readonly identity: ProxyIdentity;
  readonly filter: FilterTuple;
  /** Linux only: capture DNS (UDP and TCP 53) to this port. Absent = off. */
  readonly dnsCapturePort?: number;
  /** Linux only: whose rules the table follows (see RuleShape). */
  readonly shape: RuleShape;
  /** Linux only: the families redirected, ascending; traffic of the other family is left alone. */
  readonly families: readonly IpFamily[];
  /** Linux only: users (besides the proxy) whose outbound connections are not redirected. */
  readonly outboundExcludeUsers: readonly UserException[];
  /** Linux only: DNS to this server's port 53 goes to its `port` instead. */
  readonly dnsServer?: DnsServer;
}

/** Well-known SID of LocalSystem, accepted as `system` wherever a SID is asked for. */
export const LOCAL_SYSTEM_SID = 'S-1-5-18';
