// Consul, connection by connection: for each configuration, the rules consul-cni would install (the
// transcription in reference/consul.ts: the injector's annotations → consul-cni → sdk/iptables, loaded with
// iptables-restore) in one pod namespace, our table for the same annotations (decidePod → renderRuleset, what
// `explain` prints) in the other, the same matrix of connections through both, with a stand-in for Envoy as
// consul-dataplane configures it: UID 5995, inbound listener 20000 forwarding to the local app at 127.0.0.1
// (::1) on the original port (the public listener's local_app cluster, LocalServiceAddress 127.0.0.1 or ::1 by
// the endpoints controller), outbound listener 15001 forwarding to the original destination as UID 5995.
// Consul always captures both directions (no annotation turns one off), so every configuration is two-direction.
// Root only (network namespaces).
import { beforeAll, describe, expect, it } from 'vitest';
import { findBinary, renderRuleset } from '../../src/nft/index.js';
import { ALL_PROFILES, decidePod, type NodeSettings } from '../../src/policy/annotations/index.js';
import { netLab, skipUnlessNetAdmin } from '../support/netns.js';
import type { Ruleset, StandInProxy } from '../support/traffic-lab.js';
import { differentialLab, type DifferentialLab, type MatrixSpec } from '../support/traffic-matrix.js';
import { consulRuleset, injectedAnnotations, type InjectorInput } from '../support/mesh-reference/consul.js';

const skip = skipUnlessNetAdmin('test/differential/consul.test.ts') || !findBinary('iptables-restore') || !findBinary('ip6tables-restore');

const ENVOY: StandInProxy = {
  tag: 'envoy',
  uid: 5995,
  gid: 5995,
  listen: [
    { port: 15001, families: '46' },
    { port: 20000, families: '46' },
  ],
  inboundPort: 20000,
  inboundTarget: 'localhost',
};

const SPEC: MatrixSpec = {
  proxy: { uid: 5995, gid: 5995 },
  // The init container (always excluded by the injector) and a user a pod may exclude.
  users: { init: { uid: 5996, gid: 5996 }, batch: { uid: 1001, gid: 1001 } },
  // Consul's own ports (outbound and inbound listeners, proxy health, metrics, a probe, Envoy admin, DNS and
  // Consul DNS) and app ports (8080 is also http-alt in /etc/services).
  ports: [53, 8080, 8600, 9090, 15001, 19000, 20000, 20200, 20300, 21000],
};

// Allow pod overrides: the mesh's annotation semantics are compared, not our node's widening rule.
const NODE: NodeSettings = { policy: {}, profiles: ALL_PROFILES, allowPodOverrides: true };

const ALL_EXCLUSIONS: InjectorInput = {
  consulDNS: true,
  metricsPort: '20200',
  proxyHealthCheck: true,
  probes: ['liveness'],
  excludeInboundPorts: '8080',
  excludeOutboundPorts: '9090,http-alt',
  excludeOutboundCIDRs: '10.99.0.0/16',
  excludeUIDs: '1001',
};

/** Every knob consul-cni honours, alone and combined, in both families. */
const CONFIGS: Readonly<Record<string, InjectorInput>> = {
  defaults: {},
  'consul-dns': { consulDNS: true },
  'sidecar-listeners': { metricsPort: '20200', proxyHealthCheck: true, probes: ['liveness'] },
  'exclude-inbound-ports': { excludeInboundPorts: '8080,9000:9100' },
  'exclude-outbound-ports': { excludeOutboundPorts: '9090,http-alt' },
  'exclude-outbound-cidrs': { excludeOutboundCIDRs: '10.244.7.1/32,10.99.0.1/16' },
  'exclude-uids': { excludeUIDs: '1001' },
  'exclude-port-range': { excludeOutboundPorts: ':53,8600:' },
  everything: ALL_EXCLUSIONS,
  'dual-stack': { dualStack: true },
  'dual-stack-dns': { dualStack: true, consulDNS: true },
  'dual-stack-exclusions': {
    dualStack: true,
    excludeInboundPorts: '8080',
    excludeOutboundPorts: '9090',
    excludeOutboundCIDRs: 'fd00:99::/64',
    excludeUIDs: '1001',
  },
  'dual-stack-everything': { ...ALL_EXCLUSIONS, dualStack: true, excludeOutboundCIDRs: '10.99.0.0/16,fd00:99::/64' },
};

/** Cells whose fates are meant to differ, and why. None: every cell of every configuration ends where Consul's would. */
const INTENDED: Readonly<Record<string, string>> = {};

function ours(annotations: Record<string, string>): Ruleset {
  const d = decidePod(annotations, NODE);
  if (d.action !== 'redirect') throw new Error(`our decision skips the pod: ${d.reason}`);
  return { nft: renderRuleset(d.policy) };
}

describe.skipIf(skip)('consul: our rules against consul-cni’s, connection by connection', () => {
  const lab = netLab();
  let dl: DifferentialLab;
  const fates = new Map<string, Map<string, string>>();
  let compared = 0;

  beforeAll(async () => {
    dl = await differentialLab(lab, 'cs', ENVOY, SPEC);
  }, 30_000);

  for (const [name, input] of Object.entries(CONFIGS)) {
    it(`${name}: every cell ends where consul-cni’s rules send it`, async () => {
      const annotations = injectedAnnotations(input);
      const c = await dl.compare(consulRuleset(annotations), ours(annotations));
      compared += c.cells;
      fates.set(name, c.ours);
      const unexplained = c.diffs.filter((d) => INTENDED[`${name} ${d.id}`] === undefined);
      expect(unexplained, `${unexplained.length} of ${c.cells} cells differ`).toEqual([]);
    }, 30_000);
  }

  // The findings, stated from Consul's code (each a fate both rulesets give, checked above).
  it('the headline fates', () => {
    const f = (config: string, id: string) => fates.get(config)?.get(id);
    // (a) The init container (UID 5996, always in ExcludeUIDs) reaches the peer directly: no hang in Init.
    expect(f('defaults', 'out/init/peer4/9090')).toBe('c|peer:9090');
    expect(f('defaults', 'out/app/peer4/9090')).toBe('c>envoy:15001|peer:9090');
    // Inbound from a peer reaches the app through 20000 exactly once, at 127.0.0.1.
    expect(f('defaults', 'in/peer/pod4/8080')).toBe('c>envoy:20000|app:8080');
    // (d) All of the proxy's own traffic returns, its pod IP included (no inbound loop).
    expect(f('defaults', 'out/proxy/pod4/8080')).toBe('c|app:8080');
    // (d) Only 127.0.0.1 is exempt: the app calling its pod IP or 127.0.0.2 goes through the proxy.
    expect(f('defaults', 'out/app/lo4/8080')).toBe('c|app:8080');
    expect(f('defaults', 'out/app/pod4/8080')).toBe('c>envoy:15001|app:8080');
    expect(f('defaults', 'out/app/lo4b/8080')).toBe('c>envoy:15001|app:8080');
    // (c) Without dual-stack IPv6 is not redirected, either way.
    expect(f('defaults', 'out/app/peer6/9090')).toBe('c|peer:9090');
    expect(f('defaults', 'in/peer/pod6/8080')).toBe('c|app:8080');
    // (c) With it, IPv6 is redirected like IPv4.
    expect(f('dual-stack', 'out/app/peer6/9090')).toBe('c>envoy:15001|peer:9090');
    expect(f('dual-stack', 'in/peer/pod6/8080')).toBe('c>envoy:20000|app:8080');
    // (b) Consul DNS: 127.0.0.1:53 goes to 8600, for every user; DNS elsewhere is untouched by the DNAT.
    expect(f('consul-dns', 'out/app/lo4/53')).toBe('c|app:8600');
    expect(f('consul-dns', 'out/proxy/lo4/53')).toBe('c|app:8600');
    expect(f('consul-dns', 'out/app/peer4/53')).toBe('c>envoy:15001|peer:53');
    // Dual-stack: Consul DNS is at ::1 only (the IPv4 pass writes no DNS rule).
    expect(f('dual-stack-dns', 'out/app/lo6/53')).toBe('c|app:8600');
    expect(f('dual-stack-dns', 'out/app/lo4/53')).toBe('c|app:53');
    // (e) A service name in a port list: http-alt is 8080.
    expect(f('exclude-outbound-ports', 'out/app/peer4/8080')).toBe('c|peer:8080');
    expect(f('exclude-outbound-ports', 'out/app/peer4/9090')).toBe('c|peer:9090');
    // Excluded users.
    expect(f('exclude-uids', 'out/batch/peer4/9090')).toBe('c|peer:9090');
    expect(f('defaults', 'out/batch/peer4/9090')).toBe('c>envoy:15001|peer:9090');
    expect(compared).toBe(Object.keys(CONFIGS).length * dl.cells.length);
  });
});
