// Lenient mode (failOpen): a bad annotation is dropped with a warning and the pod is still redirected.
import { describe, expect, it } from 'vitest';
import { decidePod } from '../../../src/policy/annotations/index.js';
import { PolicyError } from '../../../src/policy/index.js';
import { allowing, consulPod, ISTIO_POD, KUMA_POD, node, OURS_POD, redirect, skipReason } from '../../fixtures/pods.js';

const lenient = { lenient: true };
const I = 'traffic.sidecar.istio.io/';

describe('lenient mode', () => {
  it('drops the bad annotation, keeps the rest', () => {
    const d = redirect(decidePod({ ...ISTIO_POD, [`${I}excludeOutboundPorts`]: '15020-15021', [`${I}excludeInboundPorts`]: 'x' }, node(), lenient));
    expect(d.warnings).toEqual([
      `annotation ${I}excludeOutboundPorts: "15020-15021" is a range: Istio takes single ports; annotation ignored`,
      expect.stringMatching(new RegExp(`^annotation ${I}excludeInboundPorts: .*"x".*; annotation ignored$`)),
    ]);
    expect(d.policy.inboundPort).toBe(15006);
  });

  it('never drops a value the pod cannot be redirected with at all (TPROXY): the decision fails, failOpen then starts the pod without rules', () => {
    expect(() =>
      decidePod({ ...ISTIO_POD, [`${I}excludeOutboundPorts`]: '15020-15021', 'sidecar.istio.io/interceptionMode': 'TPROXY' }, node(), lenient),
    ).toThrow(PolicyError);
  });

  it('reads the pod again without it, so dependent values are recomputed', () => {
    // Istio: an empty includeOutboundIPRanges redirects no destination by address, and without the bad
    // includeOutboundPorts no port either; the outbound port stays (Istio still writes its table).
    const pod = { ...ISTIO_POD, [`${I}includeOutboundIPRanges`]: '', [`${I}includeOutboundPorts`]: '443-444' };
    const d = redirect(decidePod(pod, allowing(), lenient));
    expect([d.policy.inboundPort, d.policy.outboundPort]).toEqual([15006, 15001]);
    expect([d.policy.outboundIncludeNets, d.policy.outboundIncludePorts]).toEqual([[], []]);
    // Without the bad DNS port, kuma's default one is used.
    const kuma = redirect(decidePod({ ...KUMA_POD, 'kuma.io/builtin-dns-port': 'dns' }, node(), lenient));
    expect(kuma.policy.dnsCapturePort).toBe(15053);
  });

  it("falls back to the mesh defaults when consul's config does not parse", () => {
    const d = redirect(decidePod(consulPod('{not json'), node(), lenient));
    expect([d.policy.inboundPort, d.policy.outboundPort, d.policy.identity.uid]).toEqual([20000, 15001, 5995]);
    expect(d.warnings[0]).toMatch(/^annotation consul\.hashicorp\.com\/redirect-traffic-config: the value is not valid JSON \(.+\); annotation ignored$/);
  });

  it('drops an annotation that buildPolicy finds at fault', () => {
    const pod = { ...OURS_POD, 'hcnproxyctl.io/include-inbound-ports': '8080', 'hcnproxyctl.io/exclude-inbound-ports': '8080' };
    const d = redirect(decidePod(pod, allowing({ port: 15001 }), lenient));
    expect(d.warnings).toEqual([
      'annotation hcnproxyctl.io/include-inbound-ports: inbound included port 8080 is also excluded (8080): remove it from one of the lists; annotation ignored',
    ]);
    expect(d.policy.inboundIncludePorts).toEqual([]);
  });

  it('treats a bad opt-in value as absent', () => {
    expect(skipReason(decidePod({ 'hcnproxyctl.io/enabled': 'yes' }, node({ port: 1 }), lenient))).toMatch(/^no opt-in annotation/);
    const d = redirect(decidePod({ ...ISTIO_POD, 'hcnproxyctl.io/enabled': 'yes' }, node(), lenient));
    expect(d.profile).toBe('istio');
    expect(d.warnings[0]).toBe('annotation hcnproxyctl.io/enabled: "yes" is not a boolean (true, false); annotation ignored');
  });

  it('still fails on a node value: dropping annotations cannot fix it', () => {
    expect(() => decidePod({ ...ISTIO_POD }, node({ priority: 'high' }), lenient)).toThrow(PolicyError);
    expect(() => decidePod({ ...OURS_POD }, node(), lenient)).toThrow('profile hcnproxyctl: no proxy port');
  });
});
