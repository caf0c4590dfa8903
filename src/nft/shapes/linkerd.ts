// Linkerd's rules, as linkerd-cni writes them (linkerd2-proxy-init pkg/iptables/iptables.go,
// addIncomingTrafficRules / addOutgoingTrafficRules), in nftables:
//   PROXY_INIT_REDIRECT (from PREROUTING): ignored inbound ports return, ignored source subnets return,
//     the rest (or the listed ports) to the inbound port;
//   PROXY_INIT_OUTPUT (from OUTPUT): the proxy's UID return, its GID return, `-o lo` return (all of
//     loopback, the pod's own IP included), ignored outbound ports return, the rest to the outbound port.
// There is no "proxy to its own pod IP goes inbound" rule: Linkerd's inbound proxy forwards every
// connection to the pod's own IP as the proxy user, and that rule would loop it (linkerd2-proxy-init#45
// removed it in 2021). Each family's rules are the same (linkerd-cni runs the same builder for ip6tables
// when `ipv6` is on); a family not redirected never enters the chains.
// Beyond linkerd-cni (node settings only): excluded users after the proxy's identity, excluded and included
// destinations and included ports after the ignored ports, DNS capture and a DNS server as in the generic shape.
import type { ProxyPolicy } from '../../policy/index.js';
import { inboundRedirectChain, netRules, ofFamilies, outboundRedirects, ports, proxyReturns, redirectChains, userExceptionRules } from '../rule-parts.js';
import type { NftChain, NftRule } from '../table.js';

function outboundChain(p: ProxyPolicy): NftChain {
  const rules: NftRule[] = proxyReturns(p);
  rules.push(...userExceptionRules(p.outboundExcludeUsers, 'tcp'));
  if (p.dnsCapturePort !== undefined) rules.push({ text: `tcp dport 53 redirect to :${p.dnsCapturePort}` });
  // Everything leaving by loopback, the proxy's inbound forwarding to the pod's own IP included.
  rules.push({ text: 'oifname "lo" return', comment: 'loopback is not redirected' });
  if (p.outboundPort !== undefined) {
    const out = p.outboundExceptions;
    if (out.ports.length > 0) rules.push({ text: `tcp dport ${ports(out.ports)} return` });
    rules.push(...outboundRedirects(p, p.outboundPort, netRules(ofFamilies(p, out.nets), 'daddr')));
  }
  return { name: 'outbound', rules };
}

export function linkerdChains(p: ProxyPolicy): NftChain[] {
  return redirectChains(
    p,
    (port) => inboundRedirectChain(p, port, ofFamilies(p, p.inboundExceptions.nets)),
    () => outboundChain(p),
  );
}
