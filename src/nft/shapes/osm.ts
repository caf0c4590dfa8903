// OSM's rules, as its osm-init container writes them (openservicemesh/osm v1.2.4 pkg/injector/iptables.go,
// generateIptablesCommands), in nftables:
//   OSM_PROXY_INBOUND (from PREROUTING, TCP): excluded inbound ports return (the pod's list, then
//     Prometheus 15010 and the probe ports 15901-15904), the rest to the inbound port 15003;
//   OSM_PROXY_OUTBOUND (from OUTPUT, TCP): Envoy (UID 1500) leaving by lo to anything but 127.0.0.1 goes
//     to the inbound port (the app reached through its own service: Envoy's outbound → its inbound);
//     anyone else leaving by lo returns; Envoy returns; 127.0.0.1 returns; excluded destinations return,
//     excluded ports return; then either only the included ranges go to 15001 (the rest returns) or all.
// Envoy forwards inbound connections to 127.0.0.1 (its local clusters' address, MeshConfig's default
// localProxyMode Localhost), which the 127.0.0.1 exemption and the UID return keep from looping.
// osm-init's `OSM_PROXY_OUT_REDIRECT -p tcp --dport 15000 -j ACCEPT` follows that chain's REDIRECT, so it
// never matches: traffic to 15000 is redirected like any other port, and so it is here.
// osm-init runs iptables-restore only (IPv4): the profile's families are IPv4, and IPv6 never enters.
// Beyond osm-init (node settings only): the proxy's GID next to its UID, excluded source addresses and
// included inbound ports, excluded users, included outbound ports, DNS capture and a DNS server.
import type { ProxyPolicy } from '../../policy/index.js';
import {
  identityMatches,
  inboundRedirectChain,
  IP,
  LOCALHOST,
  netRules,
  ofFamilies,
  outboundRedirects,
  ports,
  proxyReturns,
  redirect,
  redirectChains,
  userExceptionRules,
} from '../rule-parts.js';
import type { NftChain, NftRule } from '../table.js';

/** `meta skuid != U` (and `meta skgid != G`): not the proxy. */
function notProxy(p: ProxyPolicy): string {
  return identityMatches(p)
    .map((m) => m.replace(/ (\d+)$/, ' != $1'))
    .join(' ');
}

function outboundChain(p: ProxyPolicy): NftChain {
  const ids = identityMatches(p);
  const rules: NftRule[] = [];
  if (p.inboundPort !== undefined) {
    for (const id of ids) {
      for (const f of p.families) {
        rules.push({ text: `oifname "lo" ${IP[f]} daddr != ${LOCALHOST[f]} ${id} ${redirect(p.inboundPort)}`, comment: 'proxy to the pod IP: inbound' });
      }
    }
  }
  rules.push({ text: ids.length > 0 ? `oifname "lo" ${notProxy(p)} return` : 'oifname "lo" return', comment: 'the app over loopback' });
  rules.push(...proxyReturns(p));
  rules.push(...userExceptionRules(p.outboundExcludeUsers, 'tcp'));
  for (const f of p.families) rules.push({ text: `${IP[f]} daddr ${LOCALHOST[f]} return` });
  if (p.dnsCapturePort !== undefined) rules.push({ text: `tcp dport 53 redirect to :${p.dnsCapturePort}` });
  if (p.outboundPort !== undefined) {
    const out = p.outboundExceptions;
    rules.push(...netRules(ofFamilies(p, out.nets), 'daddr'));
    if (out.ports.length > 0) rules.push({ text: `tcp dport ${ports(out.ports)} return` });
    // The inclusion list: only those ranges are redirected, the rest returns.
    rules.push(...outboundRedirects(p, p.outboundPort));
  }
  return { name: 'outbound', rules };
}

export function osmChains(p: ProxyPolicy): NftChain[] {
  // The output chain also carries the proxy-to-own-pod-IP rule, so it exists with an inbound port alone.
  return redirectChains(
    p,
    (port) => inboundRedirectChain(p, port, ofFamilies(p, p.inboundExceptions.nets)),
    () => outboundChain(p),
    { outboundWithInbound: true },
  );
}
