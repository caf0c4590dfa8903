// Istio, connection by connection: for each configuration, Istio's own nftables capture rules (the
// reference, test/support/mesh-reference/istio.ts: istio-cni's reading of the pod and tools/istio-nftables'
// rule builder, istio 1.30.3, transcribed) in one pod namespace, our table for the same pod annotations (what
// `explain` prints: renderRuleset(decidePod(...).policy), with the ::6 our Istio shape asks applyPolicy to put
// on lo) in the other, the same matrix of connections in both, through a stand-in for the istio-proxy
// container: UID and GID 1337, Envoy's outbound 15001 and inbound 15006, HBONE 15008, health 15021 and
// Prometheus 15090, pilot-agent's 15020 (same container, same user), the DNS proxy's 15053; every inbound
// connection forwarded to its original destination from 127.0.0.6 / ::6 (Envoy's inbound passthrough), every
// other one to its original destination. A dual-stack pod whose proxy has ISTIO_DUAL_STACK (the only way Istio
// redirects IPv6 with its IPv6 rules). Every cell's fate must be equal but for the differences listed, each
// with its reason. Root only.
import { beforeAll, describe, expect, it } from 'vitest';
import { renderRuleset } from '../../src/nft/index.js';
import { loopbackAddresses } from '../../src/nft/shapes/index.js';
import { istioLoopbackAddresses } from '../../src/nft/shapes/istio.js';
import { decidePod, type NodeSettings } from '../../src/policy/annotations/index.js';
import type { PolicyInput } from '../../src/policy/index.js';
import { netLab, skipUnlessNetAdmin } from '../support/netns.js';
import type { Ruleset, StandInProxy } from '../support/traffic-lab.js';
import { ISTIO_POD } from '../fixtures/pods.js';
import { differentialLab, type MatrixSpec } from '../support/traffic-matrix.js';
import { istioCniConfig, istioLoopbackAddrs, istioNftRules } from '../support/mesh-reference/istio.js';

const skip = skipUnlessNetAdmin('test/differential/istio.test.ts');

const PROXY_ID = 1337;
const both = (port: number) => ({ port, families: '46' as const });
const PROXY: StandInProxy = {
  tag: 'envoy',
  uid: PROXY_ID,
  gid: PROXY_ID,
  listen: [15001, 15006, 15008, 15020, 15021, 15090, 15053].map(both),
  inboundPort: 15006,
  inboundTarget: 'orig',
  source4: '127.0.0.6',
  source6: '::6',
};

const SPEC: MatrixSpec = {
  proxy: { uid: PROXY_ID, gid: PROXY_ID },
  // An app user whose group is the proxy's (Istio's uid rules return it before its gid rules would redirect
  // it), and a user with the proxy's UID but another group (the uid rules alone).
  users: { grouped: { uid: 1001, gid: PROXY_ID }, uidonly: { uid: PROXY_ID, gid: 1002 } },
  // Istio's own (outbound, inbound, HBONE, pilot-agent status, Envoy health and metrics), DNS, app ports.
  ports: [15001, 15006, 15008, 15020, 15021, 15090, 53, 80, 8080],
};

const T = 'traffic.sidecar.istio.io/';

interface Config {
  id: string;
  annotations: Record<string, string>;
  /** The istio-proxy container's env besides ISTIO_DUAL_STACK=true (ISTIO_META_DNS_CAPTURE). */
  proxyEnv?: Record<string, string>;
  /** Our node's meshDefaults.istio for the same mesh-wide setting. */
  meshDefaults?: PolicyInput;
  /** Cells allowed to differ: cell id → why (undefined: must be equal). */
  differs?: (cell: string) => string | undefined;
}

const pod = (extra: Record<string, string> = {}): Record<string, string> => ({ ...ISTIO_POD, ...extra });
const DNS =
  "DNS capture is the proxy's env (ISTIO_META_DNS_CAPTURE), which a pod's annotations do not show: not honoured unless the node sets meshDefaults.istio.dnsCapturePort";

const CONFIGS: Config[] = [
  { id: 'defaults', annotations: pod() },
  { id: 'no-inbound', annotations: pod({ [`${T}includeInboundPorts`]: '' }) },
  { id: 'no-outbound', annotations: pod({ [`${T}includeOutboundIPRanges`]: '' }) },
  { id: 'both-off', annotations: pod({ [`${T}includeInboundPorts`]: '', [`${T}includeOutboundIPRanges`]: '' }) },
  {
    id: 'both-off-ports',
    annotations: pod({ [`${T}includeInboundPorts`]: '', [`${T}includeOutboundIPRanges`]: '', [`${T}includeOutboundPorts`]: '80,15090' }),
  },
  // A port list is captured whatever the exclusions say (15090 included, 8080 "excluded"); 15008 never is.
  { id: 'inbound-list', annotations: pod({ [`${T}includeInboundPorts`]: '8080,15090,15008', [`${T}excludeInboundPorts`]: '15020,8080' }) },
  // excludeOutboundPorts replaces istio-cni's default 15020: 15020 is captured again.
  { id: 'exclusions', annotations: pod({ [`${T}excludeInboundPorts`]: '15020,80', [`${T}excludeOutboundPorts`]: '8080,15008' }) },
  // Host bits are accepted and masked (10.99.0.1/16 is 10.99.0.0/16).
  { id: 'ranges', annotations: pod({ [`${T}includeOutboundIPRanges`]: '10.99.0.1/16,fd00:99::/64' }) },
  // Excluded ranges are checked before included ports.
  {
    id: 'excluded-before-ports',
    annotations: pod({
      [`${T}includeOutboundIPRanges`]: '',
      [`${T}excludeOutboundIPRanges`]: '10.244.7.1/32,fd00:7::1/128',
      [`${T}includeOutboundPorts`]: '8080',
    }),
  },
  // A loopback range included: the "everyone else on lo returns" rules are not written.
  { id: 'loopback-range', annotations: pod({ [`${T}includeOutboundIPRanges`]: '127.0.0.2/32,10.244.7.0/24,fd00:7::/64' }) },
  {
    id: 'combined',
    annotations: pod({
      [`${T}includeInboundPorts`]: '80,15020',
      [`${T}includeOutboundIPRanges`]: '10.99.0.0/16,10.244.7.1/32',
      [`${T}excludeOutboundIPRanges`]: '10.99.0.1/32',
      [`${T}includeOutboundPorts`]: '15021',
      [`${T}excludeOutboundPorts`]: '',
    }),
  },
  {
    id: 'ports-and-ranges',
    annotations: pod({ [`${T}includeOutboundIPRanges`]: '10.99.0.0/16', [`${T}includeOutboundPorts`]: '80,15090', [`${T}excludeOutboundPorts`]: '15020,8080' }),
  },
  { id: 'ipv6-ranges', annotations: pod({ [`${T}includeOutboundIPRanges`]: 'fd00:99::/64,fd00:7::1/128' }) },
  // Mesh-wide DNS capture: the proxy's ISTIO_META_DNS_CAPTURE for Istio, meshDefaults for us (TCP cells only).
  { id: 'dns', annotations: pod(), proxyEnv: { ISTIO_META_DNS_CAPTURE: 'true' }, meshDefaults: { dnsCapturePort: 15053 } },
  // The same without telling our node: the listed difference shows what "not honoured" means, cell by cell.
  {
    id: 'dns-not-told',
    annotations: pod(),
    proxyEnv: { ISTIO_META_DNS_CAPTURE: 'true' },
    differs: (c) => (/^out\/[a-z]+\/[a-z0-9]+\/53$/.test(c) ? DNS : undefined),
  },
];

function ourNode(meshDefaults?: PolicyInput): NodeSettings {
  return { policy: {}, profiles: ['istio'], allowPodOverrides: true, ...(meshDefaults ? { meshDefaults: { istio: meshDefaults } } : {}) };
}

function ours(c: Config): Ruleset {
  const d = decidePod(c.annotations, ourNode(c.meshDefaults));
  if (d.action !== 'redirect') throw new Error(`${c.id}: skipped: ${d.reason}`);
  return { nft: renderRuleset(d.policy), loopbackAddrs: istioLoopbackAddresses(d.policy) };
}

function theirs(c: Config): Ruleset {
  const cfg = istioCniConfig({ annotations: c.annotations, proxyEnv: { ISTIO_DUAL_STACK: 'true', ...c.proxyEnv }, addresses: 'dual' });
  return { nft: istioNftRules(cfg), loopbackAddrs: istioLoopbackAddrs(cfg) };
}

describe.skipIf(skip)('Istio: our table against istio-cni with native nftables, connection by connection', () => {
  const lab = netLab();
  const report: { id: string; cells: number; unexplained: string[]; intended: number }[] = [];
  const fates = new Map<string, Map<string, string>>();
  const theirFates = new Map<string, Map<string, string>>();

  beforeAll(async () => {
    const d = await differentialLab(lab, 'is', PROXY, SPEC);
    for (const c of CONFIGS) {
      const r = await d.compare(theirs(c), ours(c));
      const unexplained = r.diffs.filter((x) => c.differs?.(x.id) === undefined).map((x) => `${x.id}: istio ${x.theirs}, ours ${x.ours}`);
      report.push({ id: c.id, cells: r.cells, unexplained, intended: r.diffs.length - unexplained.length });
      fates.set(c.id, r.ours);
      theirFates.set(c.id, r.theirs);
    }
  }, 120_000);

  it('every cell of every configuration ends where istio-cni sends it', () => {
    expect(report.filter((r) => r.unexplained.length > 0)).toEqual([]);
    expect(report.map((r) => r.id)).toEqual(CONFIGS.map((c) => c.id));
    expect(report.every((r) => r.cells === 4 * 9 * SPEC.ports.length + 2 * SPEC.ports.length)).toBe(true);
    // The listed difference does show (a list that matches nothing would hide a changed behaviour).
    expect(Object.fromEntries(report.filter((r) => r.intended > 0).map((r) => [r.id, r.intended]))).toEqual({ 'dns-not-told': 18 });
  });

  it("the proxy's connections to its own pod IP or a loopback address but 127.0.0.1 go to 15006, whatever the directions", () => {
    for (const id of ['defaults', 'no-inbound', 'no-outbound', 'both-off']) {
      const f = fates.get(id)!;
      for (const dest of ['pod4', 'pod6', 'lo4b']) expect(f.get(`out/proxy/${dest}/8080`), `${id} ${dest}`).toBe('c>envoy:15006|app:8080');
      expect(f.get('out/proxy/lo4/8080'), id).toBe('c|app:8080');
      expect(f.get('out/proxy/lo6/8080'), id).toBe('c|app:8080');
    }
    // Both directions off: Istio still writes its table, and so do we (the pod is not skipped).
    expect(fates.get('both-off')!.get('in/peer/pod4/8080')).toBe('c|app:8080');
    expect(fates.get('both-off')!.get('out/app/peer4/80')).toBe('c|peer:80');
    expect(fates.get('both-off-ports')!.get('out/app/peer4/80')).toBe('c>envoy:15001|peer:80');
  });

  it('HBONE 15008 is never captured inbound, and the proxy reaches its own 15008 directly', () => {
    for (const [id, f] of fates) {
      expect(f.get('in/peer/pod4/15008'), id).toBe('c>envoy:15008:direct');
      expect(f.get('in/peer/pod6/15008'), id).toBe('c>envoy:15008:direct');
      expect(f.get('out/proxy/pod4/15008'), id).toBe('c>envoy:15008:direct');
    }
  });

  it("an app user in the proxy's group calling its own pod IP is not redirected (Istio's uid rule returns first)", () => {
    const f = fates.get('defaults')!;
    expect(f.get('out/grouped/pod4/8080')).toBe('c|app:8080');
    expect(f.get('out/grouped/pod6/8080')).toBe('c|app:8080');
    expect(f.get('out/grouped/peer4/80')).toBe('c|peer:80');
  });

  it('inbound 15020, 15021 and 15090 reach the proxy directly (istio-cni always excludes them); the rest goes through 15006 once', () => {
    const f = fates.get('defaults')!;
    for (const port of [15020, 15021, 15090]) expect(f.get(`in/peer/pod4/${port}`)).toBe(`c>envoy:${port}:direct`);
    expect(f.get('in/peer/pod4/8080')).toBe('c>envoy:15006|app:8080');
    expect(f.get('in/peer/pod6/8080')).toBe('c>envoy:15006|app:8080');
    expect(f.get('out/app/peer6/80')).toBe('c>envoy:15001|peer:80');
    expect(f.get('out/app/pod4/8080')).toBe('c|app:8080');
    for (const [id, m] of fates)
      expect(
        [...m].filter(([, x]) => x.includes('LOOP')),
        id,
      ).toEqual([]);
  });

  it('Istio-specific orders: included inbound ports beat exclusions, excluded ranges beat included ports, an outbound exclusion replaces 15020', () => {
    expect(fates.get('inbound-list')!.get('in/peer/pod4/8080')).toBe('c>envoy:15006|app:8080');
    expect(fates.get('inbound-list')!.get('in/peer/pod4/80')).toBe('c|app:80');
    expect(fates.get('excluded-before-ports')!.get('out/app/peer4/8080')).toBe('c|peer:8080');
    expect(fates.get('excluded-before-ports')!.get('out/app/other4/8080')).toBe('c>envoy:15001|peer:8080');
    expect(fates.get('exclusions')!.get('out/app/peer4/15020')).toBe('c>envoy:15001|peer:15020');
    expect(fates.get('defaults')!.get('out/app/peer4/15020')).toBe('c|peer:15020');
    // DNS capture: the app's DNS to the DNS proxy; the proxy group's call to its own pod IP on 53 is sent
    // inbound (the uid step spares port 53, the gid redirect does not: Istio's quirk, kept).
    expect(fates.get('dns')!.get('out/app/peer4/53')).toBe('c>envoy:15053|peer:53');
    expect(fates.get('dns')!.get('out/grouped/pod4/53')).toBe('c>envoy:15006|app:53');
    expect(fates.get('defaults')!.get('out/uidonly/pod4/8080')).toBe('c>envoy:15006|app:8080');
    // The same fates on Istio's side (the comparison above holds them equal; this names them).
    expect(theirFates.get('excluded-before-ports')!.get('out/app/peer4/8080')).toBe('c|peer:8080');
  });
});

describe('Istio: the pod around the rules', () => {
  it("applyPolicy puts ::6/128 on lo when IPv6 is redirected, as istio-cni's configureIPv6Addresses (the cells above assume it)", () => {
    const dual = decidePod(pod(), ourNode());
    const v4 = decidePod(pod(), ourNode({ ipFamilies: 'ipv4' }));
    if (dual.action !== 'redirect' || v4.action !== 'redirect') throw new Error('not redirected');
    expect(istioLoopbackAddresses(dual.policy)).toEqual(['::6/128']);
    expect(istioLoopbackAddresses(v4.policy)).toEqual([]);
    // What the apply path adds for the pod (src/nft/shapes/index.ts loopbackAddresses): the same.
    expect(loopbackAddresses(dual.policy)).toEqual(istioLoopbackAddresses(dual.policy));
  });
});

describe('Istio: pods not compared cell by cell', () => {
  it('TPROXY: Istio writes mangle-table tproxy rules; we refuse the pod, saying the mode is not honoured, instead of writing REDIRECT rules', () => {
    const a = pod({ 'sidecar.istio.io/interceptionMode': 'TPROXY' });
    const cfg = istioCniConfig({ annotations: a, addresses: 'dual', proxyEnv: { ISTIO_DUAL_STACK: 'true' } });
    expect(istioNftRules(cfg)).toContain('tproxy ip to :15006');
    expect(() => decidePod(a, ourNode())).toThrow(/interceptionMode: "TPROXY" is not honoured: only REDIRECT rules are written/);
  });

  it('both refuse what istio-cni refuses: a port range, a CIDR without prefix length, a space in a CIDR list, "*" in an exclusion used by the rules', () => {
    const refused: Record<string, string>[] = [
      { [`${T}excludeOutboundPorts`]: '15020-15021' },
      { [`${T}excludeOutboundIPRanges`]: '10.0.0.1' },
      { [`${T}includeOutboundIPRanges`]: '10.0.0.0/8, 10.1.0.0/16' },
      { [`${T}excludeInterfaces`]: 'eth0,' },
    ];
    for (const extra of refused) {
      expect(() => istioCniConfig({ annotations: pod(extra), addresses: 'dual' }), JSON.stringify(extra)).toThrow();
      expect(() => decidePod(pod(extra), ourNode()), JSON.stringify(extra)).toThrow();
    }
    // "*" passes istio-cni's check but the rule `tcp dport *` does not load: the pod fails there too.
    const star = pod({ [`${T}excludeOutboundPorts`]: '*' });
    expect(istioNftRules(istioCniConfig({ annotations: star, addresses: 'dual' }))).toContain('tcp dport * counter return');
    expect(() => decidePod(star, ourNode())).toThrow(/"\*" is not a port list/);
  });
});
