// `hcnproxyctl explain` (the bundled CLI): the pod path's decision on the golden pods of every profile,
// with the ruleset and HNS policy it would write (golden files), the reasons naming the keys; inputs
// as annotations JSON, a Pod manifest in YAML, a Deployment; node settings from a conflist, an NRI
// settings file or flags; nothing touched. `explain --pod` against a real containerd is in test/e2e.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { expectGolden } from '../support/golden.js';
import { consulPod, ISTIO_POD, KUMA_POD, LINKERD_POD, OSM_POD, OURS_POD } from '../fixtures/pods.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hcnproxyctl-explain-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const f = path.join(tmp, name);
  fs.writeFileSync(f, text);
  return f;
};
const NODE = ['--inbound-port', '15006', '--outbound-port', '15001', '--proxy-uid', '1337'];

interface ExplainJson {
  decision: string;
  profile?: string;
  reason?: string;
  keys?: { key: string; state: string; detail?: string }[];
  nftables?: string;
  hns?: unknown;
  pod: { source: string; namespace?: string };
  node: { source: string };
}
const explain = (args: string[]) => {
  const r = runCli(['explain', ...args, '-o', 'json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as ExplainJson;
};

const PODS: [string, Record<string, string>, string | undefined][] = [
  ['hcnproxyctl', OURS_POD, undefined],
  ['istio', ISTIO_POD, 'nft/istio-defaults.nft'],
  ['linkerd', LINKERD_POD, 'nft/linkerd-defaults.nft'],
  ['kuma', KUMA_POD, undefined],
  ['consul', consulPod(), undefined],
  ['osm', OSM_POD, 'nft/osm-defaults.nft'],
];

describe('hcnproxyctl explain', () => {
  it.each(PODS)('the golden %s pod: redirected by its profile, the ruleset and HNS policy it would write, text and JSON', (profile, pod, existing) => {
    const annotations = file(`${profile}.json`, JSON.stringify(pod));
    const j = explain(['--annotations', annotations, ...NODE]);
    expect(j).toMatchObject({ decision: 'redirect', profile });
    expectGolden(`explain/${profile}.nft`, j.nftables!);
    if (existing) expect(j.nftables).toBe(fs.readFileSync(path.join(import.meta.dirname, '..', 'golden', existing), 'utf8'));
    expectGolden(`explain/${profile}.hns.json`, `${JSON.stringify(j.hns, null, 2)}\n`);
    // Every annotation is accounted for, by name.
    expect(j.keys!.map((k) => k.key)).toEqual(Object.keys(pod).sort());
    expect(j.keys!.some((k) => k.state === 'opt-in')).toBe(true);
    const text = runCli(['explain', '--annotations', annotations, ...NODE]);
    expect(text.code).toBe(0);
    expectGolden(`explain/${profile}.txt`, text.stdout.replaceAll(tmp, '<tmp>'));
  });

  it('a Pod manifest in YAML: its namespace counts (kube-system is excluded before any annotation is read)', () => {
    const yaml = (ns: string) => `apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: ${ns}
  annotations:
    hcnproxyctl.io/enabled: "true"
    hcnproxyctl.io/exclude-outbound-ips: 10.0.0.0/8
spec:
  containers: [{ name: app, image: nginx }]
`;
    const j = explain(['--annotations', file('web.yaml', yaml('shop')), ...NODE]);
    expect(j).toMatchObject({ decision: 'redirect', profile: 'hcnproxyctl', pod: { namespace: 'shop', source: expect.stringContaining('(Pod shop/web)') } });
    expect(j.keys).toContainEqual({
      key: 'hcnproxyctl.io/exclude-outbound-ips',
      state: 'dropped',
      detail: expect.stringContaining('allowPodOverrides is false'),
    });
    const sys = explain(['--annotations', file('sys.yaml', yaml('kube-system')), ...NODE]);
    expect(sys).toMatchObject({ decision: 'skip', reason: 'namespace kube-system is excluded by the node (excludeNamespaces)' });
  });

  it("a Deployment: the pod template's annotations; the node from a conflist entry (allowPodOverrides there)", () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'shop', annotations: { unrelated: 'x' } },
      spec: { template: { metadata: { annotations: { 'hcnproxyctl.io/enabled': 'true', 'hcnproxyctl.io/exclude-outbound-ips': '10.0.0.0/8' } } } },
    };
    const conflist = file(
      'net.conflist',
      JSON.stringify({
        cniVersion: '1.0.0',
        name: 'net',
        plugins: [
          { type: 'bridge', bridge: 'cni0' },
          { type: 'hcnproxyctl', policy: { inboundPort: 15006, outboundPort: 15001, proxyUid: 1337 }, allowPodOverrides: true },
        ],
      }),
    );
    const j = explain(['--annotations', file('deploy.json', JSON.stringify(deployment)), '--conflist', conflist]);
    expect(j).toMatchObject({ decision: 'redirect', node: { source: `${conflist} (hcnproxyctl entry)` }, pod: { namespace: 'shop' } });
    expect(j.keys).toEqual([
      { key: 'hcnproxyctl.io/enabled', state: 'opt-in', detail: "the pod is hcnproxyctl's" },
      { key: 'hcnproxyctl.io/exclude-outbound-ips', state: 'honoured' },
    ]);
    expect(j.nftables).toContain('ip daddr 10.0.0.0/8 return');
  });

  it('a malformed annotation: fail-closed names the key and shows the rest; failOpen drops it and redirects', () => {
    const pod = file('bad.json', JSON.stringify({ 'hcnproxyctl.io/enabled': 'true', 'hcnproxyctl.io/outbound-port': 'http' }));
    const closed = explain(['--annotations', pod, ...NODE]);
    expect(closed).toMatchObject({ decision: 'refuse', reason: expect.stringContaining('hcnproxyctl.io/outbound-port') });
    expect(closed.keys).toContainEqual({ key: 'hcnproxyctl.io/outbound-port', state: 'invalid', detail: expect.stringContaining('"http"') });
    const text = runCli(['explain', '--annotations', pod, ...NODE]);
    expect(text.stdout).toMatch(/^decision: the pod would not start \(fail-closed\) — .*hcnproxyctl\.io\/outbound-port/m);
    const open = explain(['--annotations', pod, ...NODE, '--fail-open']);
    expect(open).toMatchObject({ decision: 'redirect' });
    expect(open.keys).toContainEqual({ key: 'hcnproxyctl.io/outbound-port', state: 'invalid', detail: expect.stringContaining('"http"') });
  });

  it('a Linkerd pod with one bad skip-outbound-ports item: redirected, as linkerd-cni starts it; the dropped item is named', () => {
    const key = 'config.linkerd.io/skip-outbound-ports';
    const pod = file('linkerd-bad-item.json', JSON.stringify({ ...LINKERD_POD, [key]: '9090,mysql' }));
    const j = explain(['--annotations', pod, ...NODE, '--allow-pod-overrides']);
    expect(j).toMatchObject({ decision: 'redirect', profile: 'linkerd' });
    expect(j.keys).toContainEqual({ key, state: 'partly', detail: expect.stringContaining('"mysql" is not a port (0-65535) or LO-HI range: dropped') });
    expect(j.nftables).toContain('tcp dport 9090 return');
    expect(runCli(['explain', '--annotations', pod, ...NODE, '--allow-pod-overrides']).stdout).toContain('"mysql"');
  });

  it('a pod without opt-in: not redirected, and why (the markers looked for)', () => {
    const j = explain(['--annotations', file('plain.json', '{"app": "web"}'), ...NODE]);
    expect(j).toMatchObject({
      decision: 'skip',
      reason: expect.stringContaining('no opt-in annotation (looked for hcnproxyctl.io/enabled: "true", sidecar.istio.io/status'),
    });
  });

  it('bad input: exit 2 with one clear line', () => {
    const cases: [string[], RegExp][] = [
      [[], /give the pod: --annotations FILE \(or -\) or --pod ID/],
      [['--annotations', file('bad.yaml', 'a: [1, 2\n')], /bad\.yaml: not valid YAML \(line \d+\).* \(nor JSON\)/],
      [
        ['--annotations', file('num.yaml', 'metadata:\n  annotations:\n    hcnproxyctl.io/enabled: true\n')],
        /annotation hcnproxyctl\.io\/enabled is true, not a string/,
      ],
      [
        ['--annotations', file('ok.json', '{}'), '--conflist', file('other.conflist', '{"plugins":[{"type":"bridge"}]}')],
        /no hcnproxyctl entry \(plugin types: bridge\)/,
      ],
    ];
    for (const [args, message] of cases) {
      const r = runCli(['explain', ...args]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
  });
});
