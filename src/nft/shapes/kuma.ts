// Kuma's rules, as kuma-cni installs them (kumahq/kuma v2.14.3 pkg/transparentproxy/iptables/builder/
// builder_table_nat.go: addOutputRules, addPreroutingRules, buildMeshInbound, buildMeshOutbound), in one
// inet table; kuma writes the same rules with iptables and, for dual stack, ip6tables:
//   OUTPUT: per-UID exclusions return, excluded destinations return (DNS included), builtin DNS (the
//     proxy's UDP 53 returns, all other UDP 53 goes to the DNS proxy, TCP 53 of anyone but the proxy
//     returns: DNS over TCP is not captured), TCP to KUMA_MESH_OUTBOUND;
//   KUMA_MESH_OUTBOUND: excluded ports return — before anything about loopback or the proxy, so the
//     proxy reaches an excluded port of its own pod IP directly —, the inbound passthrough (127.0.0.6 /
//     ::6 on lo) returns, the proxy calling the pod's own IP (lo, not 127.0.0.1 / ::1) goes to the
//     inbound listener — even for a gateway, whose inbound redirect is off —, anyone else on lo
//     returns, the proxy returns, localhost returns, the rest (or the included ports) to the outbound
//     listener;
//   PREROUTING → KUMA_MESH_INBOUND: excluded sources return, then the included ports to the inbound
//     listener, or the excluded ports return and the rest to the inbound listener.
// Not reproduced: the raw table's conntrack zones for UDP DNS (kuma's builder_table_raw.go), the
// mangle table's invalid-packet drop and the LOG rules (warned about by the profile).
// Beyond kuma-cni (node settings only): the proxy's GID next to its UID, included destinations before
// the outbound redirect.
import type { IpFamily, ProxyPolicy } from '../../policy/index.js';
import {
  familyJump,
  includedPortRules,
  IP,
  LOCALHOST,
  netRules,
  nets,
  ofFamilies,
  outputChain,
  PASSTHROUGH,
  ports,
  preroutingChain,
  redirect,
  userExceptionRules,
} from '../rule-parts.js';
import type { NftChain, NftRule } from '../table.js';

/** kuma's default inbound port: a gateway's (inbound off) proxy-to-own-pod-IP connections still go there. */
const KUMA_INBOUND_PORT = 15006;

/**
 * Addresses kuma-cni puts on the pod's lo: ::6/128 whenever IPv6 is redirected (ip-family-mode not
 * ipv4), because kuma-dp's Envoy binds ::6 as the source of IPv6 inbound passthrough connections (config/
 * utils.go configureIPv6OutboundAddress, called from Config.Initialize). kuma-cni does it only when the
 * pod has a non-loopback IPv6 address (HasLocalIPv6), ignores "file exists", and when adding it fails
 * skips every IPv6 rule (IPv6 then stays unredirected).
 */
export function kumaLoopbackAddresses(p: ProxyPolicy): string[] {
  return p.families.includes(6) ? ['::6/128'] : [];
}

/** The proxy's own connections (kuma: `-m owner --uid-owner`; a node's GID too). */
function proxyMatches(p: ProxyPolicy): string[] {
  const out: string[] = [];
  if (p.identity.uid !== undefined) out.push(`meta skuid ${p.identity.uid}`);
  if (p.identity.gid !== undefined) out.push(`meta skgid ${p.identity.gid}`);
  return out;
}

/** Anyone but the proxy (kuma: `-m owner ! --uid-owner`). */
function notProxy(p: ProxyPolicy): string {
  return proxyMatches(p)
    .map((m) => m.replace(/ (\d+)$/, ' != $1'))
    .join(' ');
}

/** OUTPUT's returns, ahead of everything else in kuma (per-UID exclusions, then excluded destinations). */
function outputReturns(p: ProxyPolicy, l4: 'tcp' | 'udp'): NftRule[] {
  return [
    ...userExceptionRules(p.outboundExcludeUsers, l4),
    ...netRules(ofFamilies(p, p.outboundExceptions.nets), 'daddr').map((r) => ({ ...r, comment: 'excluded destination' })),
  ];
}

function inboundChain(p: ProxyPolicy, inboundPort: number): NftChain {
  const rules: NftRule[] = netRules(ofFamilies(p, p.inboundExceptions.nets), 'saddr').map((r) => ({ ...r, comment: 'excluded source' }));
  if (p.inboundIncludePorts.length > 0) {
    // Only the included ports go to the proxy; kuma does not use the excluded ports then.
    rules.push({ text: `tcp dport ${ports(p.inboundIncludePorts)} redirect to :${inboundPort}` });
  } else {
    if (p.inboundExceptions.ports.length > 0) rules.push({ text: `tcp dport ${ports(p.inboundExceptions.ports)} return` });
    rules.push({ text: redirect(inboundPort) });
  }
  return { name: 'inbound', rules };
}

function outboundChain(p: ProxyPolicy, outboundPort: number): NftChain {
  const fams: readonly IpFamily[] = p.families;
  const proxy = proxyMatches(p);
  const rules: NftRule[] = outputReturns(p, 'tcp');
  if (p.dnsCapturePort !== undefined && proxy.length > 0) {
    rules.push({ text: `tcp dport 53 ${notProxy(p)} return`, comment: 'DNS over TCP is not captured' });
  }
  // KUMA_MESH_OUTBOUND from here. Excluded ports first (not used when ports are included).
  if (p.outboundIncludePorts.length === 0 && p.outboundExceptions.ports.length > 0) {
    rules.push({ text: `tcp dport ${ports(p.outboundExceptions.ports)} return` });
  }
  for (const f of fams) rules.push({ text: `oifname "lo" ${IP[f]} saddr ${PASSTHROUGH[f]} return`, comment: 'proxy inbound passthrough' });
  const inbound = p.inboundPort ?? KUMA_INBOUND_PORT;
  for (const id of proxy) {
    for (const f of fams) {
      rules.push({ text: `oifname "lo" ${IP[f]} daddr != ${LOCALHOST[f]} ${id} ${redirect(inbound)}`, comment: 'proxy to the pod IP: inbound' });
    }
  }
  if (proxy.length > 0) rules.push({ text: `oifname "lo" ${notProxy(p)} return`, comment: 'loopback is not redirected' });
  for (const id of proxy) rules.push({ text: `${id} return`, comment: 'the proxy itself' });
  rules.push(...fams.map((f) => ({ text: `${IP[f]} daddr ${LOCALHOST[f]} return` })));
  if (p.outboundIncludeNets !== undefined) {
    for (const f of fams) {
      const s = nets(p.outboundIncludeNets, f);
      rules.push({ text: s !== undefined ? `${IP[f]} daddr != ${s} return` : `meta nfproto ipv${f} return` });
    }
  }
  rules.push(...(p.outboundIncludePorts.length > 0 ? includedPortRules(p, outboundPort) : [{ text: redirect(outboundPort) }]));
  return { name: 'outbound', rules };
}

function dnsChain(p: ProxyPolicy, dnsPort: number): NftChain {
  return {
    name: 'dns',
    rules: [
      ...outputReturns(p, 'udp'),
      ...proxyMatches(p).map((id) => ({ text: `${id} return`, comment: 'the proxy itself' })),
      { text: `udp dport 53 redirect to :${dnsPort}` },
    ],
  };
}

export function kumaChains(p: ProxyPolicy): NftChain[] {
  const chains: NftChain[] = [];
  if (p.inboundPort !== undefined) {
    chains.push(preroutingChain([familyJump(p, 'tcp', 'inbound')]));
    chains.push(inboundChain(p, p.inboundPort));
  }
  const jumps: NftRule[] = [];
  if (p.outboundPort !== undefined) jumps.push(familyJump(p, 'tcp', 'outbound'));
  if (p.dnsCapturePort !== undefined) jumps.push(familyJump(p, 'udp', 'dns', 'udp dport 53'));
  if (jumps.length > 0) chains.push(outputChain(jumps));
  if (p.outboundPort !== undefined) chains.push(outboundChain(p, p.outboundPort));
  if (p.dnsCapturePort !== undefined) chains.push(dnsChain(p, p.dnsCapturePort));
  return chains;
}
