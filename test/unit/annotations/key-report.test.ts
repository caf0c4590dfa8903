// What `explain` says about each annotation comes from the decision itself (decidePod's keys): the
// opt-in mark, honoured, dropped as widening (or partly), invalid (lenient), ignored, read, not read.
import { describe, expect, it } from 'vitest';
import { decidePod } from '../../../src/policy/annotations/index.js';
import { allowing, ISTIO_POD, NOT_ALLOWED, node, OURS_POD, redirect } from '../../fixtures/pods.js';

const stateOf = (keys: { key: string; state: string }[], key: string) => keys.find((k) => k.key === key)?.state;

describe('the decision names the fate of every annotation', () => {
  it("an injected istio pod: its marker, the keys read, other meshes' and unrelated keys", () => {
    const d = redirect(decidePod({ ...ISTIO_POD, 'linkerd.io/inject': 'enabled', 'hcnproxyctl.io/inbound-port': '9000' }, node()));
    expect(d.keys.map((k) => k.key)).toEqual(Object.keys({ ...ISTIO_POD, 'linkerd.io/inject': 'enabled', 'hcnproxyctl.io/inbound-port': '9000' }).sort());
    expect(stateOf(d.keys, 'sidecar.istio.io/status')).toBe('opt-in');
    expect(stateOf(d.keys, 'traffic.sidecar.istio.io/excludeInboundPorts')).toBe('honoured'); // 15020 is a default exclusion
    expect(stateOf(d.keys, 'traffic.sidecar.istio.io/includeOutboundIPRanges')).toBe('honoured');
    expect(stateOf(d.keys, 'sidecar.istio.io/interceptionMode')).toBe('read');
    expect(d.keys.find((k) => k.key === 'linkerd.io/inject')).toEqual({ key: 'linkerd.io/inject', state: 'ignored', detail: expect.stringContaining('istio') });
    expect(d.keys.find((k) => k.key === 'hcnproxyctl.io/inbound-port')).toMatchObject({
      state: 'ignored',
      detail: expect.stringContaining('handled by the istio profile'),
    });
    expect(stateOf(d.keys, 'prometheus.io/scrape')).toBe('not-read');
  });

  it('widening without allowPodOverrides: dropped, partly when some items pass, honoured when allowed', () => {
    const pod = { ...OURS_POD, 'hcnproxyctl.io/exclude-outbound-ips': '10.0.0.0/8', 'hcnproxyctl.io/exclude-outbound-ports': '15020,8080' };
    const policy = { inboundPort: 15006, outboundPort: 15001, proxyUid: 1337, outboundExcludePorts: '15020' };
    const strict = redirect(decidePod(pod, node(policy)));
    expect(strict.keys.find((k) => k.key === 'hcnproxyctl.io/exclude-outbound-ips')).toEqual({
      key: 'hcnproxyctl.io/exclude-outbound-ips',
      state: 'dropped',
      detail: `annotation hcnproxyctl.io/exclude-outbound-ips: 10.0.0.0/8 not excluded: ${NOT_ALLOWED}`,
    });
    expect(stateOf(strict.keys, 'hcnproxyctl.io/exclude-outbound-ports')).toBe('partly');
    expect(stateOf(strict.keys, 'hcnproxyctl.io/enabled')).toBe('opt-in');
    const allowed = redirect(decidePod(pod, allowing(policy)));
    expect(stateOf(allowed.keys, 'hcnproxyctl.io/exclude-outbound-ips')).toBe('honoured');
    expect(stateOf(allowed.keys, 'hcnproxyctl.io/exclude-outbound-ports')).toBe('honoured');
  });

  it('a malformed value in lenient mode (failOpen): invalid, with the message naming key and value', () => {
    const d = redirect(
      decidePod({ ...OURS_POD, 'hcnproxyctl.io/outbound-port': 'http' }, node({ inboundPort: 15006, outboundPort: 15001, proxyUid: 1337 }), { lenient: true }),
    );
    expect(d.keys.find((k) => k.key === 'hcnproxyctl.io/outbound-port')).toEqual({
      key: 'hcnproxyctl.io/outbound-port',
      state: 'invalid',
      detail: expect.stringMatching(/^annotation hcnproxyctl\.io\/outbound-port: "http" is not a port number/),
    });
  });
});
