// Istio's own sidecar capture rules, transcribed (not copied) from its nftables rule builder as a
// function of its configuration, and istio-cni's reading of a pod into that configuration. The
// reference the Istio differential suite compares our table against. Source: istio/istio 1.30.3
// (commit 56df41f63e513f834c9a3af33d8aed82d1d961f2; these files are unchanged on master 86c9f01f):
//   tools/istio-nftables/pkg/capture/run.go        NftablesConfigurator.Run and its helpers: the rules
//   tools/istio-nftables/pkg/builder/nftables_builder_impl.go   AppendRule, AppendV6RuleIfSupported, InsertRule
//   tools/istio-nftables/pkg/constants/constants.go table and chain names, 15053, mark 1338
//   tools/common/config/config.go, types.go        Config, DefaultConfig, FillConfigFromEnvironment, SeparateV4V6, Split
//   tools/common/tproxy/run_linux.go               ConfigureRoutes: ::6/128 on lo (and TPROXY's policy routing)
//   cni/pkg/plugin/sidecar_redirect.go             NewRedirect: annotations and the proxy container → Redirect
//   cni/pkg/plugin/sidecar_nftables_linux.go       Program: Redirect → Config, then nft.ProgramNftables
// The text is the knftables transaction Istio hands to `nft -f`, written the way Istio's own golden files
// show it (tools/istio-nftables/pkg/capture/testdata/*.golden: `add table`, `flush table`, `add chain` for
// the chains that have rules, then every rule in the order the builder appended or inserted it). It was
// checked line for line against all 28 of those golden files with run_test.go's configurations.

/** tools/common/config/config.go `Config`: the fields the nftables capture reads (strings as Istio keeps them). */
export interface IstioConfig {
  proxyPort: string;
  inboundCapturePort: string;
  inboundTunnelPort: string;
  /** Comma-separated: one rule group per id. */
  proxyUid: string;
  proxyGid: string;
  /** "REDIRECT" or "TPROXY". */
  inboundInterceptionMode: string;
  inboundTProxyMark: string;
  inboundTProxyRouteTable: string;
  /** "*", a comma list, or "" (no inbound capture). */
  inboundPortsInclude: string;
  inboundPortsExclude: string;
  ownerGroupsInclude: string;
  ownerGroupsExclude: string;
  outboundPortsInclude: string;
  outboundPortsExclude: string;
  /** "*", comma CIDRs, or "" (no outbound capture by address). */
  outboundIpRangesInclude: string;
  outboundIpRangesExclude: string;
  rerouteVirtualInterfaces: string;
  excludeInterfaces: string;
  redirectDns: boolean;
  captureAllDns: boolean;
  dropInvalid: boolean;
  /** ENABLE_INBOUND_IPV6: whether the IPv6 twins of the rules are written (and ::6 added to lo). */
  enableIpv6: boolean;
  dnsServersV4: string[];
  dnsServersV6: string[];
  hostIpv4LoopbackCidr: string;
  dryRun: boolean;
}

/** config.DefaultConfig() (config.go), with the env-registered defaults of constants.go. */
export function defaultConfig(): IstioConfig {
  return {
    proxyPort: '15001',
    inboundCapturePort: '15006',
    inboundTunnelPort: '15008',
    proxyUid: '',
    proxyGid: '',
    inboundInterceptionMode: '',
    inboundTProxyMark: '1337',
    inboundTProxyRouteTable: '133',
    inboundPortsInclude: '',
    inboundPortsExclude: '',
    ownerGroupsInclude: '*', // ISTIO_OUTBOUND_OWNER_GROUPS
    ownerGroupsExclude: '', // ISTIO_OUTBOUND_OWNER_GROUPS_EXCLUDE
    outboundPortsInclude: '',
    outboundPortsExclude: '',
    outboundIpRangesInclude: '',
    outboundIpRangesExclude: '',
    rerouteVirtualInterfaces: '',
    excludeInterfaces: '',
    redirectDns: false,
    captureAllDns: false,
    dropInvalid: false,
    enableIpv6: false,
    dnsServersV4: [],
    dnsServersV6: [],
    hostIpv4LoopbackCidr: '127.0.0.1/32', // ISTIO_OUTBOUND_IPV4_LOOPBACK_CIDR
    dryRun: false,
  };
}

// constants.go
const NAT = 'istio-proxy-nat';
const MANGLE = 'istio-proxy-mangle';
const RAW = 'istio-proxy-raw';
const PREROUTING = 'prerouting';
const OUTPUT = 'output';
const INBOUND = 'istio-inbound';
const OUTPUT_CHAIN = 'istio-output';
const OUTPUT_DNS = 'istio-output-dns';
const REDIRECT = 'istio-redirect';
const IN_REDIRECT = 'istio-in-redirect';
const DIVERT = 'istio-divert';
const TPROXY = 'istio-tproxy';
const DROP = 'istio-drop';
const OUTBOUND_MARK = '1338';
const COUNTER = 'counter';
const DNS_PORT = '15053'; // IstioAgentDNSListenerPort

/** config.Split (types.go): split on commas, empty items dropped. */
export function split(s: string): string[] {
  return s === '' ? [] : s.split(',').filter((x) => x !== '');
}

// --- netip.ParsePrefix, enough of it: the address as written (host bits kept), canonical text, IsLoopback.

interface Prefix {
  is4: boolean;
  text: string; // Prefix.String()
  loopback: boolean; // Prefix.Addr().IsLoopback()
}

function parseV4(s: string): number[] | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const out: number[] = [];
  for (const p of parts) {
    // netip rejects leading zeros and anything but decimal digits
    if (!/^(0|[1-9]\d{0,2})$/.test(p) || Number(p) > 255) return undefined;
    out.push(Number(p));
  }
  return out;
}

function parseV6(s: string): number[] | undefined {
  if (s.includes('%')) return undefined; // prefixes take no zone
  let head = s;
  let tailV4: number[] | undefined;
  const lastColon = s.lastIndexOf(':');
  if (s.slice(lastColon + 1).includes('.')) {
    tailV4 = parseV4(s.slice(lastColon + 1));
    if (!tailV4) return undefined;
    head = `${s.slice(0, lastColon + 1)}0:0`;
  }
  const halves = head.split('::');
  if (halves.length > 2) return undefined;
  const group = (g: string) => (/^[0-9a-fA-F]{1,4}$/.test(g) ? parseInt(g, 16) : undefined);
  const side = (x: string) => (x === '' ? [] : x.split(':').map(group));
  const a = side(halves[0]!);
  const b = halves.length === 2 ? side(halves[1]!) : [];
  if ([...a, ...b].some((g) => g === undefined)) return undefined;
  const fill = 8 - a.length - b.length;
  if (halves.length === 2 ? fill < 1 : fill !== 0) return undefined;
  const groups = [...(a as number[]), ...new Array<number>(halves.length === 2 ? fill : 0).fill(0), ...(b as number[])];
  if (tailV4) {
    groups[6] = tailV4[0]! * 256 + tailV4[1]!;
    groups[7] = tailV4[2]! * 256 + tailV4[3]!;
  }
  return groups;
}

/** netip.Addr.String() for IPv6 (RFC 5952; IPv4-mapped as ::ffff:a.b.c.d). */
function formatV6(g: number[]): string {
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) {
    return `::ffff:${g[6]! >> 8}.${g[6]! & 255}.${g[7]! >> 8}.${g[7]! & 255}`;
  }
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (xs: number[]) => xs.map((x) => x.toString(16)).join(':');
  return best < 0 ? hex(g) : `${hex(g.slice(0, best))}::${hex(g.slice(best + bestLen))}`;
}

/** netip.ParsePrefix: "ADDR/BITS" (the address is kept as written, host bits and all). Throws like Go returns an error. */
export function parsePrefix(s: string): Prefix {
  const slash = s.lastIndexOf('/');
  if (slash < 0) throw new Error(`netip.ParsePrefix(${JSON.stringify(s)}): no '/'`);
  const addr = s.slice(0, slash);
  const bitsText = s.slice(slash + 1);
  if (!/^(0|[1-9]\d*)$/.test(bitsText)) throw new Error(`netip.ParsePrefix(${JSON.stringify(s)}): bad bits after slash`);
  const bits = Number(bitsText);
  const v4 = addr.includes(':') ? undefined : parseV4(addr);
  if (v4) {
    if (bits > 32) throw new Error(`netip.ParsePrefix(${JSON.stringify(s)}): prefix length out of range`);
    return { is4: true, text: `${v4.join('.')}/${bits}`, loopback: v4[0] === 127 };
  }
  const v6 = addr.includes(':') ? parseV6(addr) : undefined;
  if (!v6) throw new Error(`netip.ParsePrefix(${JSON.stringify(s)}): ParseAddr: unable to parse IP`);
  if (bits > 128) throw new Error(`netip.ParsePrefix(${JSON.stringify(s)}): prefix length out of range`);
  const loopback = v6.slice(0, 7).every((x) => x === 0) && v6[7] === 1;
  return { is4: false, text: `${formatV6(v6)}/${bits}`, loopback };
}

interface NetworkRange {
  isWildcard: boolean;
  cidrs: string[];
  hasLoopBackIp: boolean;
}

/** config.SeparateV4V6 (config.go). */
export function separateV4V6(list: string): [NetworkRange, NetworkRange] {
  if (list === '*')
    return [
      { isWildcard: true, cidrs: [], hasLoopBackIp: false },
      { isWildcard: true, cidrs: [], hasLoopBackIp: false },
    ];
  const v4: NetworkRange = { isWildcard: false, cidrs: [], hasLoopBackIp: false };
  const v6: NetworkRange = { isWildcard: false, cidrs: [], hasLoopBackIp: false };
  for (const item of split(list)) {
    const p = parsePrefix(item);
    const r = p.is4 ? v4 : v6;
    r.cidrs.push(p.text);
    if (p.loopback) r.hasLoopBackIp = true;
  }
  return [v4, v6];
}

// --- the builder (nftables_builder_impl.go)

interface Rule {
  table: string;
  chain: string;
  rule: string;
  index?: number;
}

class Builder {
  readonly rules: Rule[] = [];
  private readonly enableIpv6: boolean;
  constructor(enableIpv6: boolean) {
    this.enableIpv6 = enableIpv6;
  }
  /** AppendRule: knftables.Concat joins the parameters with spaces. */
  append(chain: string, table: string, ...params: string[]): void {
    this.rules.push({ table, chain, rule: params.join(' ') });
  }
  /** AppendV6RuleIfSupported: only with EnableIPv6. */
  appendV6(chain: string, table: string, ...params: string[]): void {
    if (this.enableIpv6) this.append(chain, table, ...params);
  }
  insert(chain: string, table: string, index: number, ...params: string[]): void {
    this.rules.push({ table, chain, rule: params.join(' '), index });
  }
  insertV6(chain: string, table: string, index: number, ...params: string[]): void {
    if (this.enableIpv6) this.insert(chain, table, index, ...params);
  }
}

/** The transaction of Run() → executeCommands(): `nft -f` text. Throws where Run returns an error. */
export function istioNftRules(cfg: IstioConfig): string {
  const b = new Builder(cfg.enableIpv6);

  // Run(): the ranges first (an unparsable one is an error, as is "*" excluded).
  const [v4Exclude, v6Exclude] = separateV4V6(cfg.outboundIpRangesExclude);
  if (v4Exclude.isWildcard) throw new Error('invalid value for OUTBOUND_IP_RANGES_EXCLUDE');
  const [v4Include, v6Include] = separateV4V6(cfg.outboundIpRangesInclude);

  let redirectDns = cfg.redirectDns;
  if (redirectDns && !cfg.captureAllDns && cfg.dnsServersV4.length === 0 && cfg.dnsServersV6.length === 0) redirectDns = false;

  // shortCircuitExcludeInterfaces()
  for (const i of split(cfg.excludeInterfaces)) {
    b.append(PREROUTING, NAT, 'iifname', i, COUNTER, 'return');
    b.append(OUTPUT, NAT, 'oifname', i, COUNTER, 'return');
  }
  if (cfg.inboundInterceptionMode === 'TPROXY') {
    for (const i of split(cfg.excludeInterfaces)) {
      b.append(PREROUTING, MANGLE, 'iifname', i, COUNTER, 'return');
      b.append(OUTPUT, MANGLE, 'oifname', i, COUNTER, 'return');
    }
  }
  // shortCircuitKubeInternalInterface()
  for (const i of split(cfg.rerouteVirtualInterfaces)) b.insert(PREROUTING, NAT, 0, 'iifname', i, COUNTER, 'return');

  if (cfg.dropInvalid) {
    b.append(PREROUTING, MANGLE, 'meta l4proto tcp', 'ct state', 'invalid', COUNTER, 'jump', DROP);
    b.append(DROP, MANGLE, COUNTER, 'drop');
  }

  // HBONE: the tunnel port is never captured inbound.
  b.append(INBOUND, NAT, 'meta l4proto tcp', 'tcp dport', cfg.inboundTunnelPort, COUNTER, 'return');
  b.append(REDIRECT, NAT, 'meta l4proto tcp', COUNTER, 'redirect to', `:${cfg.proxyPort}`);
  b.append(IN_REDIRECT, NAT, 'meta l4proto tcp', COUNTER, 'redirect to', `:${cfg.inboundCapturePort}`);

  handleInboundPortsInclude(cfg, b);

  b.append(OUTPUT, NAT, COUNTER, 'jump', OUTPUT_CHAIN);

  // Excluded outbound ports: before the proxy's connections back to the pod are redirected.
  for (const port of split(cfg.outboundPortsExclude)) {
    b.append(OUTPUT_CHAIN, NAT, 'tcp dport', port, COUNTER, 'return');
    b.append(OUTPUT_CHAIN, NAT, 'udp dport', port, COUNTER, 'return');
  }

  // Envoy's inbound passthrough binds 127.0.0.6 / ::6.
  b.append(OUTPUT_CHAIN, NAT, 'oifname', 'lo', 'ip saddr', '127.0.0.6/32', COUNTER, 'return');
  b.appendV6(OUTPUT_CHAIN, NAT, 'oifname', 'lo', 'ip6 saddr', '::6/128', COUNTER, 'return');

  const loopbackIncluded = v4Include.hasLoopBackIp || v6Include.hasLoopBackIp;
  for (const uid of split(cfg.proxyUid)) {
    // The proxy calling the pod (its own IP, or a loopback address but 127.0.0.1): to the inbound port.
    const ports = redirectDns ? `{ 53, ${cfg.inboundTunnelPort} }` : cfg.inboundTunnelPort;
    b.append(
      OUTPUT_CHAIN,
      NAT,
      'oifname',
      'lo',
      'meta l4proto tcp',
      'ip daddr',
      '!=',
      cfg.hostIpv4LoopbackCidr,
      'tcp dport',
      '!=',
      ports,
      'skuid',
      uid,
      COUNTER,
      'jump',
      IN_REDIRECT,
    );
    b.appendV6(
      OUTPUT_CHAIN,
      NAT,
      'oifname',
      'lo',
      'meta l4proto tcp',
      'ip6 daddr',
      '!=',
      '::1/128',
      'tcp dport',
      '!=',
      ports,
      'skuid',
      uid,
      COUNTER,
      'jump',
      IN_REDIRECT,
    );
    // Everyone else on lo: not redirected (unless a loopback range is included).
    if (!loopbackIncluded) {
      if (redirectDns) b.append(OUTPUT_CHAIN, NAT, 'oifname', 'lo', 'meta l4proto tcp', 'tcp dport', '!=', '53', 'skuid', '!=', uid, COUNTER, 'return');
      else b.append(OUTPUT_CHAIN, NAT, 'oifname', 'lo', 'skuid', '!=', uid, COUNTER, 'return');
    }
    b.append(OUTPUT_CHAIN, NAT, 'skuid', uid, COUNTER, 'return');
  }
  for (const gid of split(cfg.proxyGid)) {
    // Unlike the uid rule, no port 53 carve-out here even with DNS capture.
    b.append(
      OUTPUT_CHAIN,
      NAT,
      'oifname',
      'lo',
      'meta l4proto tcp',
      'ip daddr',
      '!=',
      cfg.hostIpv4LoopbackCidr,
      'tcp dport',
      '!=',
      cfg.inboundTunnelPort,
      'skgid',
      gid,
      COUNTER,
      'jump',
      IN_REDIRECT,
    );
    b.appendV6(
      OUTPUT_CHAIN,
      NAT,
      'oifname',
      'lo',
      'meta l4proto tcp',
      'ip6 daddr',
      '!=',
      '::1/128',
      'tcp dport',
      '!=',
      cfg.inboundTunnelPort,
      'skgid',
      gid,
      COUNTER,
      'jump',
      IN_REDIRECT,
    );
    if (!loopbackIncluded) {
      if (redirectDns) b.append(OUTPUT_CHAIN, NAT, 'oifname', 'lo', 'meta l4proto tcp', 'tcp dport', '!=', '53', 'skgid', '!=', gid, COUNTER, 'return');
      else b.append(OUTPUT_CHAIN, NAT, 'oifname', 'lo', 'skgid', '!=', gid, COUNTER, 'return');
    }
    b.append(OUTPUT_CHAIN, NAT, 'skgid', gid, COUNTER, 'return');
  }

  // handleCaptureByOwnerGroup(ParseInterceptFilter(include, exclude))
  if (cfg.ownerGroupsInclude === '*') {
    for (const g of split(cfg.ownerGroupsExclude)) b.append(OUTPUT_CHAIN, NAT, 'skgid', g, COUNTER, 'return');
  } else {
    b.append(OUTPUT_CHAIN, NAT, ...split(cfg.ownerGroupsInclude).flatMap((g) => ['skgid', '!=', g]), COUNTER, 'return');
  }

  if (redirectDns) setupDnsRedir(cfg, b);

  // Envoy-aware apps and container-to-container traffic use localhost.
  b.append(OUTPUT_CHAIN, NAT, 'ip daddr', cfg.hostIpv4LoopbackCidr, COUNTER, 'return');
  b.appendV6(OUTPUT_CHAIN, NAT, 'ip6 daddr', '::1/128', COUNTER, 'return');

  for (const c of v4Exclude.cidrs) b.append(OUTPUT_CHAIN, NAT, 'ip daddr', c, COUNTER, 'return');
  for (const c of v6Exclude.cidrs) b.appendV6(OUTPUT_CHAIN, NAT, 'ip6 daddr', c, COUNTER, 'return');

  // handleOutboundPortsInclude()
  for (const port of split(cfg.outboundPortsInclude)) b.append(OUTPUT_CHAIN, NAT, 'tcp dport', port, COUNTER, 'jump', REDIRECT);

  // handleOutboundIncludeRules()
  if (v4Include.isWildcard || v6Include.isWildcard) {
    b.append(OUTPUT_CHAIN, NAT, COUNTER, 'jump', REDIRECT);
    for (const i of split(cfg.rerouteVirtualInterfaces)) b.insert(PREROUTING, NAT, 0, 'iifname', i, COUNTER, 'jump', REDIRECT);
  } else if (v4Include.cidrs.length > 0 || v6Include.cidrs.length > 0) {
    for (const c of v4Include.cidrs) {
      for (const i of split(cfg.rerouteVirtualInterfaces)) b.insert(PREROUTING, NAT, 0, 'iifname', i, 'ip daddr', c, COUNTER, 'jump', REDIRECT);
      b.append(OUTPUT_CHAIN, NAT, 'ip daddr', c, COUNTER, 'jump', REDIRECT);
    }
    for (const c of v6Include.cidrs) {
      for (const i of split(cfg.rerouteVirtualInterfaces)) b.insertV6(PREROUTING, NAT, 0, 'iifname', i, 'ip6 daddr', c, COUNTER, 'jump', REDIRECT);
      b.appendV6(OUTPUT_CHAIN, NAT, 'ip6 daddr', c, COUNTER, 'jump', REDIRECT);
    }
  }

  if (cfg.inboundInterceptionMode === 'TPROXY') tproxyMarks(cfg, b);

  return [natTable(b.rules), mangleTable(b.rules), rawTable(b.rules)].join('');
}

/** handleInboundPortsInclude() (REDIRECT) and handleInboundTProxyMode() (TPROXY). */
function handleInboundPortsInclude(cfg: IstioConfig, b: Builder): void {
  if (cfg.inboundPortsInclude === '') return; // no inbound capture at all: no prerouting jump
  if (cfg.inboundInterceptionMode === 'TPROXY') {
    b.append(DIVERT, MANGLE, COUNTER, 'meta mark set', cfg.inboundTProxyMark);
    b.append(DIVERT, MANGLE, COUNTER, 'accept');
    b.append(
      TPROXY,
      MANGLE,
      'meta l4proto tcp',
      'ip daddr',
      '!=',
      cfg.hostIpv4LoopbackCidr,
      'tproxy ip to',
      `:${cfg.inboundCapturePort}`,
      'meta mark set',
      cfg.inboundTProxyMark,
      COUNTER,
      'accept',
    );
    b.appendV6(
      TPROXY,
      MANGLE,
      'meta l4proto tcp',
      'ip6 daddr',
      '!=',
      '::1/128',
      'tproxy ip6 to',
      `:${cfg.inboundCapturePort}`,
      'meta mark set',
      cfg.inboundTProxyMark,
      COUNTER,
      'accept',
    );
    b.append(PREROUTING, MANGLE, 'meta l4proto tcp', COUNTER, 'jump', INBOUND);
    if (cfg.inboundPortsInclude === '*') {
      for (const port of split(cfg.inboundPortsExclude)) b.append(INBOUND, MANGLE, 'meta l4proto tcp', 'tcp dport', port, COUNTER, 'return');
      b.append(INBOUND, MANGLE, 'meta l4proto tcp', 'ct state', 'related,established', COUNTER, 'jump', DIVERT);
      b.append(INBOUND, MANGLE, 'meta l4proto tcp', COUNTER, 'jump', TPROXY);
    } else {
      for (const port of split(cfg.inboundPortsInclude)) {
        b.append(INBOUND, MANGLE, 'meta l4proto tcp', 'ct state', 'related,established', 'tcp dport', port, COUNTER, 'jump', DIVERT);
        b.append(INBOUND, MANGLE, 'meta l4proto tcp', 'tcp dport', port, COUNTER, 'jump', TPROXY);
      }
    }
    return;
  }
  b.append(PREROUTING, NAT, 'meta l4proto tcp', COUNTER, 'jump', INBOUND);
  if (cfg.inboundPortsInclude === '*') {
    // Exclusions apply only with "*": a list of included ports is captured whatever the exclusions say.
    for (const port of split(cfg.inboundPortsExclude)) b.append(INBOUND, NAT, 'meta l4proto tcp', 'tcp dport', port, COUNTER, 'return');
    b.append(INBOUND, NAT, 'meta l4proto tcp', COUNTER, 'jump', IN_REDIRECT);
  } else {
    for (const port of split(cfg.inboundPortsInclude)) b.append(INBOUND, NAT, 'meta l4proto tcp', 'tcp dport', port, COUNTER, 'jump', IN_REDIRECT);
  }
}

/** SetupDNSRedir() and addDNSConntrackZones(). */
function setupDnsRedir(cfg: IstioConfig, b: Builder): void {
  const all = cfg.captureAllDns;
  b.append(OUTPUT, RAW, COUNTER, 'jump', OUTPUT_DNS);
  if (all || cfg.dnsServersV4.length > 0 || cfg.dnsServersV6.length > 0) b.append(OUTPUT_CHAIN, NAT, COUNTER, 'jump', OUTPUT_DNS);
  for (const l4 of ['tcp', 'udp'] as const) {
    if (all) {
      if (l4 === 'tcp') b.append(OUTPUT_DNS, NAT, 'meta l4proto tcp', 'tcp dport', '53', COUNTER, 'redirect', 'to', `:${DNS_PORT}`);
      else b.append(OUTPUT_DNS, NAT, 'udp dport', '53', COUNTER, 'redirect', 'to', `:${DNS_PORT}`);
    } else {
      for (const s of cfg.dnsServersV4) b.append(OUTPUT_DNS, NAT, 'ip daddr', `${s}/32`, `${l4} dport`, '53', COUNTER, 'redirect', 'to', `:${DNS_PORT}`);
      for (const s of cfg.dnsServersV6) b.appendV6(OUTPUT_DNS, NAT, 'ip6 daddr', `${s}/128`, `${l4} dport`, '53', COUNTER, 'redirect', 'to', `:${DNS_PORT}`);
    }
  }
  // Conntrack zones: the proxy's upstream DNS (zone 1) apart from the app's DNS to the proxy (zone 2).
  for (const uid of split(cfg.proxyUid)) {
    b.append(OUTPUT_DNS, RAW, 'udp dport', '53', 'meta', 'skuid', uid, COUNTER, 'ct', 'zone', 'set', '1');
    b.append(OUTPUT_DNS, RAW, 'udp sport', DNS_PORT, 'meta', 'skuid', uid, COUNTER, 'ct', 'zone', 'set', '2');
  }
  for (const gid of split(cfg.proxyGid)) {
    b.append(OUTPUT_DNS, RAW, 'udp dport', '53', 'meta', 'skgid', gid, COUNTER, 'ct', 'zone', 'set', '1');
    b.append(OUTPUT_DNS, RAW, 'udp sport', DNS_PORT, 'meta', 'skgid', gid, COUNTER, 'ct', 'zone', 'set', '2');
  }
  if (all) {
    b.append(PREROUTING, RAW, COUNTER, 'jump', INBOUND);
    b.append(OUTPUT_DNS, RAW, 'udp dport', '53', COUNTER, 'ct', 'zone', 'set', '2');
    b.append(INBOUND, RAW, 'udp sport', '53', COUNTER, 'ct', 'zone', 'set', '1');
  } else {
    if (cfg.dnsServersV4.length > 0 || cfg.dnsServersV6.length > 0) b.append(PREROUTING, RAW, COUNTER, 'jump', INBOUND);
    for (const s of cfg.dnsServersV4) {
      b.append(OUTPUT_DNS, RAW, 'udp dport', '53', 'ip daddr', `${s}/32`, COUNTER, 'ct', 'zone', 'set', '2');
      b.append(INBOUND, RAW, 'udp sport', '53', 'ip saddr', `${s}/32`, COUNTER, 'ct', 'zone', 'set', '1');
    }
    for (const s of cfg.dnsServersV6) {
      b.appendV6(OUTPUT_DNS, RAW, 'udp dport', '53', 'ip6 daddr', `${s}/128`, COUNTER, 'ct', 'zone', 'set', '2');
      b.appendV6(INBOUND, RAW, 'udp sport', '53', 'ip6 saddr', `${s}/128`, COUNTER, 'ct', 'zone', 'set', '1');
    }
  }
}

/** The end of Run() in TPROXY mode: the mangle table's marks. */
function tproxyMarks(cfg: IstioConfig, b: Builder): void {
  const mark = cfg.inboundTProxyMark;
  b.append(PREROUTING, MANGLE, 'meta l4proto tcp', 'mark', mark, COUNTER, 'ct mark set mark');
  b.append(OUTPUT, MANGLE, 'oifname', 'lo', 'meta l4proto tcp', 'mark', mark, COUNTER, 'return');
  for (const [key, ids] of [
    ['skuid', cfg.proxyUid],
    ['skgid', cfg.proxyGid],
  ] as const) {
    for (const id of split(ids)) {
      b.append(
        OUTPUT,
        MANGLE,
        'oifname',
        'lo',
        'meta l4proto tcp',
        'ip daddr',
        '!=',
        cfg.hostIpv4LoopbackCidr,
        key,
        id,
        COUNTER,
        'meta mark set',
        OUTBOUND_MARK,
      );
      b.appendV6(OUTPUT, MANGLE, 'oifname', 'lo', 'meta l4proto tcp', 'ip6 daddr', '!=', '::1/128', key, id, COUNTER, 'meta mark set', OUTBOUND_MARK);
    }
  }
  b.append(OUTPUT, MANGLE, 'meta l4proto tcp', 'ct', 'mark', mark, COUNTER, 'meta mark set', 'ct', 'mark');
  b.insert(INBOUND, MANGLE, 0, 'meta l4proto tcp', 'mark', mark, COUNTER, 'return');
  b.insert(INBOUND, MANGLE, 1, 'iifname', 'lo', 'meta l4proto tcp', 'ip saddr', '127.0.0.6/32', COUNTER, 'return');
  b.insertV6(INBOUND, MANGLE, 1, 'iifname', 'lo', 'meta l4proto tcp', 'ip6 saddr', '::6/128', COUNTER, 'return');
  b.insert(INBOUND, MANGLE, 2, 'iifname', 'lo', 'meta l4proto tcp', 'mark', '!=', OUTBOUND_MARK, COUNTER, 'return');
}

interface ChainDef {
  name: string;
  base?: string;
}

/** addIstioTableRules(): only chains with rules; no table at all without rules; an insert past the end appends. */
function tableText(table: string, chains: ChainDef[], all: Rule[]): string {
  const rules = all.filter((r) => r.table === table);
  const withRules = chains.filter((c) => rules.some((r) => r.chain === c.name));
  if (withRules.length === 0) return '';
  const lines = [`add table inet ${table}`, `flush table inet ${table}`];
  for (const c of withRules) lines.push(`add chain inet ${table} ${c.name}${c.base ? ` { ${c.base} ; }` : ''}`);
  const count = new Map<string, number>();
  for (const r of rules) {
    const n = count.get(r.chain) ?? 0;
    const insert = r.index !== undefined && n > 0 && r.index < n;
    lines.push(insert ? `insert rule inet ${table} ${r.chain} index ${r.index} ${r.rule}` : `add rule inet ${table} ${r.chain} ${r.rule}`);
    count.set(r.chain, n + 1);
  }
  return `${lines.join('\n')}\n`;
}

// The base chains' priorities as knftables writes them: dstnat = -100, mangle = -150, raw = -300.
function natTable(rules: Rule[]): string {
  return tableText(
    NAT,
    [
      { name: PREROUTING, base: 'type nat hook prerouting priority -100' },
      { name: OUTPUT, base: 'type nat hook output priority -100' },
      { name: INBOUND },
      { name: REDIRECT },
      { name: IN_REDIRECT },
      { name: OUTPUT_CHAIN },
      { name: OUTPUT_DNS },
    ],
    rules,
  );
}

function mangleTable(rules: Rule[]): string {
  return tableText(
    MANGLE,
    [
      { name: PREROUTING, base: 'type filter hook prerouting priority -150' },
      { name: OUTPUT, base: 'type route hook output priority -150' },
      { name: DIVERT },
      { name: TPROXY },
      { name: INBOUND },
      { name: DROP },
    ],
    rules,
  );
}

function rawTable(rules: Rule[]): string {
  return tableText(
    RAW,
    [
      { name: PREROUTING, base: 'type filter hook prerouting priority -300' },
      { name: OUTPUT, base: 'type filter hook output priority -300' },
      { name: INBOUND },
      { name: OUTPUT_DNS },
    ],
    rules,
  );
}

/** ConfigureRoutes() (tools/common/tproxy/run_linux.go): the addresses istio-cni adds to the pod's lo. */
export function istioLoopbackAddrs(cfg: IstioConfig): string[] {
  return cfg.enableIpv6 && !cfg.dryRun ? ['::6/128'] : [];
}

// --- istio-cni: a pod into that configuration

/** What istio-cni reads of the pod besides annotations (cni/pkg/plugin/kubernetes.go ExtractPodInfo). */
export interface IstioPod {
  annotations: Readonly<Record<string, string>>;
  /** The istio-proxy container's securityContext.runAsUser / runAsGroup. */
  runAsUser?: number;
  runAsGroup?: number;
  /** The istio-proxy container's env (ISTIO_META_DNS_CAPTURE, ISTIO_DUAL_STACK, INVALID_DROP). */
  proxyEnv?: Readonly<Record<string, string>>;
  /**
   * The pod's addresses as getLocalIP sees them (config.go): the first non-loopback address, IPv4 before
   * IPv6 (netlink dumps AF_INET first); with ISTIO_DUAL_STACK it goes on to an IPv6 one.
   */
  addresses: 'ipv4' | 'ipv6' | 'dual';
}

/** strconv.ParseBool; undefined where Go returns an error (istio-cni logs a warning and keeps false). */
function parseBool(v: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false;
  return undefined;
}

/** sidecar_redirect.go parsePort: strconv.ParseUint(TrimSpace(p), 10, 16). */
function validPort(p: string): boolean {
  const t = p.trim();
  return /^\d+$/.test(t) && Number(t) <= 65535;
}

/** validatePortList / validatePortListWithWildcard: TrimSpace the value, then split on commas; "" is no port. */
function validatePorts(v: string, wildcard: boolean): void {
  if (wildcard && v === '*') return;
  const t = v.trim();
  if (t.length > 0 && !t.split(',').every(validPort)) throw new Error(`annotation value error: portList ${JSON.stringify(v)} invalid`);
}

/** validateCIDRList / validateCIDRListWithWildcard: split on commas, each netip.ParsePrefix (no trimming). */
function validateCidrs(v: string, wildcard: boolean): void {
  if (wildcard && v === '*') return;
  if (v.length > 0) for (const c of v.split(',')) parsePrefix(c);
}

/** netutil.ValidateInterfaceNames (pkg/util/net/ip.go). */
function validateInterfaces(v: string): void {
  if (v.length === 0) return;
  for (const raw of v.split(',')) {
    const i = raw.trim();
    if (i.length === 0 || i.length > 15 || !/^[a-zA-Z][a-zA-Z0-9_.-]*$/.test(i)) throw new Error(`annotation value error: interface name ${JSON.stringify(i)}`);
  }
}

const ANNOTATIONS = {
  mode: 'sidecar.istio.io/interceptionMode',
  includeIps: 'traffic.sidecar.istio.io/includeOutboundIPRanges',
  excludeIps: 'traffic.sidecar.istio.io/excludeOutboundIPRanges',
  includeInPorts: 'traffic.sidecar.istio.io/includeInboundPorts',
  excludeInPorts: 'traffic.sidecar.istio.io/excludeInboundPorts',
  includeOutPorts: 'traffic.sidecar.istio.io/includeOutboundPorts',
  excludeOutPorts: 'traffic.sidecar.istio.io/excludeOutboundPorts',
  excludeInterfaces: 'traffic.sidecar.istio.io/excludeInterfaces',
  reroute: 'istio.io/reroute-virtual-interfaces',
  kubevirt: 'traffic.sidecar.istio.io/kubevirtInterfaces',
} as const;

/**
 * NewRedirect (sidecar_redirect.go) then Program (sidecar_nftables_linux.go) and FillConfigFromEnvironment
 * (config.go): the configuration istio-cni runs the capture with. Throws where the CNI ADD fails.
 */
export function istioCniConfig(pod: IstioPod): IstioConfig {
  const a = pod.annotations;
  const get = (key: string, def: string, validate: (v: string) => void): string => {
    if (!Object.hasOwn(a, key)) return def;
    validate(a[key]!);
    return a[key]!;
  };
  const mode = get(ANNOTATIONS.mode, 'REDIRECT', (v) => {
    if (v !== 'REDIRECT' && v !== 'TPROXY') throw new Error(`annotation value error: interceptionMode invalid: ${v}`);
  });
  const includeIps = get(ANNOTATIONS.includeIps, '*', (v) => validateCidrs(v, true));
  const excludeIps = get(ANNOTATIONS.excludeIps, '', (v) => validateCidrs(v, false));
  let excludeInPorts = get(ANNOTATIONS.excludeInPorts, '15020', (v) => validatePorts(v, true));
  const includeInPorts = get(ANNOTATIONS.includeInPorts, '*', (v) => validatePorts(v, true));
  const excludeOutPorts = get(ANNOTATIONS.excludeOutPorts, '15020', (v) => validatePorts(v, true));
  const includeOutPorts = get(ANNOTATIONS.includeOutPorts, '', (v) => validatePorts(v, true));
  // "Add 15090 to sync with non-cni injection template": 15020,15021,15090 always appended, deduplicated.
  excludeInPorts = excludeInPorts.trim();
  if (excludeInPorts.length > 0 && !excludeInPorts.endsWith(',')) excludeInPorts += ',';
  excludeInPorts = [...new Set(`${excludeInPorts}15020,15021,15090`.split(','))].join(',');
  const excludeInterfaces = get(ANNOTATIONS.excludeInterfaces, '', validateInterfaces);
  const reroute = Object.hasOwn(a, ANNOTATIONS.reroute) ? get(ANNOTATIONS.reroute, '', validateInterfaces) : get(ANNOTATIONS.kubevirt, '', validateInterfaces);
  const env = pod.proxyEnv ?? {};
  const flag = (name: string) => (Object.hasOwn(env, name) ? (parseBool(env[name]!) ?? false) : false);
  const dns = flag('ISTIO_META_DNS_CAPTURE');
  const dualStack = flag('ISTIO_DUAL_STACK');

  const cfg = defaultConfig();
  cfg.proxyUid = pod.runAsUser ? String(pod.runAsUser) : '1337';
  cfg.proxyGid = pod.runAsGroup ? String(pod.runAsGroup) : '1337';
  cfg.inboundInterceptionMode = mode;
  cfg.outboundIpRangesInclude = includeIps;
  cfg.inboundPortsExclude = excludeInPorts;
  cfg.inboundPortsInclude = includeInPorts;
  cfg.excludeInterfaces = excludeInterfaces;
  cfg.outboundPortsExclude = excludeOutPorts;
  cfg.outboundPortsInclude = includeOutPorts;
  cfg.outboundIpRangesExclude = excludeIps;
  cfg.rerouteVirtualInterfaces = reroute;
  cfg.redirectDns = dns;
  cfg.captureAllDns = dns;
  cfg.dropInvalid = flag('INVALID_DROP');
  // getLocalIP(dualStack): IPv6 rules when the first pod address is IPv6, or (dual stack) an IPv6 one follows.
  cfg.enableIpv6 = pod.addresses === 'ipv6' || (pod.addresses === 'dual' && dualStack);
  return cfg;
}
