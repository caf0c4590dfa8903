// The pieces every shape's rules are made of, written once: sets as nft lists them, address and port
// matches, the proxy's identity, redirects, the base chains.
import { formatPortRange, type IpFamily, type IpNet, type PortRange, type ProxyPolicy, type UserException } from '../policy/index.js';
import { netSet, portSet } from './sets.js';
import type { NftChain, NftRule } from './table.js';

/** A set expression as nft lists it: a bare element, or `{ a, b }` in nft's (ascending) order. */
export function set(items: readonly string[]): string {
  return items.length === 1 ? items[0]! : `{ ${items.join(', ')} }`;
}

export function ports(list: readonly PortRange[]): string {
  return portSet(list);
}

export function nets(list: readonly IpNet[], family: IpFamily): string | undefined {
  return netSet(list, family);
}

export const IP = { 4: 'ip', 6: 'ip6' } as const;
/** Each family's loopback address. */
export const LOCALHOST = { 4: '127.0.0.1', 6: '::1' } as const;
/** Source of Envoy's inbound passthrough connections (Istio, Kuma). */
export const PASSTHROUGH = { 4: '127.0.0.6', 6: '::6' } as const;

/** `ip saddr { … } return` and its `ip6` twin, for the families present in the list. */
export function netRules(list: readonly IpNet[], field: 'saddr' | 'daddr', op: '' | '!= ' = ''): NftRule[] {
  const out: NftRule[] = [];
  for (const family of [4, 6] as const) {
    const s = nets(list, family);
    if (s !== undefined) out.push({ text: `${IP[family]} ${field} ${op}${s} return` });
  }
  return out;
}

/** `meta skuid U` / `meta skgid G` for each identity the proxy has. */
export function identityMatches(p: ProxyPolicy): string[] {
  const out: string[] = [];
  if (p.identity.uid !== undefined) out.push(`meta skuid ${p.identity.uid}`);
  if (p.identity.gid !== undefined) out.push(`meta skgid ${p.identity.gid}`);
  return out;
}

// A redirect needs a transport protocol match in the same rule: the chains are entered for TCP only,
// but nft checks each rule on its own, so a rule with no `tcp …` match says `meta l4proto tcp`.
export function redirect(port: number): string {
  return `meta l4proto tcp redirect to :${port}`;
}

/** `return` rules for users exempt from outbound capture (the chain is entered for TCP, or UDP for DNS). */
export function userExceptionRules(users: readonly UserException[], protocol: 'tcp' | 'udp'): NftRule[] {
  return users
    .filter((u) => u.protocol === undefined || u.protocol === protocol)
    .map((u) => {
      const ids = u.uids.from === u.uids.to ? `${u.uids.from}` : `${u.uids.from}-${u.uids.to}`;
      const port = u.ports ? ` ${protocol} dport ${formatPortRange(u.ports)}` : '';
      return { text: `meta skuid ${ids}${port} return`, comment: 'excluded user' };
    });
}

/**
 * The jump into a chain for the families the policy redirects: both families need no match; one
 * family is matched with `meta nfproto`, so the other's traffic never enters our chains.
 */
export function familyJump(p: ProxyPolicy, l4: 'tcp' | 'udp', chain: string, extra = ''): NftRule {
  const fam = p.families.length === 1 ? `meta nfproto ipv${p.families[0]} ` : '';
  const proto = extra ? `${extra} ` : `meta l4proto ${l4} `;
  return { text: `${fam}${proto}jump ${chain}` };
}

export function preroutingChain(rules: readonly NftRule[]): NftChain {
  return { name: 'prerouting', base: { type: 'nat', hook: 'prerouting', priority: 'dstnat' }, rules };
}

// nft 1.0.6 refuses the name `dstnat` for the output hook of an inet table: -100 is its value.
export function outputChain(rules: readonly NftRule[]): NftChain {
  return { name: 'output', base: { type: 'nat', hook: 'output', priority: '-100' }, rules };
}

/** DNS to the policy's DNS server (udp and tcp port 53) goes to its other port: `dnat` to the same address. */
export function dnsServerRules(p: ProxyPolicy): NftRule[] {
  const d = p.dnsServer;
  if (d === undefined || !p.families.includes(d.family)) return [];
  const to = d.family === 6 ? `[${d.address}]:${d.port}` : `${d.address}:${d.port}`;
  return (['udp', 'tcp'] as const).map((l4) => ({
    text: `${IP[d.family]} daddr ${d.address} ${l4} dport 53 dnat ${IP[d.family]} to ${to}`,
    comment: 'DNS server',
  }));
}

/** `meta skuid U return` / `meta skgid G return`: the proxy's own connections are never redirected. */
export function proxyReturns(p: ProxyPolicy): NftRule[] {
  return identityMatches(p).map((id) => ({ text: `${id} return`, comment: 'the proxy itself' }));
}

/** Only the included destinations are redirected: per family, the rest returns (a family with none listed, all of it). */
export function includedNetRules(p: ProxyPolicy): NftRule[] {
  if (p.outboundIncludeNets === undefined) return [];
  const included = p.outboundIncludeNets;
  return p.families.map((family) => {
    const s = nets(included, family);
    return { text: s !== undefined ? `${IP[family]} daddr != ${s} return` : `meta nfproto ipv${family} return` };
  });
}

/** The included outbound ports: redirected to `port` whatever the address. */
export function includedPortRules(p: ProxyPolicy, port: number): NftRule[] {
  return p.outboundIncludePorts.length > 0 ? [{ text: `tcp dport ${ports(p.outboundIncludePorts)} redirect to :${port}` }] : [];
}

/**
 * The usual end of an outbound chain: the included ports, then `excluded` (address rules that return),
 * the included addresses (the rest returns), and the redirect of what is left.
 */
export function outboundRedirects(p: ProxyPolicy, port: number, excluded: readonly NftRule[] = []): NftRule[] {
  return [...includedPortRules(p, port), ...excluded, ...includedNetRules(p), { text: redirect(port) }];
}

/** DNS over UDP to the DNS proxy, but the proxy's own and excluded users' queries. */
export function udpDnsChain(p: ProxyPolicy, dnsPort: number): NftChain {
  return {
    name: 'dns',
    rules: [...proxyReturns(p), ...userExceptionRules(p.outboundExcludeUsers, 'udp'), { text: `udp dport 53 redirect to :${dnsPort}` }],
  };
}

/** The networks of the families the policy redirects (the other family never enters the chains). */
export function ofFamilies(p: ProxyPolicy, list: readonly IpNet[]): IpNet[] {
  return list.filter((n) => p.families.includes(n.family));
}

/**
 * The inbound chain of the REDIRECT shapes (generic, Consul, Linkerd, OSM): excluded ports and `sources`
 * return, only the included ports (when listed) go on, the rest to the inbound listener.
 */
export function inboundRedirectChain(p: ProxyPolicy, inboundPort: number, sources: readonly IpNet[]): NftChain {
  const rules: NftRule[] = [];
  if (p.inboundExceptions.ports.length > 0) rules.push({ text: `tcp dport ${ports(p.inboundExceptions.ports)} return` });
  rules.push(...netRules(sources, 'saddr'));
  // RedirectListedMode (linkerd-cni's ports-to-redirect, our inboundIncludePorts): only those ports go to the proxy.
  if (p.inboundIncludePorts.length > 0) rules.push({ text: `tcp dport != ${ports(p.inboundIncludePorts)} return` });
  rules.push({ text: redirect(inboundPort) });
  return { name: 'inbound', rules };
}

/**
 * The chains around a shape's own inbound and outbound chains, as the REDIRECT-mode shapes share them:
 * prerouting jumping to inbound; output with the DNS-server DNAT first, then the jumps to outbound and
 * to the UDP DNS chain. `outboundWithInbound`: the outbound chain also exists for an inbound port alone
 * (it carries the proxy-to-own-pod-IP rule).
 */
export function redirectChains(
  p: ProxyPolicy,
  inbound: (port: number) => NftChain,
  outbound: () => NftChain,
  opts: { outboundWithInbound?: boolean } = {},
): NftChain[] {
  const chains: NftChain[] = [];
  if (p.inboundPort !== undefined) chains.push(preroutingChain([familyJump(p, 'tcp', 'inbound')]), inbound(p.inboundPort));
  const dnsServer = dnsServerRules(p);
  const hasOutbound = p.outboundPort !== undefined || p.dnsCapturePort !== undefined || (opts.outboundWithInbound === true && p.inboundPort !== undefined);
  if (hasOutbound || dnsServer.length > 0) {
    const jumps: NftRule[] = [...dnsServer];
    if (hasOutbound) jumps.push(familyJump(p, 'tcp', 'outbound'));
    if (p.dnsCapturePort !== undefined) jumps.push(familyJump(p, 'udp', 'dns', 'udp dport 53'));
    chains.push(outputChain(jumps));
    if (hasOutbound) chains.push(outbound());
  }
  if (p.dnsCapturePort !== undefined) chains.push(udpDnsChain(p, p.dnsCapturePort));
  return chains;
}
