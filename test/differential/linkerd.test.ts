// Linkerd, connection by connection: for each configuration, linkerd-cni's own rules (the reference,
// test/support/mesh-reference/linkerd.ts, transcribed from linkerd2-proxy-init cni-plugin/v1.6.8 with the
// linkerd2-cni chart's conflist) in one pod namespace, our table for the same pod annotations (what
// `explain` prints: renderRuleset(decidePod(...).policy)) in the other, the same matrix of connections in
// both, through a stand-in for linkerd2-proxy: UID 2102, inbound 4143 and outbound 4140, IPv4 only (the
// chart's disableIPv6) or both families (`ipv6: true`), every inbound connection forwarded to its
// original destination, the pod's own IP, as the proxy user. Every cell's fate must be equal but for
// the differences listed below, each with its reason. Root only.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderRuleset } from '../../src/nft/index.js';
import { decidePod, type NodeSettings } from '../../src/policy/annotations/index.js';
import type { PolicyInput } from '../../src/policy/index.js';
import { netLab, skipUnlessNetAdmin } from '../support/netns.js';
import type { Cell, Ruleset, StandInProxy } from '../support/traffic-lab.js';
import { LINKERD_POD } from '../fixtures/pods.js';
import { differentialLab, type DifferentialLab, type MatrixSpec } from '../support/traffic-matrix.js';
import { AddFails, CHART_CONFLIST, linkerdRuleset, type LinkerdCniConfig } from '../support/mesh-reference/linkerd.js';

const skip = skipUnlessNetAdmin('test/differential/linkerd.test.ts');

const PROXY_UID = 2102;
const PROXY: StandInProxy = {
  tag: 'l5d',
  uid: PROXY_UID,
  listen: [
    { port: 4143, families: '4' },
    { port: 4140, families: '4' },
  ],
  inboundPort: 4143,
  inboundTarget: 'orig',
};
// disableIPv6: false: LINKERD2_PROXY_INBOUND_LISTEN_ADDR [::]:4143, OUTBOUND_LISTEN_ADDRS 127.0.0.1 and [::1].
const PROXY_DUAL: StandInProxy = {
  ...PROXY,
  listen: [
    { port: 4143, families: '46' },
    { port: 4140, families: '46' },
  ],
};

const SPEC: MatrixSpec = {
  proxy: { uid: PROXY_UID },
  users: {
    // The UID of the proxy-uid configuration, and an app user in the proxy-gid configuration's group.
    other: { uid: 2200, gid: 2200 },
    grouped: { uid: 1001, gid: 2300 },
  },
  // Linkerd's own (proxy listeners, control, admin), the ports the configurations skip, app ports.
  ports: [4140, 4143, 4190, 4191, 80, 443, 3306, 4567, 8080, 9090],
};

interface Config {
  id: string;
  annotations: Record<string, string>;
  /** linkerd-cni's conflist (default: the chart's). */
  conflist?: Partial<LinkerdCniConfig>;
  /** Our node's meshDefaults.linkerd for the same conflist. */
  meshDefaults?: PolicyInput;
  /** Cells allowed to differ: cell id → why (undefined: must be equal). */
  differs?: (cell: string) => string | undefined;
}

const DUAL = { conflist: { ipv6: true }, meshDefaults: { ipFamilies: 'dual' } } as const;
const pod = (extra: Record<string, string> = {}) => ({ ...LINKERD_POD, ...extra });
const SPACE =
  'we trim " 4567" and skip 4567; linkerd-cni splits on commas only, strconv.Atoi refuses the space and drops the item, so 4567 stays redirected (our choice: the user clearly meant to skip it)';
const REPLACE =
  "linkerd-cni's skip-outbound-ports replaces the conflist's outbound-ports-to-ignore; our node's meshDefaults.linkerd.outboundExcludePorts are unioned with the annotation (resolve.ts has no replace operation)";

const CONFIGS: Config[] = [
  { id: 'defaults', annotations: pod() },
  { id: 'skip-inbound', annotations: pod({ 'config.linkerd.io/skip-inbound-ports': '8080,9000-9100' }) },
  { id: 'skip-outbound', annotations: pod({ 'config.linkerd.io/skip-outbound-ports': '443,3306' }) },
  { id: 'skip-outbound-range', annotations: pod({ 'config.linkerd.io/skip-outbound-ports': '4000-4600' }) },
  { id: 'bad-item', annotations: pod({ 'config.linkerd.io/skip-outbound-ports': '9090,mysql' }) },
  {
    id: 'space',
    annotations: pod({ 'config.linkerd.io/skip-outbound-ports': '9090, 4567' }),
    differs: (c) => (/^out\/(app|other|grouped)\/(peer4|other4)\/4567$/.test(c) ? SPACE : undefined),
  },
  { id: 'skip-subnet-peer', annotations: pod({ 'config.linkerd.io/skip-subnets': '10.244.7.0/24' }) },
  { id: 'skip-subnet-other', annotations: pod({ 'config.linkerd.io/skip-subnets': '10.99.0.0/16,10.244.7.1/32' }) },
  { id: 'proxy-uid', annotations: pod({ 'config.linkerd.io/proxy-uid': '2200' }) },
  { id: 'proxy-gid', annotations: pod({ 'config.linkerd.io/proxy-gid': '2300' }) },
  {
    id: 'combined',
    annotations: pod({
      'config.linkerd.io/skip-inbound-ports': '80',
      'config.linkerd.io/skip-outbound-ports': '3306,nope,9090',
      'config.linkerd.io/skip-subnets': '10.99.0.0/16',
      'config.linkerd.io/proxy-gid': '2300',
    }),
  },
  { id: 'ports-to-redirect', annotations: pod(), conflist: { portsToRedirect: [8080, 80] }, meshDefaults: { inboundIncludePorts: '8080,80' } },
  {
    id: 'conflist-outbound',
    annotations: pod({ 'config.linkerd.io/skip-outbound-ports': '3306' }),
    conflist: { outboundPortsToIgnore: ['443'] },
    meshDefaults: { outboundExcludePorts: '443' },
    differs: (c) => (/^out\/(app|other|grouped)\/(peer4|other4)\/443$/.test(c) ? REPLACE : undefined),
  },
];

const DUAL_CONFIGS: Config[] = [
  { id: 'dual', annotations: pod(), ...DUAL },
  {
    id: 'dual-skips',
    annotations: pod({
      'config.linkerd.io/skip-inbound-ports': '8080',
      'config.linkerd.io/skip-outbound-ports': '443,mysql',
      'config.linkerd.io/proxy-gid': '2300',
    }),
    ...DUAL,
  },
];

function ourNode(meshDefaults?: PolicyInput): NodeSettings {
  return { policy: {}, profiles: ['linkerd'], allowPodOverrides: true, ...(meshDefaults ? { meshDefaults: { linkerd: meshDefaults } } : {}) };
}

function ours(c: Config): Ruleset {
  const d = decidePod(c.annotations, ourNode(c.meshDefaults));
  if (d.action !== 'redirect') throw new Error(`${c.id}: skipped: ${d.reason}`);
  return { nft: renderRuleset(d.policy) };
}

const theirs = (c: Config): Ruleset => linkerdRuleset(c.annotations, { ...CHART_CONFLIST, ...c.conflist });

/** Inbound from the peer's out-of-range address too (skip-subnets is about the source). */
function extraCells(lab: DifferentialLab): Cell[] {
  const a = lab.addrs;
  return [8080, 443, 4191].flatMap((port) => [
    { id: `in/other/pod4/${port}`, uid: 0, gid: 0, addr: a.pod4, port, from: 'peer' as const, src: a.other4 },
    { id: `in/other/pod6/${port}`, uid: 0, gid: 0, addr: a.pod6, port, from: 'peer' as const, src: a.other6 },
  ]);
}

async function compareAll(lab: DifferentialLab, configs: Config[]) {
  const cells = [...lab.cells, ...extraCells(lab)];
  const report: { id: string; cells: number; unexplained: string[]; intended: number }[] = [];
  const fates = new Map<string, Map<string, string>>();
  for (const c of configs) {
    const r = await lab.compare(theirs(c), ours(c), cells);
    const unexplained = r.diffs.filter((d) => c.differs?.(d.id) === undefined).map((d) => `${d.id}: linkerd ${d.theirs}, ours ${d.ours}`);
    report.push({ id: c.id, cells: r.cells, unexplained, intended: r.diffs.length - unexplained.length });
    fates.set(c.id, r.ours);
  }
  return { report, fates };
}

describe.skipIf(skip)('Linkerd: our table against linkerd-cni, connection by connection', () => {
  const lab = netLab();
  let v4: Awaited<ReturnType<typeof compareAll>>;
  let dual: Awaited<ReturnType<typeof compareAll>>;

  beforeAll(async () => {
    const [l4, l46] = await Promise.all([differentialLab(lab, 'l4', PROXY, SPEC), differentialLab(lab, 'l6', PROXY_DUAL, SPEC)]);
    [v4, dual] = await Promise.all([compareAll(l4, CONFIGS), compareAll(l46, DUAL_CONFIGS)]);
  }, 120_000);

  it('every cell of every configuration ends where linkerd-cni sends it, but for the listed differences', () => {
    const all = [...v4.report, ...dual.report];
    expect(all.filter((r) => r.unexplained.length > 0)).toEqual([]);
    expect(all).toHaveLength(CONFIGS.length + DUAL_CONFIGS.length);
    // The listed differences do show (a list that matches nothing would hide a changed behaviour).
    expect(Object.fromEntries(all.filter((r) => r.intended > 0).map((r) => [r.id, r.intended]))).toEqual({ space: 6, 'conflist-outbound': 6 });
  });

  it('inbound from the peer reaches the app through 4143 exactly once: no loop (linkerd2-proxy-init#45)', () => {
    const f = v4.fates.get('defaults')!;
    expect(f.get('in/peer/pod4/8080')).toBe('c>l5d:4143|app:8080');
    expect(f.get('in/peer/pod4/80')).toBe('c>l5d:4143|app:80');
    // The proxy's own connection to the pod IP is not sent back to 4143.
    expect(f.get('out/proxy/pod4/8080')).toBe('c|app:8080');
    expect(f.get('in/peer/pod4/4191')).toBe('c|app:4191');
    expect(f.get('out/app/peer4/80')).toBe('c>l5d:4140|peer:80');
    expect(f.get('out/app/pod4/8080')).toBe('c|app:8080');
    expect([...f.values()].filter((x) => x.includes('LOOP'))).toEqual([]);
  });

  it("IPv6 is left alone by default (the chart's disableIPv6): not refused at a port nothing listens on", () => {
    const f = v4.fates.get('defaults')!;
    expect(f.get('in/peer/pod6/8080')).toBe('c|app:8080');
    expect(f.get('out/app/peer6/80')).toBe('c|peer:80');
    expect(f.get('out/app/other6/443')).toBe('c|peer:443');
  });

  it('with meshDefaults.linkerd.ipFamilies "dual" (linkerd-cni ipv6: true) IPv6 goes through the proxy too', () => {
    const f = dual.fates.get('dual')!;
    expect(f.get('in/peer/pod6/8080')).toBe('c>l5d:4143|app:8080');
    expect(f.get('out/app/peer6/80')).toBe('c>l5d:4140|peer:80');
    expect(f.get('out/proxy/pod6/8080')).toBe('c|app:8080');
  });

  it('one bad item in skip-outbound-ports is dropped and the rest applies, as linkerd-cni does', () => {
    const f = v4.fates.get('bad-item')!;
    expect(f.get('out/app/peer4/9090')).toBe('c|peer:9090');
    expect(f.get('out/app/peer4/3306')).toBe('c>l5d:4140|peer:3306');
  });

  it('our table of every configuration lists back from nft exactly as rendered (what CHECK compares)', async () => {
    const ns = await lab.addNetns('lr');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hcnproxyctl-lr-'));
    try {
      for (const c of [...CONFIGS, ...DUAL_CONFIGS]) {
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

describe('Linkerd: pods linkerd-cni refuses (no cells to compare)', () => {
  const decision = (annotations: Record<string, string>, meshDefaults?: PolicyInput) => decidePod(annotations, ourNode(meshDefaults));

  it('a skip-outbound-ports with no valid item: linkerd-cni writes `--dports ""` and iptables fails the ADD; we start the pod and skip nothing', () => {
    const a = pod({ 'config.linkerd.io/skip-outbound-ports': 'mysql' });
    expect(() => linkerdRuleset(a)).toThrow(AddFails);
    const d = decision(a);
    expect(d).toMatchObject({ action: 'redirect', profile: 'linkerd' });
    if (d.action === 'redirect') expect(d.policy.outboundExceptions.ports).toEqual([]);
  });

  it('skip-subnets with ipv6 on: linkerd-cni hands every subnet to both iptables and ip6tables, one of them fails the ADD; we apply each to its family', () => {
    const a = pod({ 'config.linkerd.io/skip-subnets': '10.99.0.0/16' });
    expect(() => linkerdRuleset(a, { ...CHART_CONFLIST, ipv6: true })).toThrow(AddFails);
    expect(decision(a, { ipFamilies: 'dual' })).toMatchObject({ action: 'redirect' });
  });

  it('an IPv6 subnet by default: iptables fails the ADD; we start the pod (IPv6 is not redirected anyway)', () => {
    const a = pod({ 'config.linkerd.io/skip-subnets': 'fd00:99::/64' });
    expect(() => linkerdRuleset(a)).toThrow(AddFails);
    expect(decision(a)).toMatchObject({ action: 'redirect' });
  });

  it('both refuse a subnet net.ParseCIDR refuses, and a proxy UID strconv.Atoi refuses', () => {
    const bad: Record<string, string>[] = [{ 'config.linkerd.io/skip-subnets': '10.0.0.1' }, { 'config.linkerd.io/proxy-uid': 'linkerd' }];
    for (const extra of bad) {
      expect(() => linkerdRuleset(pod(extra))).toThrow(AddFails);
      expect(() => decision(pod(extra))).toThrow();
    }
  });
});
