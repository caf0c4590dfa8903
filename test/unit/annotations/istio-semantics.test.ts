// Istio's semantics, as istio-cni (istio 1.30.3, cni/pkg/plugin/sidecar_redirect.go) reads a pod and its capture
// code (tools/istio-nftables/pkg/capture/run.go) uses the values: lists split on commas, ports 0-65535 and no
// ranges, CIDRs with their prefix length (host bits masked), a bad value fails the pod; exclusions replace the
// defaults, 15020/15021/15090 always excluded inbound and only with includeInboundPorts "*"; "" capture lists
// still give Istio's table; TPROXY and the interface keys not honoured, said so. And the rules we write for them
// (golden files test/golden/nft/istio-*.nft, named after Istio's own test cases in
// tools/istio-nftables/pkg/capture/testdata): Istio's order. The connection-by-connection comparison with
// Istio's own rules is test/differential/istio.test.ts.
import { describe, expect, it } from 'vitest';
import { PolicyError } from '../../../src/policy/index.js';
import { renderRuleset } from '../../../src/nft/index.js';
import { istioLoopbackAddresses } from '../../../src/nft/shapes/istio.js';
import { decidePod, type NodeSettings } from '../../../src/policy/annotations/index.js';
import type { PolicyInput } from '../../../src/policy/index.js';
import { expectGolden } from '../../support/golden.js';
import { allowing, issuesOf, ISTIO_POD, node, NOT_ALLOWED, redirect } from '../../fixtures/pods.js';

const T = 'traffic.sidecar.istio.io/';
const MODE = 'sidecar.istio.io/interceptionMode';
const pod = (extra: Record<string, string> = {}): Record<string, string> => ({ ...ISTIO_POD, ...extra });
const meshNode = (istio: PolicyInput): NodeSettings => ({ ...allowing(), meshDefaults: { istio } });
const decide = (a: Record<string, string>, n: NodeSettings = allowing()) => redirect(decidePod(a, n));
const rules = (a: Record<string, string>, n: NodeSettings = allowing()) => renderRuleset(decide(a, n).policy);
const keyOf = (a: Record<string, string>, key: string, n: NodeSettings = allowing()) => decide(a, n).keys.find((k) => k.key === key);
const single = (...list: number[]) => list.map((p) => ({ from: p, to: p }));

describe('istio: the injector-written pod (CNI enabled)', () => {
  it('15006/15001, UID and GID 1337, 15020/15021/15090 not redirected inbound, 15020 outbound, both families, Istio shape', () => {
    const d = decide(pod(), node());
    expect(d.warnings).toEqual([]);
    expect(d.policy).toMatchObject({
      shape: 'istio',
      inboundPort: 15006,
      outboundPort: 15001,
      identity: { uid: 1337, gid: 1337 },
      families: [4, 6],
      inboundExceptions: { ports: single(15020, 15021, 15090), nets: [] },
      outboundExceptions: { ports: single(15020), nets: [] },
      inboundIncludePorts: [],
      outboundIncludePorts: [],
    });
    expect(d.policy.outboundIncludeNets).toBeUndefined();
    expect(istioLoopbackAddresses(d.policy)).toEqual(['::6/128']);
  });
});

describe('istio: capture lists', () => {
  it('"" in both directions is not a skip: the inbound port stays with every port excepted, no destination by address', () => {
    const d = decide(pod({ [`${T}includeInboundPorts`]: '', [`${T}includeOutboundIPRanges`]: '' }));
    expect([d.policy.inboundPort, d.policy.outboundPort, d.policy.outboundIncludeNets]).toEqual([15006, 15001, []]);
    expect(d.policy.inboundExceptions.ports).toContainEqual({ from: 1, to: 65535 });
    const text = renderRuleset(d.policy);
    expect(text).not.toContain('chain prerouting');
    expect(text).toContain('oifname "lo" ip daddr != 127.0.0.1 tcp dport != 15008 meta skuid 1337 redirect to :15006');
    expect(text).not.toContain('redirect to :15001');
  });

  it('"" without allowPodOverrides: both dropped with a warning each, everything stays redirected', () => {
    const d = decide(pod({ [`${T}includeInboundPorts`]: '', [`${T}includeOutboundIPRanges`]: '' }), node());
    expect(d.warnings).toEqual([
      `annotation ${T}includeOutboundIPRanges: outbound included address list (none) not applied (that would redirect less): ${NOT_ALLOWED}`,
      `annotation ${T}includeInboundPorts: 1-65535 not excluded: ${NOT_ALLOWED}`,
    ]);
    expect(d.policy.outboundIncludeNets).toBeUndefined();
    expect(d.policy.inboundExceptions.ports).toEqual(single(15020, 15021, 15090));
  });

  it('a port list is captured whatever the exclusions say: the default ones listed are captured, an excludeInboundPorts beyond them is not applied', () => {
    const a = pod({ [`${T}includeInboundPorts`]: '8080, 15090,8080', [`${T}excludeInboundPorts`]: '15020,9090' });
    const d = decide(a);
    expect(d.policy.inboundIncludePorts).toEqual(single(8080, 15090));
    expect(d.policy.inboundExceptions.ports).toEqual(single(15020, 15021));
    expect(d.warnings).toEqual([`annotation ${T}excludeInboundPorts: 9090 not applied: Istio applies inbound exclusions only when includeInboundPorts is "*"`]);
    expect(keyOf(a, `${T}excludeInboundPorts`)).toMatchObject({ state: 'ignored' });
    // Only the injector's own 15020: nothing to say.
    expect(decide(pod({ [`${T}includeInboundPorts`]: '8080' })).warnings).toEqual([]);
  });

  it('port 0 (accepted by istio-cni, used by no connection) is left out; a list of only 0 captures nothing inbound', () => {
    expect(decide(pod({ [`${T}excludeOutboundPorts`]: '0,9090' })).policy.outboundExceptions.ports).toEqual(single(9090));
    expect(decide(pod({ [`${T}includeInboundPorts`]: '0' })).policy.inboundExceptions.ports).toContainEqual({ from: 1, to: 65535 });
  });

  it('excludeOutboundPorts replaces the default 15020 ("" excludes nothing); excludeInboundPorts keeps 15020/15021/15090', () => {
    expect(decide(pod({ [`${T}excludeOutboundPorts`]: '9090' })).policy.outboundExceptions.ports).toEqual(single(9090));
    expect(decide(pod({ [`${T}excludeOutboundPorts`]: '' })).policy.outboundExceptions.ports).toEqual([]);
    expect(decide(pod({ [`${T}excludeOutboundPorts`]: '15020,9090' })).policy.outboundExceptions.ports).toEqual(single(15020, 9090));
    expect(decide(pod({ [`${T}excludeInboundPorts`]: '9090' })).policy.inboundExceptions.ports).toEqual(single(15020, 15021, 15090, 9090));
  });

  it('CIDRs: host bits masked as nft does, IPv6 too', () => {
    const d = decide(pod({ [`${T}includeOutboundIPRanges`]: '10.99.0.1/16,fd00:99::1/64', [`${T}excludeOutboundIPRanges`]: '10.99.1.7/24' }));
    expect(d.warnings).toEqual([]);
    expect(d.policy.outboundIncludeNets).toEqual([
      { family: 4, address: '10.99.0.0', prefix: 16 },
      { family: 6, address: 'fd00:99::', prefix: 64 },
    ]);
    expect(d.policy.outboundExceptions.nets).toEqual([{ family: 4, address: '10.99.1.0', prefix: 24 }]);
  });
});

describe('istio: what istio-cni refuses, refused here (the pod does not start under Istio either)', () => {
  it.each([
    ['a port range', `${T}excludeOutboundPorts`, '15020-15021', '"15020-15021" is a range: Istio takes single ports'],
    ['space-separated ports', `${T}includeInboundPorts`, '80 443', '"80 443" is not a port number (Istio takes comma-separated ports 0-65535)'],
    ['a trailing comma', `${T}excludeInboundPorts`, '15020,', '"15020," has an empty item: Istio takes comma-separated ports'],
    ['a port above 65535', `${T}includeOutboundPorts`, '65536', '"65536" is out of range: ports are 0-65535'],
    [
      'a CIDR without prefix length',
      `${T}excludeOutboundIPRanges`,
      '10.0.0.1',
      '"10.0.0.1" has no prefix length: Istio takes CIDRs (a host is ADDRESS/32 or /128)',
    ],
    [
      'a space in a CIDR list',
      `${T}includeOutboundIPRanges`,
      '10.0.0.0/8, 10.1.0.0/16',
      '" 10.1.0.0/16" is not a CIDR: Istio takes comma-separated CIDRs, no spaces',
    ],
    ['"*" excluded ranges', `${T}excludeOutboundIPRanges`, '*', '"*" has no prefix length: Istio takes CIDRs (a host is ADDRESS/32 or /128)'],
    ['"*" included outbound ports', `${T}includeOutboundPorts`, '*', `"*" is not a port list: Istio's rule for it does not load and the pod fails there too`],
    ['"*" excluded outbound ports', `${T}excludeOutboundPorts`, '*', `"*" is not a port list: Istio's rule for it does not load and the pod fails there too`],
    ['a bad interface name', `${T}excludeInterfaces`, 'eth0,9net', '"9net" is not an interface name (a letter, then letters, digits, _ . -; at most 15)'],
    ['an unknown mode', MODE, 'NONE', '"NONE" is not an interception mode (Istio takes REDIRECT or TPROXY; TPROXY is not honoured)'],
  ])('%s', (_what, key, value, message) => {
    expect(issuesOf(pod({ [key]: value }), allowing())).toEqual([`${key}: annotation ${key}: ${message}`]);
  });

  it('"*" in excludeInboundPorts only where Istio uses it (with includeInboundPorts "*"); with a port list it is not applied', () => {
    expect(issuesOf(pod({ [`${T}excludeInboundPorts`]: '*' }), allowing())[0]).toContain('"*" is not a port list');
    expect(decide(pod({ [`${T}excludeInboundPorts`]: '*', [`${T}includeInboundPorts`]: '8080' })).warnings).toEqual([
      `annotation ${T}excludeInboundPorts: * not applied: Istio applies inbound exclusions only when includeInboundPorts is "*"`,
    ]);
  });
});

describe('istio: knobs not honoured', () => {
  it('TPROXY: refused, saying it is not honoured; even failOpen never gives it REDIRECT rules (the pod starts without any)', () => {
    const a = pod({ [MODE]: 'TPROXY' });
    const why = `${MODE}: annotation ${MODE}: "TPROXY" is not honoured: only REDIRECT rules are written, and they would cut a TPROXY proxy's inbound path (Istio's TPROXY marks packets, diverts them with tproxy in a mangle table and routes them back by policy routing)`;
    expect(issuesOf(a)).toEqual([why]);
    // Lenient (failOpen) decisions drop bad values to redirect the rest; this one is not droppable.
    let thrown: unknown;
    try {
      decidePod(a, node(), { lenient: true });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(PolicyError);
    expect((thrown as PolicyError).issues).toEqual([{ field: MODE, message: why.slice(MODE.length + 2), whole: true }]);
  });

  it('interfaces: validated, then a warning each; explain says "not honoured"; the deprecated kubevirt name only without the new one', () => {
    const a = pod({ [`${T}excludeInterfaces`]: 'net1', 'istio.io/reroute-virtual-interfaces': 'tap0', [`${T}kubevirtInterfaces`]: 'tap1' });
    expect(decide(a).warnings).toEqual([
      `annotation ${T}excludeInterfaces: "net1" is not honoured: traffic on every interface is redirected`,
      'annotation istio.io/reroute-virtual-interfaces: "tap0" is not honoured: traffic from virtual interfaces is not rerouted to the proxy',
    ]);
    expect(keyOf(a, `${T}excludeInterfaces`)).toMatchObject({ state: 'not-honoured', detail: expect.stringContaining('not honoured') });
    expect(keyOf(a, `${T}kubevirtInterfaces`)).toMatchObject({ state: 'read' });
    expect(decide(pod({ [`${T}kubevirtInterfaces`]: 'tap1' })).warnings).toEqual([
      `annotation ${T}kubevirtInterfaces: "tap1" is not honoured: traffic from virtual interfaces is not rerouted to the proxy`,
    ]);
    expect(decide(pod({ [`${T}excludeInterfaces`]: '' })).warnings).toEqual([]);
  });

  it("proxy.istio.io/config's DNS capture and invalid-packet drop (the proxy's env, which istio-cni reads): a warning", () => {
    const a = pod({ 'proxy.istio.io/config': 'proxyMetadata:\n  ISTIO_META_DNS_CAPTURE: "true"\n  INVALID_DROP: "true"\n' });
    expect(decide(a).warnings).toEqual([
      'annotation proxy.istio.io/config: ISTIO_META_DNS_CAPTURE is not honoured: DNS is not captured (a node can set dnsCapturePort in meshDefaults.istio); INVALID_DROP is not honoured: invalid packets are not dropped',
    ]);
    expect(decide(pod({ 'proxy.istio.io/config': '{"proxyMetadata":{"ISTIO_META_DNS_CAPTURE":"false"}}' })).warnings).toEqual([]);
  });
});

describe("istio: the rules (Istio's order)", () => {
  it('an app user in the group 1337 returns at the uid step, before the group redirect', () => {
    const text = rules(pod());
    const others = text.indexOf('oifname "lo" meta skuid != 1337 return');
    const groupRedirect = text.indexOf('meta skgid 1337 redirect to :15006');
    expect(others).toBeGreaterThan(0);
    expect(groupRedirect).toBeGreaterThan(others);
  });

  it('ipFamilies ipv4 (meshDefaults): no IPv6 rule and IPv6 never enters the chains, no ::6 on lo', () => {
    const d = decide(pod(), meshNode({ ipFamilies: 'ipv4' }));
    const text = renderRuleset(d.policy);
    expect(text).not.toMatch(/ip6|::/);
    expect(text).toContain('meta nfproto ipv4 meta l4proto tcp jump outbound');
    expect(istioLoopbackAddresses(d.policy)).toEqual([]);
  });

  it('DNS capture (meshDefaults dnsCapturePort): UDP enters too, port 53 spared in the loopback rules of the uid (not the gid), as Istio', () => {
    const text = rules(pod(), meshNode({ dnsCapturePort: 15053 }));
    expect(text).toContain('meta l4proto udp jump outbound');
    expect(text).toContain('tcp dport != { 53, 15008 } meta skuid 1337 redirect to :15006');
    expect(text).toContain('tcp dport != 15008 meta skgid 1337 redirect to :15006');
    expect(text).toContain('oifname "lo" tcp dport != 53 meta skuid != 1337 return');
    expect(text).toContain('udp dport 53 redirect to :15053');
  });
});

// Named after Istio's test cases (tools/istio-nftables/pkg/capture/run_test.go) where one matches.
const GOLDEN: [string, Record<string, string>, NodeSettings?][] = [
  ['empty', pod({ [`${T}includeInboundPorts`]: '', [`${T}includeOutboundIPRanges`]: '' })],
  ['inbound-ports-include', pod({ [`${T}includeInboundPorts`]: '32000,31000' })],
  ['outbound-ports-include', pod({ [`${T}includeInboundPorts`]: '', [`${T}includeOutboundIPRanges`]: '', [`${T}includeOutboundPorts`]: '32000,31000' })],
  ['ipnets', pod({ [`${T}includeOutboundIPRanges`]: '10.0.0.0/8' })],
  ['ip-range', pod({ [`${T}includeOutboundIPRanges`]: '9.9.0.0/16', [`${T}excludeOutboundIPRanges`]: '1.1.0.0/16' })],
  ['loopback-outbound-iprange', pod({ [`${T}includeOutboundIPRanges`]: '127.1.2.3/32' })],
  [
    'ipv6-ipnets',
    pod({
      [`${T}includeInboundPorts`]: '4000,5000',
      [`${T}excludeInboundPorts`]: '6000,7000',
      [`${T}includeOutboundIPRanges`]: '2001:db8::/32',
      [`${T}excludeOutboundIPRanges`]: '2001:db8::/32',
    }),
  ],
  ['dns', pod(), meshNode({ dnsCapturePort: 15053 })],
  ['ipv4', pod({ [`${T}excludeOutboundPorts`]: '9090' }), meshNode({ ipFamilies: 'ipv4' })],
];

describe('istio rulesets (golden files test/golden/nft/istio-*.nft)', () => {
  it.each(GOLDEN)('%s', (name, a, n) => {
    expectGolden(`nft/istio-${name}.nft`, rules(a, n));
  });
});
