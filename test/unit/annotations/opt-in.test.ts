// Which profile owns a pod: opt-in marks, opt-outs, the node's profile filter, precedence.
import { describe, expect, it } from 'vitest';
import { decidePod } from '../../../src/policy/annotations/index.js';
import { consulPod, ISTIO_POD, KUMA_POD, LINKERD_POD, node, OSM_POD, OURS_POD, redirect, skipReason } from '../../fixtures/pods.js';

const LOOKED_FOR =
  'hcnproxyctl.io/enabled: "true", sidecar.istio.io/status, linkerd.io/proxy-version, kuma.io/sidecar-injected: "true", ' +
  'consul.hashicorp.com/connect-inject-status (or consul.hashicorp.com/mesh-inject-status) and consul.hashicorp.com/transparent-proxy-status, ' +
  'openservicemesh.io/sidecar-injection: enabled';

describe('skipped pods', () => {
  const skips: [string, Record<string, string> | undefined, string][] = [
    [
      'no annotations capability',
      undefined,
      'no pod annotations: runtimeConfig has no "io.kubernetes.cri.pod-annotations" (declare the capability in the conflist entry)',
    ],
    ['no annotations', {}, 'no opt-in annotation: the pod has no annotations'],
    ['no mesh', { 'prometheus.io/scrape': 'true' }, `no opt-in annotation (looked for ${LOOKED_FOR})`],
    [
      'our keys without the opt-in',
      { 'hcnproxyctl.io/inbound-port': '8080' },
      `no opt-in annotation (looked for ${LOOKED_FOR}); hcnproxyctl.io/* keys are set but hcnproxyctl.io/enabled is not "true"`,
    ],
    ['explicit opt-out over istio', { ...ISTIO_POD, 'hcnproxyctl.io/enabled': 'false' }, 'hcnproxyctl.io/enabled is "false" (the pod opted out)'],
    ['explicit opt-out over kuma', { ...KUMA_POD, 'hcnproxyctl.io/enabled': 'FALSE' }, 'hcnproxyctl.io/enabled is "false" (the pod opted out)'],
    ['istio inject false', { ...ISTIO_POD, 'sidecar.istio.io/inject': 'false' }, 'the pod opted out: istio: sidecar.istio.io/inject is "false"'],
    [
      'istio without CNI (istio-init redirects)',
      { ...ISTIO_POD, 'sidecar.istio.io/status': '{"initContainers":["istio-init"],"containers":["istio-proxy"]}' },
      'the pod opted out: istio: sidecar.istio.io/status lists the istio-init init container: istio-init programs the redirection itself',
    ],
    ['linkerd inject disabled', { ...LINKERD_POD, 'linkerd.io/inject': 'disabled' }, 'the pod opted out: linkerd: linkerd.io/inject is "disabled"'],
    ['osm disabled', { ...OSM_POD, 'openservicemesh.io/sidecar-injection': 'no' }, 'the pod opted out: osm: openservicemesh.io/sidecar-injection is "no"'],
    ['kuma not injected', { ...KUMA_POD, 'kuma.io/sidecar-injected': 'false' }, `no opt-in annotation (looked for ${LOOKED_FOR})`],
    [
      'consul without transparent proxy',
      { ...consulPod(), 'consul.hashicorp.com/transparent-proxy-status': '' },
      `no opt-in annotation (looked for ${LOOKED_FOR})`,
    ],
  ];
  it.each(skips)('%s', (_name, annotations, reason) => {
    expect(skipReason(decidePod(annotations, node()))).toBe(reason);
  });

  it("takes consul's newer mesh-inject-status as well", () => {
    const pod = consulPod();
    delete pod['consul.hashicorp.com/connect-inject-status'];
    expect(redirect(decidePod({ ...pod, 'consul.hashicorp.com/mesh-inject-status': 'injected' }, node())).profile).toBe('consul');
  });
});

describe("the node's profile filter", () => {
  it('ignores a profile the node does not list, as if its annotations were absent', () => {
    expect(skipReason(decidePod({ ...ISTIO_POD }, node({}, { profiles: ['linkerd'] })))).toBe('no opt-in annotation (looked for linkerd.io/proxy-version)');
    // Our opt-out is not honoured either when our profile is off.
    const d = redirect(decidePod({ ...ISTIO_POD, 'hcnproxyctl.io/enabled': 'false' }, node({}, { profiles: ['istio'] })));
    expect(d.profile).toBe('istio');
    expect(d.warnings).toEqual([]);
  });

  it('skips every pod when no profile is honoured', () => {
    expect(skipReason(decidePod({ ...OURS_POD }, node({ port: 1 }, { profiles: [] })))).toBe(
      'no annotation profile is honoured on this node (profiles is empty)',
    );
  });

  it('uses the precedence order, not the order the node lists them in', () => {
    const d = redirect(decidePod({ ...LINKERD_POD, ...ISTIO_POD }, node({}, { profiles: ['linkerd', 'istio'] })));
    expect(d.profile).toBe('istio');
  });
});

describe('precedence', () => {
  it('takes the first matching profile and names the others', () => {
    const d = redirect(decidePod({ ...OSM_POD, ...LINKERD_POD, ...ISTIO_POD }, node()));
    expect(d.profile).toBe('istio');
    expect(d.warnings).toEqual([
      'the pod also matches linkerd (linkerd.io/proxy-version), osm (openservicemesh.io/sidecar-injection: enabled): istio comes first and is used',
    ]);
  });

  it("lets our explicit opt-in win, with the node's policy instead of the mesh defaults", () => {
    const d = redirect(decidePod({ ...KUMA_POD, ...OURS_POD }, node({ outboundPort: 15001 })));
    expect(d.profile).toBe('hcnproxyctl');
    expect(d.policy.inboundPort).toBeUndefined();
    expect(d.warnings).toEqual(['the pod also matches kuma (kuma.io/sidecar-injected: "true"): hcnproxyctl comes first and is used']);
  });

  it('says that our keys are ignored on a pod a mesh profile handles', () => {
    const d = redirect(decidePod({ ...ISTIO_POD, 'hcnproxyctl.io/exclude-inbound-ports': '8080' }, node()));
    expect(d.warnings).toEqual([
      'hcnproxyctl.io/exclude-inbound-ports ignored: the pod is handled by the istio profile (hcnproxyctl.io/enabled: "true" would use the node\'s policy instead)',
    ]);
  });

  it('lets a mesh opt-out take only that mesh out', () => {
    expect(redirect(decidePod({ ...LINKERD_POD, 'linkerd.io/inject': 'disabled', ...KUMA_POD }, node())).profile).toBe('kuma');
  });
});
