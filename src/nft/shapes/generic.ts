// Our own profile's rules (hcnproxyctl.io/*): Istio's REDIRECT shape, the common ground of the Envoy
// meshes. prerouting → inbound → redirect to the inbound listener; output → outbound → the proxy's
// own traffic and loopback return, the rest is redirected to the outbound listener.
import type { ProxyPolicy } from '../../policy/index.js';
import {
  identityMatches,
  inboundRedirectChain,
  IP,
  LOCALHOST,
  netRules,
  outboundRedirects,
  PASSTHROUGH,
  ports,
  proxyReturns,
  redirect,
  redirectChains,
  userExceptionRules,
} from '../rule-parts.js';
import type { NftChain, NftRule } from '../table.js';

function outboundChain(p: ProxyPolicy): NftChain {
  const ids = identityMatches(p);
  const fams = p.families;
  // (a) Envoy's inbound passthrough connects to the app from 127.0.0.6: it must not loop back.
  const rules: NftRule[] = fams.map((f) => ({ text: `oifname "lo" ${IP[f]} saddr ${PASSTHROUGH[f]} return`, comment: 'proxy inbound passthrough' }));
  // (b) The proxy calling the pod's own IP (it leaves by lo) is a connection into the pod: inbound listener.
  if (p.inboundPort !== undefined) {
    for (const id of ids) {
      for (const f of fams) {
        rules.push({ text: `oifname "lo" ${IP[f]} daddr != ${LOCALHOST[f]} ${id} ${redirect(p.inboundPort)}`, comment: 'proxy to the pod IP: inbound' });
      }
    }
  }
  // (c) The proxy's own connections are never redirected (they would loop); nor those of excluded users.
  rules.push(...proxyReturns(p));
  rules.push(...userExceptionRules(p.outboundExcludeUsers, 'tcp'));
  // (d) DNS over TCP from the app goes to the DNS proxy, whatever the destination (loopback included).
  if (p.dnsCapturePort !== undefined) rules.push({ text: `tcp dport 53 redirect to :${p.dnsCapturePort}` });
  // (e) Everything else leaving by loopback stays local, as Istio and Kuma do: 127.0.0.1/::1 and the app
  // calling its own pod IP reach their target directly.
  rules.push({ text: 'oifname "lo" return', comment: 'loopback is not redirected' });
  if (p.outboundPort !== undefined) {
    const out = p.outboundExceptions;
    // (f) Excluded destination ports, (g) included ports (whatever the address), (h) excluded addresses.
    if (out.ports.length > 0) rules.push({ text: `tcp dport ${ports(out.ports)} return` });
    // (i) Included addresses: a family with none listed is not redirected at all; (j) the rest goes to the outbound listener.
    rules.push(...outboundRedirects(p, p.outboundPort, netRules(out.nets, 'daddr')));
  }
  return { name: 'outbound', rules };
}

export function genericChains(p: ProxyPolicy): NftChain[] {
  return redirectChains(
    p,
    (port) => inboundRedirectChain(p, port, p.inboundExceptions.nets),
    () => outboundChain(p),
  );
}
