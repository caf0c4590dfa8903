// OSM's semantics, as its injector (openservicemesh/osm v1.2.4 pkg/injector/exclusions.go) reads the
// annotations and its osm-init container (pkg/injector/iptables.go) writes the rules: comma lists, items
// trimmed, any bad item refuses the pod, single ports, CIDRs with their prefix, IPv4 only; and the rules we
// write for them (golden files test/golden/nft/osm-*.nft): osm-init's order, Envoy calling its own pod IP
// sent to its inbound listener, no admin-port exception (osm-init's never matches). The connection-by-
// connection comparison with osm-init's own rules is test/differential/osm.test.ts.
import { describe, expect, it } from 'vitest';
import { renderRuleset } from '../../../src/nft/index.js';
import { decidePod, type NodeSettings } from '../../../src/policy/annotations/index.js';
import { expectGolden } from '../../support/golden.js';
import { allowing, issuesOf, node, NOT_ALLOWED, OSM_POD, redirect } from '../../fixtures/pods.js';

const O = 'openservicemesh.io/';
const OUT_PORTS = `${O}outbound-port-exclusion-list`;
const IN_PORTS = `${O}inbound-port-exclusion-list`;
const EX_IPS = `${O}outbound-ip-range-exclusion-list`;
const IN_IPS = `${O}outbound-ip-range-inclusion-list`;
const pod = (extra: Record<string, string> = {}) => ({ ...OSM_POD, ...extra });
const rules = (a: Record<string, string>, n: NodeSettings = allowing()) => renderRuleset(redirect(decidePod(a, n)).policy);

describe('osm: defaults (osm-init)', () => {
  it('15003/15001, Envoy UID 1500, 15010 and 15901-15904 not redirected inbound, IPv4 only', () => {
    const d = redirect(decidePod(pod(), node()));
    expect(d.policy).toMatchObject({ shape: 'osm', inboundPort: 15003, outboundPort: 15001, identity: { uid: 1500 }, families: [4] });
    expect(d.input.inboundExcludePorts).toEqual(['15010', '15901-15904']);
    expect(d.warnings).toEqual([]);
  });
});

describe('osm: port lists, as getPortExclusionListForPod reads them', () => {
  it('comma lists, items trimmed, strconv.Atoi above 0', () => {
    const d = redirect(decidePod(pod({ [OUT_PORTS]: ' 443 , 9090,+80', [IN_PORTS]: '8080' }), allowing()));
    expect(d.input.outboundExcludePorts).toEqual(['443', '9090', '80']);
    expect(d.input.inboundExcludePorts).toEqual(['15010', '15901-15904', '8080']);
  });

  it('refuses the pod on any bad item, as the webhook does (an empty list too; a port above 65535 fails osm-init)', () => {
    for (const v of ['', '0', '-1', 'http', '15000-15010', '443,', '80 443', '70000']) {
      expect(issuesOf(pod({ [OUT_PORTS]: v }), allowing())).toEqual([
        `${OUT_PORTS}: annotation ${OUT_PORTS}: "${v === '443,' ? '' : v}" is not a port (1-65535; OSM takes single ports, comma-separated)`,
      ]);
    }
  });

  it('lenient: the bad annotation is dropped whole, the pod keeps the defaults', () => {
    const d = redirect(decidePod(pod({ [OUT_PORTS]: '443,x' }), allowing(), { lenient: true }));
    expect(d.policy.outboundExceptions.ports).toEqual([]);
    expect(d.keys.find((k) => k.key === OUT_PORTS)?.state).toBe('invalid');
  });

  it('widening: not applied unless the node allows pod overrides', () => {
    expect(redirect(decidePod(pod({ [OUT_PORTS]: '443' }), node())).warnings).toEqual([`annotation ${OUT_PORTS}: 443 not excluded: ${NOT_ALLOWED}`]);
  });
});

describe('osm: IP ranges, as getOutboundIPRangeListForPod reads them (net.ParseCIDR)', () => {
  it('CIDRs with their prefix, host bits cleared as iptables does', () => {
    const d = redirect(decidePod(pod({ [EX_IPS]: '10.96.0.0/12, 169.254.169.254/32', [IN_IPS]: '10.1.2.3/8' }), allowing()));
    expect(d.input.outboundExcludeIps).toEqual(['10.96.0.0/12', '169.254.169.254']);
    expect(d.input.outboundIncludeIps).toEqual(['10.0.0.0/8']);
  });

  it('refuses a bare address, an empty list or item, and an IPv6 range (osm-init is IPv4 only: its iptables-restore fails)', () => {
    expect(issuesOf(pod({ [EX_IPS]: '10.0.0.1' }), allowing())).toEqual([`${EX_IPS}: annotation ${EX_IPS}: "10.0.0.1" is not a CIDR (ADDRESS/PREFIX)`]);
    expect(issuesOf(pod({ [IN_IPS]: '' }), allowing())).toEqual([`${IN_IPS}: annotation ${IN_IPS}: "" is not a CIDR (ADDRESS/PREFIX)`]);
    expect(issuesOf(pod({ [EX_IPS]: '10.0.0.0/8,fd00::/8' }), allowing())).toEqual([
      `${EX_IPS}: annotation ${EX_IPS}: "fd00::/8" is an IPv6 range: osm-init writes IPv4 rules only and its iptables-restore fails on it`,
    ]);
  });
});

describe("osm: the rules, in osm-init's order", () => {
  it('Envoy to its own pod IP → inbound; the app on lo returns; Envoy returns; 127.0.0.1 returns; exclusions; inclusion; redirect', () => {
    const text = rules(pod({ [OUT_PORTS]: '443', [EX_IPS]: '10.96.0.0/12', [IN_IPS]: '10.0.0.0/8' }));
    const outbound = text.slice(text.indexOf('chain outbound'));
    expect(
      outbound
        .split('\n')
        .slice(1, 9)
        .map((l) => l.trim()),
    ).toEqual([
      'oifname "lo" ip daddr != 127.0.0.1 meta skuid 1500 meta l4proto tcp redirect to :15003 comment "proxy to the pod IP: inbound"',
      'oifname "lo" meta skuid != 1500 return comment "the app over loopback"',
      'meta skuid 1500 return comment "the proxy itself"',
      'ip daddr 127.0.0.1 return',
      'ip daddr 10.96.0.0/12 return',
      'tcp dport 443 return',
      'ip daddr != 10.0.0.0/8 return',
      'meta l4proto tcp redirect to :15001',
    ]);
    // No Envoy passthrough source (OSM's Envoy forwards to 127.0.0.1 from 127.0.0.1), no admin-port
    // exception (osm-init's ACCEPT for 15000 follows its REDIRECT), nothing for IPv6.
    expect(text).not.toContain('127.0.0.6');
    expect(text).not.toContain('15000');
    expect(text).not.toContain('ip6');
  });

  const goldens: Record<string, Record<string, string>> = {
    'osm-defaults': pod(),
    'osm-exclusions': pod({ [OUT_PORTS]: '443,9090', [IN_PORTS]: '8080', [EX_IPS]: '10.96.0.0/12,169.254.169.254/32' }),
    'osm-inclusion': pod({ [IN_IPS]: '10.0.0.0/8,172.16.0.0/12', [OUT_PORTS]: '5432' }),
  };
  for (const [name, a] of Object.entries(goldens)) {
    it(`golden ${name}`, () => expectGolden(`nft/${name}.nft`, rules(a)));
  }
});
