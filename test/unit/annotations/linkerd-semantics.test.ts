// Linkerd's semantics, as linkerd-cni (linkerd2-proxy-init cni-plugin v1.6.8) with the linkerd2-cni chart's
// defaults gives them: port lists split on commas, a bad item logged and dropped (the pod starts), port 0
// and ranges as ParsePortRange reads them, subnets as net.ParseCIDR reads them (a bad one fails the pod),
// the group exemption only for a GID above 0, IPv4 only unless the node says dual; and the rules we write
// for them (golden files test/golden/nft/linkerd-*.nft): linkerd-cni's order, no proxy-to-own-pod-IP
// capture. The connection-by-connection comparison with linkerd-cni's own rules is
// test/differential/linkerd.test.ts.
import { describe, expect, it } from 'vitest';
import { renderRuleset } from '../../../src/nft/index.js';
import { decidePod, type NodeSettings } from '../../../src/policy/annotations/index.js';
import { goCidr, linkerdPortItem } from '../../../src/policy/annotations/linkerd.js';
import type { PolicyInput } from '../../../src/policy/index.js';
import { expectGolden } from '../../support/golden.js';
import { allowing, issuesOf, LINKERD_POD, node, NOT_ALLOWED, redirect } from '../../fixtures/pods.js';

const C = 'config.linkerd.io/';
const OUT = `${C}skip-outbound-ports`;
const IN = `${C}skip-inbound-ports`;
const SUBNETS = `${C}skip-subnets`;
const pod = (extra: Record<string, string> = {}) => ({ ...LINKERD_POD, ...extra });
const meshNode = (linkerd: PolicyInput): NodeSettings => ({ ...allowing(), meshDefaults: { linkerd } });
const rules = (a: Record<string, string>, n: NodeSettings = allowing()) => renderRuleset(redirect(decidePod(a, n)).policy);
const keyOf = (a: Record<string, string>, key: string, n: NodeSettings = allowing()) => redirect(decidePod(a, n)).keys.find((k) => k.key === key);

describe('linkerd: defaults (the linkerd2-cni chart)', () => {
  it('4143/4140, proxy UID 2102, no GID, 4190/4191 not redirected inbound, IPv4 only', () => {
    const d = redirect(decidePod(pod(), node()));
    expect(d.policy).toMatchObject({
      shape: 'linkerd',
      inboundPort: 4143,
      outboundPort: 4140,
      identity: { uid: 2102 },
      families: [4],
      inboundExceptions: {
        ports: [
          { from: 4190, to: 4190 },
          { from: 4191, to: 4191 },
        ],
        nets: [],
      },
      outboundExceptions: { ports: [], nets: [] },
    });
    expect(d.warnings).toEqual([]);
  });

  it('the node\'s meshDefaults.linkerd.ipFamilies "dual" is linkerd-cni\'s ipv6: true', () => {
    expect(redirect(decidePod(pod(), meshNode({ ipFamilies: 'dual' }))).policy.families).toEqual([4, 6]);
  });
});

describe('linkerd: port lists (skip-inbound-ports, skip-outbound-ports)', () => {
  it('reads items as ParsePortRange does, trimming spaces (linkerd-cni does not)', () => {
    expect(['80', '4000-4100', '+80', '080', ' 4567', '4567 ', ' 10 - 20 ', '5-5'].map(linkerdPortItem)).toEqual([
      '80',
      '4000-4100',
      '80',
      '80',
      '4567',
      '4567',
      '10-20',
      '5',
    ]);
    // Port 0 is valid there but matches no connection: a range from 0 starts at 1.
    expect(['0', '0-0', '0-10'].map(linkerdPortItem)).toEqual([null, null, '1-10']);
    for (const bad of ['mysql', '', '65536', '-1', '1-2-3', '5-', '-5', '80 443', '0x50', '1e3']) expect(linkerdPortItem(bad)).toHaveProperty('bad');
    expect(linkerdPortItem('100-90')).toEqual({ bad: 'is a reversed range' });
  });

  it('one bad item is dropped with a warning naming it, the rest applies and the pod starts (not an error)', () => {
    const a = pod({ [OUT]: '9090,mysql' });
    const d = redirect(decidePod(a, allowing()));
    expect(d.policy.outboundExceptions.ports).toEqual([{ from: 9090, to: 9090 }]);
    const warning = `annotation ${OUT}: "mysql" is not a port (0-65535) or LO-HI range: dropped, as linkerd-cni drops it (the other items apply)`;
    expect(d.warnings).toEqual([warning]);
    // explain shows the key as partly honoured, with the dropped item.
    expect(keyOf(a, OUT)).toEqual({ key: OUT, state: 'partly', detail: warning });
    // Lenient or not, the same.
    expect(redirect(decidePod(a, allowing(), { lenient: true })).warnings).toEqual([warning]);
  });

  it('a list with no valid item skips nothing; the pod still starts (linkerd-cni fails it: see the differential suite)', () => {
    const a = pod({ [OUT]: 'mysql,100-90' });
    const d = redirect(decidePod(a, allowing()));
    expect(d.policy.outboundExceptions.ports).toEqual([]);
    expect(d.warnings).toEqual([
      `annotation ${OUT}: "mysql" is not a port (0-65535) or LO-HI range: dropped, as linkerd-cni drops it (nothing is skipped)`,
      `annotation ${OUT}: "100-90" is a reversed range: dropped, as linkerd-cni drops it (nothing is skipped)`,
    ]);
    expect(keyOf(a, OUT)?.state).toBe('ignored');
  });

  it('splits on commas only: "80 443" is one bad item', () => {
    const d = redirect(decidePod(pod({ [OUT]: '80 443,3306' }), allowing()));
    expect(d.policy.outboundExceptions.ports).toEqual([{ from: 3306, to: 3306 }]);
    expect(d.warnings[0]).toContain('"80 443" is not a port');
  });

  it('keeps " 4567" (trimmed): the user clearly meant it; linkerd-cni drops it', () => {
    expect(redirect(decidePod(pod({ [OUT]: '9090, 4567' }), allowing())).input.outboundExcludePorts).toEqual(['9090', '4567']);
  });

  it('port 0 is said to match nothing; an empty value is no value', () => {
    const d = redirect(decidePod(pod({ [IN]: '0,8080', [OUT]: '' }), allowing()));
    expect(d.input.inboundExcludePorts).toEqual(['4190', '4191', '8080']);
    expect(d.input.outboundExcludePorts).toBeUndefined();
    expect(d.warnings).toEqual([`annotation ${IN}: "0": port 0 matches no TCP connection: nothing to skip`]);
  });

  it('skip-inbound-ports adds to 4190/4191; skip-outbound-ports adds to nothing by default', () => {
    const d = redirect(decidePod(pod({ [IN]: '8080,9000-9100', [OUT]: '443' }), allowing()));
    expect(d.input.inboundExcludePorts).toEqual(['4190', '4191', '8080', '9000-9100']);
    expect(d.input.outboundExcludePorts).toEqual(['443']);
  });

  it('widening: not applied unless the node allows pod overrides', () => {
    expect(redirect(decidePod(pod({ [OUT]: '443,bad' }), node())).warnings).toEqual([
      `annotation ${OUT}: "bad" is not a port (0-65535) or LO-HI range: dropped, as linkerd-cni drops it (the other items apply)`,
      `annotation ${OUT}: 443 not excluded: ${NOT_ALLOWED}`,
    ]);
  });
});

describe('linkerd: skip-subnets', () => {
  it('reads CIDRs as net.ParseCIDR does and iptables applies them: prefix required, host bits cleared', () => {
    const d = redirect(decidePod(pod({ [SUBNETS]: '10.1.2.3/8, 192.168.0.0/16,fd00:1::5/32' }), allowing()));
    expect(d.input.inboundExcludeIps).toEqual(['10.0.0.0/8', '192.168.0.0/16', 'fd00:1::/32']);
    expect(goCidr('fd00:1:2:3::1/56', 'x')).toEqual({ family: 6, address: 'fd00:1:2::', prefix: 56 });
    expect(goCidr('10.0.0.0/33', 'x')).toBe('x "10.0.0.0/33" has an invalid prefix length (0-32 for IPv4)');
  });

  it('refuses the pod on a bad item, as linkerd-cni fails its ADD ("... is not a valid CIDR address")', () => {
    for (const v of ['10.0.0.1', '10.0.0.0/8,', 'cluster'])
      expect(issuesOf(pod({ [SUBNETS]: v }), allowing())).toEqual([
        `${SUBNETS}: annotation ${SUBNETS}: "${v === '10.0.0.0/8,' ? '' : v}" is not a CIDR (ADDRESS/PREFIX)`,
      ]);
  });

  it('writes only the redirected families: an IPv6 subnet on an IPv4-only node has no rule (linkerd-cni would fail the ADD)', () => {
    expect(rules(pod({ [SUBNETS]: '10.0.0.0/8,fd00::/8' }))).not.toContain('ip6 saddr');
    expect(rules(pod({ [SUBNETS]: '10.0.0.0/8,fd00::/8' }), meshNode({ ipFamilies: 'dual' }))).toContain('ip6 saddr fd00::/8 return');
  });
});

describe('linkerd: proxy-uid, proxy-gid, and the keys linkerd-cni does not read', () => {
  it("a GID above 0 is exempt; 0 or negative writes no group exemption, as linkerd-cni (the chart's -1)", () => {
    expect(redirect(decidePod(pod({ [`${C}proxy-gid`]: '2300' }), allowing())).policy.identity).toEqual({ uid: 2102, gid: 2300 });
    for (const v of ['0', '-1']) {
      const d = redirect(decidePod(pod({ [`${C}proxy-gid`]: v }), allowing()));
      expect(d.policy.identity).toEqual({ uid: 2102 });
      expect(d.warnings).toEqual([`annotation ${C}proxy-gid: "${v}": no group exemption (linkerd-cni writes one only for a GID above 0)`]);
    }
  });

  it('proxy-uid replaces 2102; a value strconv.Atoi refuses fails the pod, as it fails linkerd-cni', () => {
    expect(redirect(decidePod(pod({ [`${C}proxy-uid`]: '2200' }), allowing())).policy.identity).toEqual({ uid: 2200 });
    expect(issuesOf(pod({ [`${C}proxy-uid`]: 'linkerd' }), allowing())).toHaveLength(1);
  });

  it("the proxy's port annotations are said not to be honoured (linkerd-cni does not read them either)", () => {
    const a = pod({ [`${C}proxy-inbound-port`]: '4444', [`${C}proxy-admin-port`]: '4999' });
    const d = redirect(decidePod(a, allowing()));
    expect(d.policy.inboundPort).toBe(4143);
    expect(d.warnings).toEqual([
      `${C}proxy-inbound-port, ${C}proxy-admin-port not honoured: linkerd-cni does not read them either (it redirects to its own configured ports); set the ports in the node's meshDefaults.linkerd`,
    ]);
    expect(keyOf(a, `${C}proxy-inbound-port`)?.state).toBe('ignored');
  });
});

describe('linkerd: control-plane pods', () => {
  it("warns when the pod was not created by the proxy injector: linkerd-cni skips a control-plane pod's API server ports (a label we do not see)", () => {
    const a = pod({ 'linkerd.io/created-by': 'linkerd/helm edge-25.4.4' });
    const d = redirect(decidePod(a, allowing()));
    expect(d.policy.outboundExceptions.ports).toEqual([]);
    expect(d.warnings).toEqual([
      'annotation linkerd.io/created-by: "linkerd/helm edge-25.4.4": not injected by linkerd/proxy-injector, so possibly a Linkerd control-plane pod: ' +
        "for those (label linkerd.io/control-plane-component) linkerd-cni also skips the Kubernetes API server's ports outbound (443, 6443 by default); " +
        "labels do not reach us: list them in the pod's skip-outbound-ports annotation if so",
    ]);
    expect(keyOf(a, 'linkerd.io/created-by')?.state).toBe('ignored');
    // The warning is the created-by key's, not skip-outbound-ports' (honoured in full).
    expect(keyOf({ ...a, [OUT]: '443' }, OUT)).toEqual({ key: OUT, state: 'honoured' });
    // An injected pod (the golden one) says nothing.
    expect(redirect(decidePod(pod(), allowing())).warnings).toEqual([]);
  });
});

describe("linkerd: the rules, in linkerd-cni's order", () => {
  it('no proxy-to-own-pod-IP capture, no passthrough source; uid, gid, lo, ignored ports, redirect', () => {
    const text = rules(pod({ [`${C}proxy-gid`]: '2300', [OUT]: '443' }));
    expect(text).not.toContain('redirect to :4143 comment');
    expect(text).not.toContain('127.0.0.6');
    const outbound = text.slice(text.indexOf('chain outbound'));
    expect(
      outbound
        .split('\n')
        .slice(1, 6)
        .map((l) => l.trim()),
    ).toEqual([
      'meta skuid 2102 return comment "the proxy itself"',
      'meta skgid 2300 return comment "the proxy itself"',
      'oifname "lo" return comment "loopback is not redirected"',
      'tcp dport 443 return',
      'meta l4proto tcp redirect to :4140',
    ]);
  });

  it('keeps IPv6 out of the chains unless the node says dual', () => {
    expect(rules(pod())).toContain('meta nfproto ipv4 meta l4proto tcp jump inbound');
    expect(rules(pod(), meshNode({ ipFamilies: 'dual' }))).not.toContain('meta nfproto');
  });

  const goldens: Record<string, [Record<string, string>, NodeSettings]> = {
    'linkerd-skips': [pod({ [IN]: '8080,9000-9100', [OUT]: '443,3306,mysql,0-10', [SUBNETS]: '10.96.0.0/12,fd00::/8', [`${C}proxy-gid`]: '2300' }), allowing()],
    'linkerd-dual-stack': [pod({ [OUT]: '443', [SUBNETS]: '10.96.0.0/12,fd00::/8' }), meshNode({ ipFamilies: 'dual' })],
    'linkerd-ports-to-redirect': [pod(), meshNode({ inboundIncludePorts: '8080,80' })],
  };
  for (const [name, [a, n]] of Object.entries(goldens)) {
    it(`golden ${name}`, () => expectGolden(`nft/${name}.nft`, rules(a, n)));
  }
});
