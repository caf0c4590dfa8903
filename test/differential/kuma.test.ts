// Kuma, connection by connection: for each configuration (pod annotations as kuma's injector leaves them,
// and variations of every annotation the profile honours, alone and combined; dual stack and IPv4 only;
// inbound on and off; the YAML configuration), kuma-cni's own rules (reference/kuma.ts, a transcription
// of kumahq/kuma v2.14.3) in one pod namespace, ours (`explain`'s ruleset, with the addresses
// kumaLoopbackAddresses puts on lo) in the other, the same connections through a stand-in kuma-dp (uid
// 5678, Envoy's 15001 / 15006 on both families, inbound passthrough to the original destination from
// 127.0.0.6 / ::6). Every cell's fate must be the same, but for the differences listed with their reason.
// Also: the transcription loads into iptables as kuma's own golden file says (kumahq/kuma:test/transparentproxy).
// Root only (network namespaces).
import { beforeAll, describe, expect, it } from 'vitest';
import { renderRuleset } from '../../src/nft/index.js';
import { kumaLoopbackAddresses } from '../../src/nft/shapes/kuma.js';
import { decidePod } from '../../src/policy/annotations/index.js';
import { parseYaml } from '../../src/yaml/index.js';
import { netLab, skipUnlessNetAdmin, type Netns } from '../support/netns.js';
import type { Cell, Ruleset, StandInProxy } from '../support/traffic-lab.js';
import { allowing, KUMA_POD, redirect } from '../fixtures/pods.js';
import { differentialLab, unexplained, type DifferentialLab } from '../support/traffic-matrix.js';
import { kumaConfigFromAnnotations, kumaDefaultConfig, kumaIptables, kumaRuleset } from '../support/mesh-reference/kuma.js';

const skip = skipUnlessNetAdmin('test/differential/kuma.test.ts');

const PROXY: StandInProxy = {
  tag: 'dp',
  uid: 5678,
  gid: 5678,
  listen: [
    { port: 15001, families: '46' },
    { port: 15006, families: '46' },
    { port: 15011, families: '46' },
  ],
  inboundPort: 15006,
  inboundTarget: 'orig',
  source4: '127.0.0.6',
  source6: '::6',
};
/** An app user named in per-UID exclusions. */
const EXCLUDED = { uid: 1001, gid: 1001 };
// kuma-dp's listeners and admin/readiness/probe ports, DNS, app ports.
const PORTS = [53, 80, 3306, 8080, 9001, 9901, 9902, 15001, 15006, 15053] as const;

const T = 'traffic.kuma.io/';
const CONFIG = `${T}transparent-proxy-config`;
/** What kuma's v2.14.3 injector writes (legacy annotations; admin API on a Unix socket: readiness 9902 excluded inbound). */
const INJECTED = { ...KUMA_POD, [`${T}exclude-inbound-ports`]: '9902' };

/** The ConfigMap-mode document the injector writes (transparentProxy.configMap.enabled: chart defaults, probe and readiness ports appended). */
const CONFIGMAP_YAML = `cniMode: true
kumaDPUser: "5678"
ipFamilyMode: dualstack
redirect:
  dns:
    enabled: true
    captureAll: true
    port: 15053
    skipConntrackZoneSplit: false
  inbound:
    enabled: true
    port: 15006
    excludePorts: [9001, 9902]
  outbound:
    enabled: true
    port: 15001
`;

interface Config {
  name: string;
  annotations: Record<string, string>;
  /** Cell id → why its fate differs on purpose. */
  intended?: (id: string) => string | undefined;
}

const CONFIGS: Config[] = [
  { name: "kuma-cni's defaults (only the injected mark)", annotations: { 'kuma.io/sidecar-injected': 'true' } },
  { name: "the injector's annotations (builtin DNS, 9902)", annotations: INJECTED },
  { name: 'builtin DNS off', annotations: { ...INJECTED, 'kuma.io/builtin-dns': 'disabled' } },
  { name: 'exclude-outbound-ports replaces 9901', annotations: { ...INJECTED, [`${T}exclude-outbound-ports`]: '3306' } },
  { name: 'exclude-inbound-ports replaces 9901', annotations: { ...INJECTED, [`${T}exclude-inbound-ports`]: '8080,9902' } },
  { name: 'probe proxy off', annotations: { ...INJECTED, 'kuma.io/application-probe-proxy-port': '0' } },
  { name: 'probe proxy moved to 3306', annotations: { ...INJECTED, 'kuma.io/application-probe-proxy-port': '3306' } },
  { name: 'exclude-outbound-ips, both families', annotations: { ...INJECTED, [`${T}exclude-outbound-ips`]: '10.244.7.1,fd00:7::1' } },
  {
    name: "exclude-outbound-ips: the pod's own addresses (checked before the proxy-to-own-IP rule)",
    annotations: { ...INJECTED, [`${T}exclude-outbound-ips`]: '10.244.7.2/32,fd00:7::2' },
  },
  { name: 'exclude-inbound-ips', annotations: { ...INJECTED, [`${T}exclude-inbound-ips`]: '10.99.0.0/16, fd00:99::/64' } },
  { name: 'gateway (inbound off)', annotations: { ...INJECTED, 'kuma.io/gateway': 'enabled' } },
  { name: 'ip-family-mode ipv4', annotations: { ...INJECTED, 'kuma.io/transparent-proxying-ip-family-mode': 'ipv4' } },
  {
    name: 'ipv4 gateway without DNS',
    annotations: { ...INJECTED, 'kuma.io/transparent-proxying-ip-family-mode': 'ipv4', 'kuma.io/gateway': 'true', 'kuma.io/builtin-dns': 'false' },
  },
  { name: 'per-UID exclusion: every port', annotations: { ...INJECTED, [`${T}exclude-outbound-ports-for-uids`]: '1001' } },
  { name: 'per-UID exclusion: TCP ports, UDP 53', annotations: { ...INJECTED, [`${T}exclude-outbound-ports-for-uids`]: 'tcp:3306,8080:1001;udp:53:1001' } },
  { name: 'per-UID exclusion: a port range, a UID range', annotations: { ...INJECTED, [`${T}exclude-outbound-ports-for-uids`]: '3000-9000:1001-1002' } },
  { name: 'outbound port 15011', annotations: { ...INJECTED, 'kuma.io/transparent-proxying-outbound-port': '15011' } },
  {
    name: 'everything at once',
    annotations: {
      ...INJECTED,
      [`${T}exclude-outbound-ports`]: '3306,9901',
      [`${T}exclude-inbound-ports`]: '9001,9902',
      [`${T}exclude-outbound-ips`]: '10.99.0.1/32',
      [`${T}exclude-inbound-ips`]: 'fd00:99::1',
      [`${T}exclude-outbound-ports-for-uids`]: 'tcp:80:1001',
      'kuma.io/application-probe-proxy-port': '0',
    },
  },
  { name: 'YAML: the injector’s ConfigMap document', annotations: { 'kuma.io/sidecar-injected': 'true', [CONFIG]: CONFIGMAP_YAML } },
  {
    name: 'YAML: included ports, IPv4 only, no DNS',
    annotations: {
      'kuma.io/sidecar-injected': 'true',
      [CONFIG]: 'cniMode: true\nipFamilyMode: ipv4\nredirect:\n  inbound:\n    includePorts: [8080, 9901]\n  outbound:\n    includePorts: [80]\n',
    },
  },
  {
    name: 'YAML: gateway, per-UID exclusions, excluded ports',
    annotations: {
      'kuma.io/sidecar-injected': 'true',
      [CONFIG]: 'cniMode: true\nredirect:\n  inbound:\n    enabled: false\n  outbound:\n    excludePorts: [9902]\n    excludePortsForUIDs: ["tcp:*:1001"]\n',
    },
  },
  {
    // kuma-cni writes each inbound per-UID entry as an inbound RETURN with no match (utils.go gives it no
    // address; builder_table_nat.go buildMeshInbound writes `-s <address>` only when there is one): nothing
    // is redirected inbound any more. A bug; we keep the inbound redirect (and warn).
    name: 'YAML: inbound per-UID exclusion (kuma stops all inbound capture)',
    annotations: { 'kuma.io/sidecar-injected': 'true', [CONFIG]: 'cniMode: true\nredirect:\n  inbound:\n    excludePortsForUIDs: ["1001"]\n' },
    intended: (id) => (id.startsWith('in/') ? 'kuma returns every inbound connection (an unconditional RETURN); we keep redirecting inbound' : undefined),
  },
  {
    // An entry with no UID (here after a trailing ";") has no owner match in kuma's rule: every user's
    // TCP and UDP leaves unredirected. A typo's effect; we skip the entry (and warn).
    name: 'per-UID exclusion with a trailing ";" (kuma exempts everyone)',
    annotations: { ...INJECTED, [`${T}exclude-outbound-ports-for-uids`]: '1001;' },
    intended: (id) => (id.startsWith('out/') ? 'kuma exempts every user (an exclusion without owner match); we keep redirecting' : undefined),
  },
];

describe.skipIf(skip)('Kuma: kuma-cni v2.14.3 rules vs ours, connection by connection', () => {
  const lab = netLab();
  let dl: DifferentialLab;
  let cells: Cell[];
  const totals = { configs: 0, cells: 0, intended: 0 };

  beforeAll(async () => {
    dl = await differentialLab(lab, 'k', PROXY, { proxy: { uid: 5678 }, users: { excl: EXCLUDED }, ports: PORTS });
    const a = dl.addrs;
    // Inbound from an address the exclude-inbound-ips configurations name.
    const fromOther = [8080, 9901].flatMap((port) => [
      { id: `in/other/pod4/${port}`, uid: 0, gid: 0, addr: a.pod4, port, from: 'peer' as const, src: a.other4 },
      { id: `in/other/pod6/${port}`, uid: 0, gid: 0, addr: a.pod6, port, from: 'peer' as const, src: a.other6 },
    ]);
    cells = [...dl.cells, ...fromOther];
  });

  const ours = (annotations: Record<string, string>): Ruleset => {
    const policy = redirect(decidePod(annotations, allowing(), { parseYaml })).policy;
    return { nft: renderRuleset(policy), loopbackAddrs: kumaLoopbackAddresses(policy) };
  };
  const theirs = (annotations: Record<string, string>): Ruleset => kumaRuleset(kumaConfigFromAnnotations(annotations, parseYaml));

  const fates = new Map<string, Map<string, string>>();
  it.each(CONFIGS)('$name', async ({ name, annotations, intended }) => {
    const c = await dl.compare(theirs(annotations), ours(annotations), cells);
    fates.set(name, c.ours);
    const left = unexplained(c, intended ?? (() => undefined));
    expect(left, `${left.length} of ${c.cells} cells differ`).toEqual([]);
    if (intended) expect(c.diffs.length, 'the intended difference shows').toBeGreaterThan(0);
    totals.configs++;
    totals.cells += c.cells;
    totals.intended += c.diffs.length;
  });

  it("the issue's findings, as fates (ours, the same as kuma-cni's above)", () => {
    const of = (config: string) => {
      const m = fates.get(config);
      if (!m) throw new Error(`no fates for "${config}" (did it run?)`);
      return (id: string) => m.get(id);
    };
    const injected = of("the injector's annotations (builtin DNS, 9902)");
    // (a) IPv6 through the proxy: ::6 is on lo, the passthrough reaches the app.
    expect(injected('in/peer/pod6/8080')).toBe('c>dp:15006|app:8080');
    expect(injected('in/peer/pod4/8080')).toBe('c>dp:15006|app:8080');
    expect(injected('out/proxy/pod6/8080')).toBe('c>dp:15006|app:8080');
    // (b) DNS over TCP is let through, not sent to 15053 (the DNS proxy is UDP only).
    expect(injected('out/app/peer4/53')).toBe('c|peer:53');
    expect(injected('out/app/peer6/53')).toBe('c|peer:53');
    expect(of('builtin DNS off')('out/app/peer4/53')).toBe('c>dp:15001|peer:53');
    // (c) exclusions replace the default 9901 …
    expect(injected('out/app/peer4/9901')).toBe('c|peer:9901');
    const replaced = of('exclude-outbound-ports replaces 9901');
    expect(replaced('out/app/peer4/9901')).toBe('c>dp:15001|peer:9901');
    expect(replaced('out/app/peer4/3306')).toBe('c|peer:3306');
    expect(of('exclude-inbound-ports replaces 9901')('in/peer/pod4/9901')).toBe('c>dp:15006|app:9901');
    expect(injected('in/peer/pod4/9902')).toBe('c|app:9902');
    // … and are checked before the proxy-to-own-pod-IP rule,
    expect(injected('out/proxy/pod4/9901')).toBe('c|app:9901');
    expect(of("exclude-outbound-ips: the pod's own addresses (checked before the proxy-to-own-IP rule)")('out/proxy/pod4/8080')).toBe('c|app:8080');
    // … and a gateway still sends the proxy's own-pod-IP calls inbound.
    const gateway = of('gateway (inbound off)');
    expect(gateway('in/peer/pod4/8080')).toBe('c|app:8080');
    expect(gateway('out/proxy/pod4/8080')).toBe('c>dp:15006|app:8080');
    expect(gateway('out/app/peer4/80')).toBe('c>dp:15001|peer:80');
    // (d) ip-family-mode ipv4 leaves IPv6 alone; per-UID exclusions let that user through.
    const ipv4 = of('ip-family-mode ipv4');
    expect(ipv4('out/app/peer6/80')).toBe('c|peer:80');
    expect(ipv4('in/peer/pod6/8080')).toBe('c|app:8080');
    expect(ipv4('out/app/peer4/80')).toBe('c>dp:15001|peer:80');
    const uids = of('per-UID exclusion: TCP ports, UDP 53');
    expect(uids('out/excl/peer4/3306')).toBe('c|peer:3306');
    expect(uids('out/excl/peer4/80')).toBe('c>dp:15001|peer:80');
    expect(uids('out/app/peer4/3306')).toBe('c>dp:15001|peer:3306');
    // No loop anywhere in our fates.
    for (const [config, m] of fates) for (const [id, fate] of m) expect(fate.includes('LOOP'), `${config}: ${id} ${fate}`).toBe(false);
  });

  it('compared every configuration (the only differences: the two intended ones)', () => {
    expect(totals.configs).toBe(CONFIGS.length);
    expect(totals.cells).toBe(CONFIGS.length * cells.length);
    expect(totals.intended).toBeGreaterThan(0);
  });

  it("the transcription loads as kuma's own golden file lists it (alpine-3-with-multiple-flags, less vnet)", async () => {
    const ns = await lab.addNetns('kg');
    const cfg = kumaDefaultConfig();
    cfg.cniMode = true;
    cfg.redirect.dns = { enabled: true, port: 15053, captureAll: true, skipConntrackZoneSplit: false };
    cfg.redirect.outbound.excludePortsForUIDs = ['53,3000-5000:106-108'];
    cfg.redirect.outbound.excludePortsForIPs = ['10.0.0.1,192.168.0.0/24,fe80::1', 'fd00::/8'];
    cfg.redirect.outbound.excludePorts = [1, 22, 333];
    cfg.redirect.inbound.excludePorts = [4444, 55555];
    cfg.redirect.inbound.excludePortsForIPs = ['192.168.0.1,172.32.16.8/16,fe80::/10', 'a81b:a033:6399:73c7:72b6:aa8c:6f22:7098'];
    for (const [ipv6, golden] of [
      [false, GOLDEN_V4],
      [true, GOLDEN_V6],
    ] as const) {
      const tool = ipv6 ? 'ip6tables' : 'iptables';
      await pipe(lab, ns, [`${tool}-restore`], kumaIptables(cfg, ipv6));
      const saved = await pipe(lab, ns, [`${tool}-save`], '');
      expect(normalize(saved), tool).toEqual(golden);
    }
  });
});

/** Runs argv in the namespace with `input` on stdin; resolves with stdout. */
function pipe(lab: ReturnType<typeof netLab>, ns: Netns, argv: string[], input: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = lab.spawnCommand(ns, argv);
    let out = '';
    let err = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${argv.join(' ')}: ${err}`))));
    child.stdin?.end(input);
  });
}

/** iptables-save's rules without comments and implicit `-m tcp`/`-m udp` (kuma's golden has comments; ours none). */
function normalize(saved: string): string[] {
  return saved
    .split('\n')
    .filter((l) => l.startsWith('-A '))
    .map((l) =>
      l
        .replace(/ -m comment --comment "(?:[^"\\]|\\.)*"/g, '')
        .replace(/ -m (tcp|udp)(?= )/g, '')
        .replace(/ +/g, ' '),
    );
}

// kumahq/kuma:test/transparentproxy/testdata/alpine-3-with-multiple-flags.iptables.golden (v2.14.3) and
// .ip6tables.golden, normalized the same way, less the four `--vnet` PREROUTING rules (not transcribed),
// `ifPlaceholder` being the loopback interface (`lo`).
const GOLDEN_V4 = [
  '-A PREROUTING -p udp --sport 53 -j CT --zone 1',
  '-A OUTPUT -p udp --dport 53 -m owner --uid-owner 5678 -j CT --zone 1',
  '-A OUTPUT -p udp --sport 15053 -m owner --uid-owner 5678 -j CT --zone 2',
  '-A OUTPUT -p udp --dport 53 -j CT --zone 2',
  '-A PREROUTING -p tcp -j KUMA_MESH_INBOUND',
  '-A OUTPUT -p tcp -m multiport --dports 53,3000:5000 -m owner --uid-owner 106-108 -j RETURN',
  '-A OUTPUT -p udp -m multiport --dports 53,3000:5000 -m owner --uid-owner 106-108 -j RETURN',
  '-A OUTPUT -d 10.0.0.1/32 -j RETURN',
  '-A OUTPUT -d 192.168.0.0/24 -j RETURN',
  '-A OUTPUT -p udp --dport 53 -m owner --uid-owner 5678 -j RETURN',
  '-A OUTPUT -p udp --dport 53 -j REDIRECT --to-ports 15053',
  '-A OUTPUT -p tcp --dport 53 -m owner ! --uid-owner 5678 -j RETURN',
  '-A OUTPUT -p tcp -j KUMA_MESH_OUTBOUND',
  '-A KUMA_MESH_INBOUND -s 192.168.0.1/32 -j RETURN',
  '-A KUMA_MESH_INBOUND -s 172.32.0.0/16 -j RETURN',
  '-A KUMA_MESH_INBOUND -p tcp --dport 4444 -j RETURN',
  '-A KUMA_MESH_INBOUND -p tcp --dport 55555 -j RETURN',
  '-A KUMA_MESH_INBOUND -p tcp -j KUMA_MESH_INBOUND_REDIRECT',
  '-A KUMA_MESH_INBOUND_REDIRECT -p tcp -j REDIRECT --to-ports 15006',
  '-A KUMA_MESH_OUTBOUND -p tcp --dport 1 -j RETURN',
  '-A KUMA_MESH_OUTBOUND -p tcp --dport 22 -j RETURN',
  '-A KUMA_MESH_OUTBOUND -p tcp --dport 333 -j RETURN',
  '-A KUMA_MESH_OUTBOUND -s 127.0.0.6/32 -o lo -j RETURN',
  '-A KUMA_MESH_OUTBOUND ! -d 127.0.0.1/32 -o lo -p tcp -m owner --uid-owner 5678 -j KUMA_MESH_INBOUND_REDIRECT',
  '-A KUMA_MESH_OUTBOUND -o lo -p tcp -m owner ! --uid-owner 5678 -j RETURN',
  '-A KUMA_MESH_OUTBOUND -m owner --uid-owner 5678 -j RETURN',
  '-A KUMA_MESH_OUTBOUND -d 127.0.0.1/32 -j RETURN',
  '-A KUMA_MESH_OUTBOUND -j KUMA_MESH_OUTBOUND_REDIRECT',
  '-A KUMA_MESH_OUTBOUND_REDIRECT -p tcp -j REDIRECT --to-ports 15001',
];
const GOLDEN_V6 = GOLDEN_V4.map((l) =>
  l
    .replace('-d 10.0.0.1/32', '-d fe80::1/128')
    .replace('-d 192.168.0.0/24', '-d fd00::/8')
    .replace('-s 192.168.0.1/32', '-s fe80::/10')
    .replace('-s 172.32.0.0/16', '-s a81b:a033:6399:73c7:72b6:aa8c:6f22:7098/128')
    .replace('127.0.0.6/32', '::6/128')
    .replace('127.0.0.1/32', '::1/128'),
);
