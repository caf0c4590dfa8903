// OSM, connection by connection: for each configuration, the osm-init container's own rules (the
// reference, test/support/mesh-reference/osm.ts, transcribed from openservicemesh/osm v1.2.4
// pkg/injector) in one pod namespace, our table for the same pod annotations (what `explain` prints) in
// the other, the same matrix of connections in both, through a stand-in for OSM's Envoy: UID 1500,
// outbound 15001 and inbound 15003 on 0.0.0.0 (IPv4 only), inbound connections forwarded to 127.0.0.1
// at the original port (its local clusters, MeshConfig's default localProxyMode Localhost). Every cell's
// fate must be equal but for the differences listed below, each with its reason. Root only.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderRuleset } from '../../src/nft/index.js';
import { decidePod, type NodeSettings } from '../../src/policy/annotations/index.js';
import type { PolicyInput } from '../../src/policy/index.js';
import { netLab, skipUnlessNetAdmin } from '../support/netns.js';
import type { Ruleset, StandInProxy } from '../support/traffic-lab.js';
import { OSM_POD } from '../fixtures/pods.js';
import { differentialLab, type DifferentialLab, type MatrixSpec } from '../support/traffic-matrix.js';
import { DEFAULT_MESH_CONFIG, ENVOY_UID, osmConfigFor, osmRuleset, WebhookRefuses, type MeshConfig } from '../support/mesh-reference/osm.js';

const skip = skipUnlessNetAdmin('test/differential/osm.test.ts');

const PROXY: StandInProxy = {
  tag: 'osm',
  uid: ENVOY_UID,
  listen: [
    { port: 15001, families: '4' },
    { port: 15003, families: '4' },
  ],
  inboundPort: 15003,
  inboundTarget: 'localhost',
};

const SPEC: MatrixSpec = {
  proxy: { uid: ENVOY_UID },
  // Envoy's admin, outbound, inbound, Prometheus, a probe and the healthcheck port; app ports.
  ports: [15000, 15001, 15003, 15010, 15901, 15904, 80, 443, 8080, 9090],
};

interface Config {
  id: string;
  annotations: Record<string, string>;
  /** MeshConfig's global lists (default: `osm install`'s, all empty). */
  mesh?: Partial<MeshConfig>;
  /** Our node's meshDefaults.osm for the same MeshConfig. */
  meshDefaults?: PolicyInput;
  differs?: (cell: string) => string | undefined;
}

const pod = (extra: Record<string, string> = {}) => ({ ...OSM_POD, ...extra });
const O = 'openservicemesh.io/';
const UNION =
  "OSM merges the pod's inclusion list with MeshConfig's global one; our annotation include list replaces the node's (resolve.ts), so 10.244.7.0/24 is not redirected here";

const CONFIGS: Config[] = [
  { id: 'defaults', annotations: pod() },
  { id: 'outbound-ports', annotations: pod({ [`${O}outbound-port-exclusion-list`]: '443,9090' }) },
  { id: 'inbound-ports', annotations: pod({ [`${O}inbound-port-exclusion-list`]: '8080' }) },
  { id: 'outbound-ip-exclusion', annotations: pod({ [`${O}outbound-ip-range-exclusion-list`]: '10.99.0.0/16' }) },
  { id: 'outbound-ip-inclusion', annotations: pod({ [`${O}outbound-ip-range-inclusion-list`]: '10.244.7.0/24' }) },
  {
    id: 'combined',
    annotations: pod({
      [`${O}outbound-port-exclusion-list`]: ' 443 , 9090',
      [`${O}inbound-port-exclusion-list`]: '80,8080',
      [`${O}outbound-ip-range-exclusion-list`]: '10.244.7.1/32',
      [`${O}outbound-ip-range-inclusion-list`]: '10.0.0.0/8',
    }),
  },
  {
    id: 'mesh-config-exclusions',
    annotations: pod({ [`${O}outbound-port-exclusion-list`]: '9090' }),
    mesh: { outboundPortExclusionList: [443], inboundPortExclusionList: [80], outboundIPRangeExclusionList: ['10.99.0.0/16'] },
    // meshDefaults replace the profile's defaults: osm-init's fixed inbound skips are listed again.
    meshDefaults: { outboundExcludePorts: '443', inboundExcludePorts: '15010,15901-15904,80', outboundExcludeIps: '10.99.0.0/16' },
  },
  {
    id: 'mesh-config-inclusion',
    annotations: pod({ [`${O}outbound-ip-range-inclusion-list`]: '10.99.0.0/16' }),
    mesh: { outboundIPRangeInclusionList: ['10.244.7.0/24'] },
    meshDefaults: { outboundIncludeIps: '10.244.7.0/24' },
    differs: (c) => (/^out\/app\/peer4\/\d+$/.test(c) ? UNION : undefined),
  },
];

function ourNode(meshDefaults?: PolicyInput): NodeSettings {
  return { policy: {}, profiles: ['osm'], allowPodOverrides: true, ...(meshDefaults ? { meshDefaults: { osm: meshDefaults } } : {}) };
}

function ours(c: Config): Ruleset {
  const d = decidePod(c.annotations, ourNode(c.meshDefaults));
  if (d.action !== 'redirect') throw new Error(`${c.id}: skipped: ${d.reason}`);
  return { nft: renderRuleset(d.policy) };
}

const theirs = (c: Config): Ruleset => osmRuleset(c.annotations, { ...DEFAULT_MESH_CONFIG, ...c.mesh });

async function compareAll(lab: DifferentialLab, configs: Config[]) {
  const report: { id: string; cells: number; unexplained: string[]; intended: number }[] = [];
  const fates = new Map<string, Map<string, string>>();
  for (const c of configs) {
    const r = await lab.compare(theirs(c), ours(c));
    const unexplained = r.diffs.filter((d) => c.differs?.(d.id) === undefined).map((d) => `${d.id}: osm ${d.theirs}, ours ${d.ours}`);
    report.push({ id: c.id, cells: r.cells, unexplained, intended: r.diffs.length - unexplained.length });
    fates.set(c.id, r.ours);
  }
  return { report, fates };
}

describe.skipIf(skip)('OSM: our table against osm-init, connection by connection', () => {
  const lab = netLab();
  let result: Awaited<ReturnType<typeof compareAll>>;

  beforeAll(async () => {
    result = await compareAll(await differentialLab(lab, 'os', PROXY, SPEC), CONFIGS);
  }, 120_000);

  it('every cell of every configuration ends where osm-init sends it, but for the listed differences', () => {
    expect(result.report.filter((r) => r.unexplained.length > 0)).toEqual([]);
    expect(result.report).toHaveLength(CONFIGS.length);
    // peer4 × the 8 ports that are not excluded and not loopback-only: redirected by OSM, not by us.
    expect(Object.fromEntries(result.report.filter((r) => r.intended > 0).map((r) => [r.id, r.intended]))).toEqual({ 'mesh-config-inclusion': 10 });
  });

  it('inbound goes through 15003 once, to the app on 127.0.0.1; Envoy calling its own pod IP goes inbound too', () => {
    const f = result.fates.get('defaults')!;
    expect(f.get('in/peer/pod4/8080')).toBe('c>osm:15003|app:8080');
    expect(f.get('in/peer/pod4/15010')).toBe('c|app:15010');
    expect(f.get('in/peer/pod4/15904')).toBe('c|app:15904');
    expect(f.get('out/proxy/pod4/8080')).toBe('c>osm:15003|app:8080');
    expect(f.get('out/proxy/lo4/8080')).toBe('c|app:8080');
    expect(f.get('out/app/pod4/8080')).toBe('c|app:8080');
    expect(f.get('out/app/peer4/80')).toBe('c>osm:15001|peer:80');
    // osm-init's admin-port ACCEPT sits after the REDIRECT in its chain: 15000 is redirected.
    expect(f.get('out/app/peer4/15000')).toBe('c>osm:15001|peer:15000');
    expect([...f.values()].filter((x) => x.includes('LOOP'))).toEqual([]);
  });

  it('IPv6 is not redirected (osm-init writes iptables rules only)', () => {
    const f = result.fates.get('defaults')!;
    expect(f.get('in/peer/pod6/8080')).toBe('c|app:8080');
    expect(f.get('out/app/peer6/80')).toBe('c|peer:80');
    expect(f.get('out/proxy/pod6/8080')).toBe('c|app:8080');
  });

  it('our table of every configuration lists back from nft exactly as rendered (what CHECK compares)', async () => {
    const ns = await lab.addNetns('or');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hcnproxyctl-or-'));
    try {
      for (const c of CONFIGS) {
        const text = ours(c).nft!;
        const file = path.join(dir, `${c.id}.nft`);
        fs.writeFileSync(file, text);
        await lab.exec(ns, ['nft', 'flush', 'ruleset']);
        await lab.exec(ns, ['nft', '-f', file]);
        expect((await lab.exec(ns, ['nft', 'list', 'table', 'inet', 'hcnproxyctl'])).stdout, c.id).toBe(text);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('OSM: pods the injector refuses, refused by us too', () => {
  it.each([
    ['an empty port list', { [`${O}outbound-port-exclusion-list`]: '' }],
    ['port 0', { [`${O}inbound-port-exclusion-list`]: '0' }],
    ['a port range', { [`${O}outbound-port-exclusion-list`]: '15000-15010' }],
    ['a trailing comma', { [`${O}outbound-port-exclusion-list`]: '443,' }],
    ['an address without a prefix', { [`${O}outbound-ip-range-exclusion-list`]: '10.0.0.1' }],
    ['an empty inclusion list', { [`${O}outbound-ip-range-inclusion-list`]: '' }],
  ])('%s', (_name, extra) => {
    expect(() => osmConfigFor(pod(extra))).toThrow(WebhookRefuses);
    expect(() => decidePod(pod(extra), ourNode())).toThrow();
  });

  it('an IPv6 range: the webhook takes it, osm-init’s iptables-restore fails on it (the pod never leaves Init); we refuse it', () => {
    const a = pod({ [`${O}outbound-ip-range-exclusion-list`]: 'fd00::/8' });
    expect(osmRuleset(a).iptables4).toContain('-A OSM_PROXY_OUTBOUND -d fd00::/8 -j RETURN');
    expect(() => decidePod(a, ourNode())).toThrow(/IPv6/);
  });
});
