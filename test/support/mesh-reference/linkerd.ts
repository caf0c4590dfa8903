// The reference for the Linkerd differential suite: linkerd-cni's own rule builder, transcribed from
// linkerd/linkerd2-proxy-init at cni-plugin/v1.6.8 (c05c9c92), with the linkerd2-cni chart's conflist
// (linkerd/linkerd2 charts/linkerd2-cni values.yaml + templates/cni-plugin.yaml). Facts, not our code:
//   cni-plugin/main.go         cmdAdd: the conflist's `linkerd` section, then the pod's annotations
//                               (getAnnotationOverride: a non-empty pod value, else the namespace's)
//   proxy-init/cmd/root.go     BuildFirewallConfiguration: subnets validated with net.ParseCIDR
//   pkg/iptables/iptables.go   ConfigureFirewall → addIncomingTrafficRules, addOutgoingTrafficRules
//   pkg/util/portrange.go      ParsePortRange: `P` or `LO-HI`, strconv.Atoi, 0-65535
// linkerd-cni runs one `iptables -t nat …` command per rule; here the same rules, in the same order, are
// one iptables-restore text per family (the lab loads it into a fresh namespace, where linkerd-cni would
// create the chains: `-N`, then `-A` each rule).

/** linkerd-cni's ProxyInit (cni-plugin/main.go), as cmdAdd has filled RootOptions from it and the pod. */
export interface LinkerdCniConfig {
  incomingProxyPort: number;
  outgoingProxyPort: number;
  proxyUid: number;
  /** -1: none (the chart omits `proxy-gid` when < 0; ProxyGID then stays 0, which writes no rule either). */
  proxyGid: number;
  portsToRedirect: number[];
  inboundPortsToIgnore: string[];
  outboundPortsToIgnore: string[];
  subnetsToIgnore: string[];
  ipv6: boolean;
}

/** The conflist section the linkerd2-cni chart writes with its default values. */
export const CHART_CONFLIST: LinkerdCniConfig = {
  incomingProxyPort: 4143, // inboundProxyPort
  outgoingProxyPort: 4140, // outboundProxyPort
  proxyUid: 2102, // proxyUID
  proxyGid: -1, // proxyGID: -1 → key omitted
  portsToRedirect: [], // portsToRedirect: ""
  inboundPortsToIgnore: ['4191', '4190'], // [proxyAdminPort, proxyControlPort] + ignoreInboundPorts ("")
  outboundPortsToIgnore: [], // ignoreOutboundPorts: "" → key omitted
  subnetsToIgnore: [], // not in the chart's conflist
  ipv6: false, // disableIPv6: true → "ipv6": false
};

/** Go's strconv.Atoi (decimal, optional sign, no spaces). */
function atoi(s: string): number | undefined {
  return /^[+-]?\d+$/.test(s) ? Number(s) : undefined;
}

/** ADD fails: the pod's sandbox is torn down and retried, the pod does not start. */
export class AddFails extends Error {}

/**
 * cmdAdd's overrides from the pod's annotations (the namespace fallback is not modelled: the suite's
 * namespaces carry none). Throws AddFails where cmdAdd returns an error.
 */
export function linkerdConfigFor(annotations: Readonly<Record<string, string>>, conflist: LinkerdCniConfig = CHART_CONFLIST): LinkerdCniConfig {
  const c: LinkerdCniConfig = { ...conflist, inboundPortsToIgnore: [...conflist.inboundPortsToIgnore] };
  const get = (k: string) => annotations[k] ?? '';
  // config.linkerd.io/skip-outbound-ports replaces; strings.Split on "," only, items not trimmed.
  if (get('config.linkerd.io/skip-outbound-ports') !== '') c.outboundPortsToIgnore = get('config.linkerd.io/skip-outbound-ports').split(',');
  // skip-inbound-ports is appended to the conflist's list.
  if (get('config.linkerd.io/skip-inbound-ports') !== '') c.inboundPortsToIgnore.push(...get('config.linkerd.io/skip-inbound-ports').split(','));
  // skip-subnets replaces.
  if (get('config.linkerd.io/skip-subnets') !== '') c.subnetsToIgnore = get('config.linkerd.io/skip-subnets').split(',');
  for (const [key, field] of [
    ['config.linkerd.io/proxy-uid', 'proxyUid'],
    ['config.linkerd.io/proxy-gid', 'proxyGid'],
  ] as const) {
    if (get(key) === '') continue;
    const n = atoi(get(key));
    if (n === undefined) throw new AddFails(`linkerd-cni: could not parse ${field} to integer: ${get(key)}`);
    c[field] = n;
  }
  return c;
}

/** ParsePortRange (pkg/util/portrange.go); undefined where it returns an error. */
function parsePortRange(s: string): { lo: number; hi: number } | undefined {
  const b = s.split('-');
  if (b.length > 2) return undefined;
  const lo = atoi(b[0]!);
  const hi = atoi(b[1] ?? b[0]!);
  if (lo === undefined || lo < 0 || lo > 65535 || hi === undefined || hi < 0 || hi > 65535 || hi < lo) return undefined;
  return { lo, hi };
}

/**
 * makeMultiportDestinations: items it cannot parse are logged and dropped; at most 15 port references per
 * rule (a range counts 2). Note the last chunk is appended even when empty: a list with no valid item
 * gives one rule with `--dports ""`, which iptables refuses.
 */
function multiportDestinations(items: readonly string[]): string[][] {
  const out: string[][] = [];
  if (items.length < 1) return out;
  let dest: string[] = [];
  let count = 0;
  for (const item of items) {
    const r = parsePortRange(item);
    if (!r) continue; // log.Errorf("invalid port configuration of ...")
    const n = r.lo === r.hi ? 1 : 2;
    if (count + n > 15) {
      out.push(dest);
      dest = [];
      count = 0;
    }
    dest.push(r.lo === r.hi ? `${r.lo}` : `${r.lo}:${r.hi}`);
    count += n;
  }
  out.push(dest);
  return out;
}

const IPV4_CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Go's net.ParseCIDR, for the forms the suite uses: IPv4 or IPv6 ADDRESS/PREFIX. */
function parseCidr(s: string): 4 | 6 | undefined {
  const m = IPV4_CIDR.exec(s);
  if (m) return m.slice(1, 5).every((o) => Number(o) <= 255) && Number(m[5]) <= 32 ? 4 : undefined;
  const slash = s.indexOf('/');
  if (
    slash > 0 &&
    s.slice(0, slash).includes(':') &&
    /^[0-9a-fA-F:]+$/.test(s.slice(0, slash)) &&
    /^\d{1,3}$/.test(s.slice(slash + 1)) &&
    Number(s.slice(slash + 1)) <= 128
  )
    return 6;
  return undefined;
}

/**
 * The rules linkerd-cni writes for one family (BuildFirewallConfiguration + ConfigureFirewall), as
 * iptables-restore text. Throws AddFails where linkerd-cni's ADD fails: a subnet net.ParseCIDR refuses
 * (root.go), or a command iptables refuses (an empty `--dports`, a subnet of the other family).
 */
export function linkerdRules(c: LinkerdCniConfig, family: 4 | 6): string {
  // root.go: strings.TrimSpace then net.ParseCIDR, or "%s is not a valid CIDR address".
  const subnets = c.subnetsToIgnore.map((s) => s.trim());
  for (const s of subnets) if (parseCidr(s) === undefined) throw new AddFails(`${s} is not a valid CIDR address`);
  const lines: string[] = [];
  const comment = (t: string) => `-m comment --comment proxy-init/${t}`;
  const ignorePorts = (chain: string, items: readonly string[]) => {
    for (const d of multiportDestinations(items)) {
      if (d.length === 0) throw new AddFails(`iptables: invalid port/service \`' specified (an empty --dports in ${chain})`);
      lines.push(`-A ${chain} -p tcp --match multiport --dports ${d.join(',')} -j RETURN ${comment(`ignore-port-${d.join(',')}`)}`);
    }
  };

  // addIncomingTrafficRules
  ignorePorts('PROXY_INIT_REDIRECT', c.inboundPortsToIgnore);
  for (const s of subnets) {
    if (parseCidr(s) !== family) throw new AddFails(`${family === 4 ? 'iptables' : 'ip6tables'}: host/network \`${s.split('/')[0]}' not found`);
    lines.push(`-A PROXY_INIT_REDIRECT -p all -j RETURN -s ${s} ${comment(`ignore-subnet-${s}`)}`);
  }
  if (c.portsToRedirect.length === 0) {
    lines.push(`-A PROXY_INIT_REDIRECT -p tcp -j REDIRECT --to-port ${c.incomingProxyPort} ${comment('redirect-all-incoming-to-proxy-port')}`);
  } else {
    for (const port of c.portsToRedirect) {
      lines.push(
        `-A PROXY_INIT_REDIRECT -p tcp --destination-port ${port} -j REDIRECT --to-port ${c.incomingProxyPort} ${comment(`redirect-port-${port}-to-proxy-port`)}`,
      );
    }
  }
  lines.push(`-A PREROUTING -j PROXY_INIT_REDIRECT ${comment('install-proxy-init-prerouting')}`);

  // addOutgoingTrafficRules
  if (c.proxyUid > 0) lines.push(`-A PROXY_INIT_OUTPUT -m owner --uid-owner ${c.proxyUid} -j RETURN ${comment('ignore-proxy-user-id')}`);
  if (c.proxyGid > 0) lines.push(`-A PROXY_INIT_OUTPUT -m owner --gid-owner ${c.proxyGid} -j RETURN ${comment('ignore-proxy-group-id')}`);
  lines.push(`-A PROXY_INIT_OUTPUT -o lo -j RETURN ${comment('ignore-loopback')}`);
  ignorePorts('PROXY_INIT_OUTPUT', c.outboundPortsToIgnore);
  lines.push(`-A PROXY_INIT_OUTPUT -p tcp -j REDIRECT --to-port ${c.outgoingProxyPort} ${comment('redirect-all-outgoing-to-proxy-port')}`);
  lines.push(`-A OUTPUT -j PROXY_INIT_OUTPUT ${comment('install-proxy-init-output')}`);

  return [
    '*nat',
    ':PREROUTING ACCEPT [0:0]',
    ':INPUT ACCEPT [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    ':POSTROUTING ACCEPT [0:0]',
    ':PROXY_INIT_REDIRECT - [0:0]',
    ':PROXY_INIT_OUTPUT - [0:0]',
    ...lines,
    'COMMIT',
    '',
  ].join('\n');
}

/** What linkerd-cni programs for a pod: IPv4 always, IPv6 too when the conflist says `ipv6` (cmdAdd). */
export function linkerdRuleset(
  annotations: Readonly<Record<string, string>>,
  conflist: LinkerdCniConfig = CHART_CONFLIST,
): { iptables4: string; iptables6?: string } {
  const c = linkerdConfigFor(annotations, conflist);
  const iptables4 = linkerdRules(c, 4);
  return c.ipv6 ? { iptables4, iptables6: linkerdRules(c, 6) } : { iptables4 };
}
