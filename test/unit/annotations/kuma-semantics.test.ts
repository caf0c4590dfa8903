// Kuma's semantics, as kuma-cni v2.14.3 gives them to the same annotations (app/cni/pkg/cni/
// annotations_linux.go, injector_linux.go; pkg/transparentproxy/config): exclusion lists replace the
// default 9901, the probe port is added inbound, the injector's readiness port 9902 is kuma-dp's own, the
// IP family mode is the control plane's, per-UID exclusions in kuma's entry syntax, booleans in any
// case, CIDRs masked as iptables does; the YAML configuration replaces the defaults too. Then the rules
// our kuma shape writes for them (golden files test/golden/nft/kuma-*.nft), and ::6 on lo.
import { describe, expect, it } from 'vitest';
import { renderRuleset } from '../../../src/nft/index.js';
import { kumaLoopbackAddresses } from '../../../src/nft/shapes/kuma.js';
import { decidePod } from '../../../src/policy/annotations/index.js';
import { parseYaml } from '../../../src/yaml/index.js';
import { expectGolden } from '../../support/golden.js';
import { allowing, issuesOf, KUMA_POD, node, NOT_ALLOWED, redirect } from '../../fixtures/pods.js';

const T = 'traffic.kuma.io/';
const CONFIG = `${T}transparent-proxy-config`;
const UIDS = `${T}exclude-outbound-ports-for-uids`;
const FAMILY = 'kuma.io/transparent-proxying-ip-family-mode';
const MINIMAL = { 'kuma.io/sidecar-injected': 'true' };
/** kuma v2.14.3's injector, legacy annotations, admin API on a Unix socket: the readiness reporter's 9902 excluded inbound. */
const INJECTED = { ...KUMA_POD, [`${T}exclude-inbound-ports`]: '9902' };

const decide = (a: Record<string, string>, n = node()) => redirect(decidePod(a, n, { parseYaml }));
const ports = (...list: number[]) => list.map((p) => ({ from: p, to: p }));

describe('Kuma: legacy annotations, as kuma-cni reads them', () => {
  it("kuma-cni's defaults: 9901 both ways, the probe proxy 9001 inbound, no DNS, both families", () => {
    const d = decide(MINIMAL);
    expect(d.policy).toMatchObject({ inboundPort: 15006, outboundPort: 15001, identity: { uid: 5678 }, families: [4, 6], shape: 'kuma' });
    expect(d.policy.inboundExceptions.ports).toEqual(ports(9901, 9001));
    expect(d.policy.outboundExceptions.ports).toEqual(ports(9901));
    expect(d.policy.dnsCapturePort).toBeUndefined();
  });

  it("the injector's pod starts without allowPodOverrides: 9902 is kuma-dp's own listener, the family mode the control plane's", () => {
    const d = decide(INJECTED);
    expect(d.warnings).toEqual([]);
    expect(d.policy.inboundExceptions.ports).toEqual(ports(9001, 9902));
    expect(d.policy.outboundExceptions.ports).toEqual(ports(9901));
    expect([d.policy.dnsCapturePort, d.policy.families]).toEqual([15053, [4, 6]]);
    expect(d.keys.filter((k) => [FAMILY, `${T}exclude-inbound-ports`].includes(k.key)).map((k) => k.state)).toEqual(['honoured', 'honoured']);
  });

  it('exclusion lists replace 9901; listing 9901 again is no widening', () => {
    const out = decide({ ...MINIMAL, [`${T}exclude-outbound-ports`]: '3306' }, allowing());
    expect(out.policy.outboundExceptions.ports).toEqual(ports(3306));
    const strict = decide({ ...MINIMAL, [`${T}exclude-outbound-ports`]: '3306' });
    expect(strict.policy.outboundExceptions.ports).toEqual([]);
    expect(strict.warnings).toEqual([`annotation ${T}exclude-outbound-ports: 3306 not excluded: ${NOT_ALLOWED}`]);
    expect(decide({ ...MINIMAL, [`${T}exclude-outbound-ports`]: '9901' }).warnings).toEqual([]);
    // Inbound: the annotation replaces 9901, the probe proxy port is added to it.
    const inbound = decide({ ...MINIMAL, [`${T}exclude-inbound-ports`]: '8080' }, allowing());
    expect(inbound.policy.inboundExceptions.ports).toEqual(ports(9001, 8080));
    const noProbe = decide({ ...MINIMAL, [`${T}exclude-inbound-ports`]: '9902', 'kuma.io/application-probe-proxy-port': '0' });
    expect(noProbe.policy.inboundExceptions.ports).toEqual(ports(9902));
  });

  it('a gateway has no inbound redirect; booleans in any case, as GetEnabled', () => {
    for (const v of ['enabled', 'Enabled', 'TRUE']) {
      const d = decide({ ...INJECTED, 'kuma.io/gateway': v });
      expect([d.policy.inboundPort, d.policy.outboundPort, d.warnings]).toEqual([undefined, 15001, []]);
    }
    expect(decide({ ...MINIMAL, 'kuma.io/builtin-dns': 'True' }).policy.dnsCapturePort).toBe(15053);
    expect(issuesOf({ ...MINIMAL, 'kuma.io/builtin-dns': 'on' })).toEqual([
      'kuma.io/builtin-dns: annotation kuma.io/builtin-dns: "on" is not a boolean (enabled, true, disabled, false)',
    ]);
  });

  it('ip-family-mode: ipv4 leaves IPv6 alone, without allowPodOverrides; ipv6 fails the pod as in kuma-cni', () => {
    const v4 = decide({ ...INJECTED, [FAMILY]: 'ipv4' });
    expect([v4.policy.families, v4.warnings]).toEqual([[4], []]);
    expect(decide({ ...INJECTED, [FAMILY]: 'dualstack' }, node({}, { meshDefaults: { kuma: { ipFamilies: 'ipv4' } } })).policy.families).toEqual([4, 6]);
    expect(issuesOf({ ...MINIMAL, [FAMILY]: 'ipv6' })).toEqual([
      `${FAMILY}: annotation ${FAMILY}: "ipv6" is not supported by kuma-cni (it fails the pod): dualstack or ipv4`,
    ]);
    expect(issuesOf({ ...MINIMAL, [FAMILY]: 'IPv4' })).toEqual([`${FAMILY}: annotation ${FAMILY}: "IPv4" is not dualstack or ipv4`]);
  });

  it.each([
    ['1001', ['1001']],
    ['53,3306:1001', ['1001:53', '1001:3306']],
    ['tcp:3000-5000:1001-1002', ['1001-1002/tcp:3000-5000']],
    ['udp:53:1001;tcp:*:1002', ['1001/udp:53', '1002/tcp']],
    ['tcp,udp:80:1001', ['1001:80']],
    ['*:*:1001', ['1001']],
    [':0-1024:1001', ['1001:1-1024']],
    ['1001;1001', ['1001']],
  ])('per-UID exclusion %s → %j', (value, items) => {
    const d = decide({ ...MINIMAL, [UIDS]: value }, allowing());
    expect(d.input.outboundExcludeUids).toEqual(items);
    expect(d.warnings).toEqual([]);
  });

  it('per-UID exclusions: widening; what kuma refuses fails the pod; an entry without UID is skipped with a warning', () => {
    expect(decide({ ...MINIMAL, [UIDS]: '1001' }).warnings).toEqual([`annotation ${UIDS}: 1001 not excluded: ${NOT_ALLOWED}`]);
    expect(issuesOf({ ...MINIMAL, [UIDS]: '80:*' })).toEqual([
      `${UIDS}: annotation ${UIDS}: "80:*" uses "*" for UIDs, which kuma refuses (expected [tcp|udp|*:][PORTS|*:]UID[-UID])`,
    ]);
    expect(issuesOf({ ...MINIMAL, [UIDS]: 'sctp:80:1001' })).toEqual([
      `${UIDS}: annotation ${UIDS}: "sctp:80:1001" has protocol "sctp": tcp, udp or * (expected [tcp|udp|*:][PORTS|*:]UID[-UID])`,
    ]);
    expect(issuesOf({ ...MINIMAL, [UIDS]: 'a:b:c:d' })[0]).toContain('has more than three parts');
    expect(issuesOf({ ...MINIMAL, [UIDS]: '1001,1002' })[0]).toContain('has UIDs "1001,1002": one id or a range');
    expect(issuesOf({ ...MINIMAL, [UIDS]: 'tcp:80:1002-1001' })).toEqual([
      `${UIDS}: annotation ${UIDS}: "tcp:80:1002-1001": "1002-1001/tcp:80": the id range is reversed`,
    ]);
    // In lenient mode such an annotation is dropped (not taken for a node value at fault).
    expect(redirect(decidePod({ ...MINIMAL, [UIDS]: '1002-1001' }, allowing(), { lenient: true })).input.outboundExcludeUids).toBeUndefined();
    const d = decide({ ...MINIMAL, [UIDS]: '1001;' }, allowing());
    expect(d.input.outboundExcludeUids).toEqual(['1001']);
    expect(d.warnings).toEqual([`annotation ${UIDS}: "" names no UID: ignored (kuma-cni would exempt every user's outbound traffic)`]);
  });

  it('addresses: a CIDR with host bits is masked as iptables does (with a warning); what is no address fails the pod', () => {
    const d = decide({ ...MINIMAL, [`${T}exclude-outbound-ips`]: '10.0.0.1/8, fd00::1' }, allowing());
    expect(d.input.outboundExcludeIps).toEqual(['10.0.0.0/8', 'fd00::1']);
    expect(d.warnings).toEqual([`annotation ${T}exclude-outbound-ips: "10.0.0.1/8" has host bits set: 10.0.0.0/8 is used, as iptables masks it for kuma`]);
    expect(issuesOf({ ...MINIMAL, [`${T}exclude-inbound-ips`]: 'peer' })).toEqual([
      `${T}exclude-inbound-ips: annotation ${T}exclude-inbound-ips: "peer" is not an IPv4/IPv6 address or CIDR`,
    ]);
  });

  it('what we cannot do is said: invalid-packet drop, packet logging', () => {
    const d = decide({ ...MINIMAL, [`${T}drop-invalid-packets`]: 'true', [`${T}iptables-logs`]: 'enabled' });
    expect(d.warnings).toEqual([
      `annotation ${T}drop-invalid-packets: "true" is not honoured: packets in conntrack state INVALID are not dropped`,
      `annotation ${T}iptables-logs: "enabled" is not honoured: no packet logging`,
    ]);
    expect(d.keys.find((k) => k.key === `${T}iptables-logs`)).toMatchObject({ state: 'not-honoured' });
    expect(decide({ ...MINIMAL, [`${T}drop-invalid-packets`]: 'false' }).warnings).toEqual([]);
  });
});

describe('Kuma: the YAML configuration replaces the defaults too', () => {
  it('with no exclusion listed, nothing is excluded (kuma loads it over DefaultConfig)', () => {
    const d = decide({ ...MINIMAL, [CONFIG]: 'cniMode: true\n' });
    expect([d.policy.inboundExceptions.ports, d.policy.outboundExceptions.ports, d.warnings]).toEqual([[], [], []]);
    // An empty value is not read: kuma-cni takes the legacy annotations then.
    expect(decide({ ...MINIMAL, [CONFIG]: '' }).policy.outboundExceptions.ports).toEqual(ports(9901));
  });

  it("the injector's lists: the probe port and 9902 need no allowPodOverrides", () => {
    const d = decide({ ...MINIMAL, [CONFIG]: 'redirect:\n  inbound:\n    excludePorts: [9001, 9902]\n  outbound:\n    excludePorts: [9901]\n' });
    expect(d.warnings).toEqual([]);
    expect([d.policy.inboundExceptions.ports, d.policy.outboundExceptions.ports]).toEqual([ports(9001, 9902), ports(9901)]);
  });

  it('included ports: excludePorts is not used (as kuma), the defaults go', () => {
    const d = decide({ ...MINIMAL, [CONFIG]: 'redirect:\n  inbound:\n    includePorts: [8080]\n    excludePorts: [8080]\n' }, allowing());
    expect([d.policy.inboundIncludePorts, d.policy.inboundExceptions.ports]).toEqual([ports(8080), []]);
    expect(d.warnings).toEqual([`annotation ${CONFIG}: redirect.inbound.excludePorts ignored: kuma uses it only when includePorts is empty`]);
  });

  it('DNS: on only with enabled; captureAll false is warned about and all DNS captured; per-UID entries; family mode', () => {
    expect(decide({ ...MINIMAL, [CONFIG]: 'redirect:\n  dns:\n    captureAll: true\n' }).policy.dnsCapturePort).toBeUndefined();
    const limited = decide({ ...MINIMAL, [CONFIG]: 'redirect:\n  dns:\n    enabled: true\n    port: 15054\n' });
    expect(limited.policy.dnsCapturePort).toBe(15054);
    expect(limited.warnings[0]).toContain('redirect.dns.captureAll false (only the servers of resolv.conf) is not honoured: all DNS is captured');
    const uids = decide({ ...MINIMAL, [CONFIG]: 'redirect:\n  outbound:\n    excludePortsForUIDs: ["tcp:22:1001", "1002-1003"]\n' }, allowing());
    expect(uids.input.outboundExcludeUids).toEqual(['1001/tcp:22', '1002-1003']);
    const upper = decide({ ...MINIMAL, [CONFIG]: 'ipFamilyMode: IPv4\n' });
    expect(upper.policy.families).toEqual([4, 6]);
    expect(upper.warnings).toEqual([
      `annotation ${CONFIG}: ipFamilyMode "IPv4" is taken as dualstack, as kuma-cni does (only "ipv4" in lower case turns IPv6 off)`,
    ]);
    expect(decide({ ...MINIMAL, [CONFIG]: 'ipFamilyMode: ipv4\n' }).policy.families).toEqual([4]);
  });
});

describe('Kuma: the rules (kuma shape) and ::6 on lo', () => {
  const GOLDEN: [string, Record<string, string>][] = [
    ['kuma-cni-defaults', MINIMAL],
    ['kuma-injected', INJECTED],
    ['kuma-gateway', { ...INJECTED, 'kuma.io/gateway': 'enabled' }],
    ['kuma-ipv4', { ...INJECTED, [FAMILY]: 'ipv4' }],
    [
      'kuma-exclusions',
      {
        ...INJECTED,
        [`${T}exclude-outbound-ports`]: '3306,9901',
        [`${T}exclude-outbound-ips`]: '10.96.0.0/12,fd00:10:96::/112',
        [`${T}exclude-inbound-ips`]: '192.168.0.0/16',
        [UIDS]: 'tcp:80,443:1001;udp:53:1002;1003-1004',
      },
    ],
    [
      'kuma-config-includes',
      { ...MINIMAL, [CONFIG]: 'kumaDPUser: "5679"\nredirect:\n  inbound:\n    includePorts: [8080]\n  outbound:\n    includePorts: [80, 443]\n' },
    ],
  ];
  it.each(GOLDEN)('%s', (name, annotations) => {
    expectGolden(`nft/${name}.nft`, renderRuleset(decide(annotations, allowing()).policy));
  });

  it('orders as kuma: excluded ports before the loopback rules; DNS over TCP through; a gateway still sends the proxy to 15006', () => {
    const text = renderRuleset(decide(INJECTED).policy);
    const lines = text.split('\n').map((l) => l.trim());
    const at = (s: string) => lines.findIndex((l) => l.startsWith(s));
    expect(at('tcp dport 9901 return')).toBeGreaterThan(-1);
    expect(at('tcp dport 9901 return')).toBeLessThan(at('oifname "lo" ip saddr 127.0.0.6 return'));
    expect(at('tcp dport 53 meta skuid != 5678 return')).toBeLessThan(at('tcp dport 9901 return'));
    expect(text).not.toContain('tcp dport 53 redirect');
    const gateway = renderRuleset(decide({ ...INJECTED, 'kuma.io/gateway': 'enabled' }).policy);
    expect(gateway).not.toContain('chain prerouting');
    expect(gateway).toContain('oifname "lo" ip6 daddr != ::1 meta skuid 5678 meta l4proto tcp redirect to :15006');
  });

  it('::6/128 goes on lo whenever IPv6 is redirected', () => {
    expect(kumaLoopbackAddresses(decide(INJECTED).policy)).toEqual(['::6/128']);
    expect(kumaLoopbackAddresses(decide({ ...INJECTED, 'kuma.io/gateway': 'true' }).policy)).toEqual(['::6/128']);
    expect(kumaLoopbackAddresses(decide({ ...INJECTED, [FAMILY]: 'ipv4' }).policy)).toEqual([]);
  });
});
