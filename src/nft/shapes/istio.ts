// Istio's own rules (sidecar mode, REDIRECT), in the order its capture code writes them: istio 1.30.3
// tools/istio-nftables/pkg/capture/run.go `Run` (the same logic as tools/istio-iptables). Differences in form
// only: one table of ours, a redirect written in the rule instead of a jump to istio-redirect /
// istio-in-redirect, one set instead of one rule per port, no counters; and the chains are entered for TCP
// (and UDP with DNS capture), the only traffic their rules act on.
//   prerouting → inbound: HBONE 15008 returns first (never captured); then either every port but the
//     excluded ones, or exactly the included ones (exclusions do not apply to a list) → the inbound port.
//     No prerouting jump at all when nothing is captured from outside (includeInboundPorts "").
//   output → outbound: excluded ports; the inbound passthrough (127.0.0.6 / ::6); then per proxy uid and gid:
//     its connections leaving by lo to anything but 127.0.0.1 / ::1 (its own pod IP, 127.0.0.2, …) except
//     to 15008 → the inbound port; everyone else on lo returns (unless a loopback range is included); the
//     proxy's other connections return. So an app user in the proxy's group returns at the uid step before
//     the group's redirect. Then DNS, 127.0.0.1 / ::1, excluded ranges, included ports, included ranges (or
//     everything) → the outbound port. Written whatever the directions: both off still gives this table.
import type { IpFamily, PortRange, ProxyPolicy } from '../../policy/index.js';
import {
  dnsServerRules,
  familyJump,
  includedPortRules,
  IP,
  LOCALHOST,
  netRules,
  nets,
  outputChain,
  PASSTHROUGH,
  ports,
  preroutingChain,
  redirect,
  userExceptionRules,
} from '../rule-parts.js';
import type { NftChain, NftRule } from '../table.js';

/** Istio's inbound tunnel port (config.InboundTunnelPort): HBONE, never captured, never looped back. */
const HBONE = 15008;
/** DNS, carved out of the loopback rules when DNS is captured. */
const DNS = 53;

/**
 * Addresses istio-cni puts on the pod's lo: ::6/128 whenever IPv6 is redirected, because Envoy binds ::6 as
 * the source of IPv6 inbound passthrough connections (tools/common/tproxy/run_linux.go configureIPv6Addresses,
 * called by nft.ProgramNftables after the rules when EnableIPv6; "file exists" ignored).
 */
export function istioLoopbackAddresses(p: ProxyPolicy): string[] {
  return p.families.includes(6) ? ['::6/128'] : [];
}

/** Istio's includeInboundPorts "": every port excepted (the profile's way of keeping the inbound port). */
function capturesNoInbound(p: ProxyPolicy): boolean {
  if (p.inboundIncludePorts.length > 0) return false;
  let next = 1;
  for (const r of [...p.inboundExceptions.ports].sort((a: PortRange, b: PortRange) => a.from - b.from)) {
    if (r.from <= next && r.to >= next) next = r.to + 1;
  }
  return next > 65535;
}

/** Istio's HasLoopBackIP: an included range starting with a loopback address drops the "lo returns" rules. */
function includesLoopback(p: ProxyPolicy): boolean {
  return (p.outboundIncludeNets ?? []).some((n) => (n.family === 4 ? n.address.startsWith('127.') : n.address === '::1'));
}

function inboundChain(p: ProxyPolicy, inboundPort: number): NftChain {
  const rules: NftRule[] = [{ text: `tcp dport ${HBONE} return`, comment: 'HBONE' }];
  rules.push(...netRules(p.inboundExceptions.nets, 'saddr'));
  if (p.inboundIncludePorts.length > 0) {
    rules.push({ text: `tcp dport ${ports(p.inboundIncludePorts)} redirect to :${inboundPort}` });
  } else {
    if (p.inboundExceptions.ports.length > 0) rules.push({ text: `tcp dport ${ports(p.inboundExceptions.ports)} return` });
    rules.push({ text: redirect(inboundPort) });
  }
  return { name: 'inbound', rules };
}

function outboundChain(p: ProxyPolicy, dns: boolean): NftChain {
  const fams: readonly IpFamily[] = p.families;
  const out = p.outboundExceptions;
  const rules: NftRule[] = [];
  // Excluded ports first: before the proxy's calls to its own pod are sent inbound.
  if (out.ports.length > 0) {
    rules.push({ text: `tcp dport ${ports(out.ports)} return` });
    if (dns) rules.push({ text: `udp dport ${ports(out.ports)} return` });
  }
  rules.push(...fams.map((f) => ({ text: `oifname "lo" ${IP[f]} saddr ${PASSTHROUGH[f]} return`, comment: 'proxy inbound passthrough' })));
  const loReturns = !includesLoopback(p);
  for (const [key, id] of [
    ['skuid', p.identity.uid],
    ['skgid', p.identity.gid],
  ] as const) {
    if (id === undefined) continue;
    if (p.inboundPort !== undefined) {
      // The uid rule also spares DNS (the agent's own queries); Istio's gid rule does not.
      const spared = dns && key === 'skuid' ? `{ ${DNS}, ${HBONE} }` : `${HBONE}`;
      for (const f of fams) {
        rules.push({
          text: `oifname "lo" ${IP[f]} daddr != ${LOCALHOST[f]} tcp dport != ${spared} meta ${key} ${id} redirect to :${p.inboundPort}`,
          comment: 'proxy to its own pod: inbound',
        });
      }
    }
    if (loReturns) {
      rules.push({ text: `oifname "lo" ${dns ? `tcp dport != ${DNS} ` : ''}meta ${key} != ${id} return`, comment: 'others on loopback' });
    }
    rules.push({ text: `meta ${key} ${id} return`, comment: 'the proxy itself' });
  }
  rules.push(...userExceptionRules(p.outboundExcludeUsers, 'tcp'));
  if (dns) rules.push(...userExceptionRules(p.outboundExcludeUsers, 'udp'));
  if (p.dnsCapturePort !== undefined) {
    rules.push({ text: `tcp dport ${DNS} redirect to :${p.dnsCapturePort}`, comment: 'DNS' });
    rules.push({ text: `udp dport ${DNS} redirect to :${p.dnsCapturePort}`, comment: 'DNS' });
  }
  rules.push(...fams.map((f) => ({ text: `${IP[f]} daddr ${LOCALHOST[f]} return` })));
  if (p.outboundPort !== undefined) {
    rules.push(...netRules(out.nets, 'daddr'));
    rules.push(...includedPortRules(p, p.outboundPort));
    if (p.outboundIncludeNets === undefined) rules.push({ text: redirect(p.outboundPort) });
    else {
      for (const f of fams) {
        const s = nets(p.outboundIncludeNets, f);
        if (s !== undefined) rules.push({ text: `${IP[f]} daddr ${s} ${redirect(p.outboundPort)}` });
      }
    }
  }
  return { name: 'outbound', rules };
}

export function istioChains(p: ProxyPolicy): NftChain[] {
  const chains: NftChain[] = [];
  if (p.inboundPort !== undefined && !capturesNoInbound(p)) {
    chains.push(preroutingChain([familyJump(p, 'tcp', 'inbound')]));
    chains.push(inboundChain(p, p.inboundPort));
  }
  const dns = p.dnsCapturePort !== undefined;
  const jumps: NftRule[] = [...dnsServerRules(p), familyJump(p, 'tcp', 'outbound')];
  if (dns) jumps.push(familyJump(p, 'udp', 'outbound'));
  chains.push(outputChain(jumps));
  chains.push(outboundChain(p, dns));
  return chains;
}
