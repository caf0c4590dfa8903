// Consul's rules, as consul-cni writes them (hashicorp/consul sdk/iptables, Setup → SetupWithAdditionalRules
// for iptables and, when the pod is dual-stack, SetupWithAdditionalRulesIPv6 for ip6tables, the same rules):
//   PREROUTING -p tcp → CONSUL_PROXY_INBOUND: excluded inbound ports return (inserted first), the rest
//     → CONSUL_PROXY_IN_REDIRECT (redirect to the inbound port);
//   OUTPUT: DNS to the Consul DNS address (udp and tcp dport 53) → CONSUL_DNS_REDIRECT (DNAT to its Consul DNS
//     port), for every user; then -p tcp → CONSUL_PROXY_OUTPUT: excluded UIDs, CIDRs and ports return (inserted
//     at the top), the proxy's UID returns, daddr 127.0.0.1 (::1) returns, the rest → CONSUL_PROXY_REDIRECT
//     (redirect to the outbound port).
// Only the loopback address itself is exempt: the app calling its own pod IP, or 127.0.0.2, goes through the
// proxy. The proxy's own connections all return — to its pod IP too (there is no "proxy to its pod IP goes
// inbound" rule, and no 127.0.0.6 passthrough: Envoy's local_app cluster is 127.0.0.1:<service port>, reached
// as the proxy user). The order of the `return` rules does not change any fate; they are written in the order
// the -I insertions leave them. A family not redirected (IPv6 unless dual-stack) never enters the chains.
// Beyond consul-cni (node settings only): excluded source addresses and included ports inbound, included
// ports and destinations outbound, DNS capture, as in the generic shape.
import type { ProxyPolicy } from '../../policy/index.js';
import { inboundRedirectChain, IP, LOCALHOST, netRules, outboundRedirects, ports, proxyReturns, redirectChains, userExceptionRules } from '../rule-parts.js';
import type { NftChain, NftRule } from '../table.js';

function outboundChain(p: ProxyPolicy): NftChain {
  const out = p.outboundExceptions;
  // Consul's -I insertions, last inserted first: UIDs, then CIDRs, then ports.
  const rules: NftRule[] = [...userExceptionRules(p.outboundExcludeUsers, 'tcp'), ...netRules(out.nets, 'daddr')];
  if (out.ports.length > 0) rules.push({ text: `tcp dport ${ports(out.ports)} return` });
  rules.push(...proxyReturns(p));
  if (p.dnsCapturePort !== undefined) rules.push({ text: `tcp dport 53 redirect to :${p.dnsCapturePort}` });
  // Only the loopback address: other loopback traffic (the pod's own IP, 127.0.0.2) goes to the proxy.
  rules.push(...p.families.map((f) => ({ text: `${IP[f]} daddr ${LOCALHOST[f]} return`, comment: 'localhost is not redirected' })));
  if (p.outboundPort !== undefined) {
    rules.push(...outboundRedirects(p, p.outboundPort));
  }
  return { name: 'outbound', rules };
}

export function consulChains(p: ProxyPolicy): NftChain[] {
  // Consul DNS first: its DNAT decides the connection before the outbound chain sees it (redirectChains).
  return redirectChains(
    p,
    (port) => inboundRedirectChain(p, port, p.inboundExceptions.nets),
    () => outboundChain(p),
  );
}
