// Widening annotations need allowPodOverrides; tuning ones are always honoured; values already in the
// defaults are neither. Exclusions are unions, includes and scalars replace.
import { describe, expect, it } from 'vitest';
import { decidePod } from '../../../src/policy/annotations/index.js';
import {
  consulPod,
  CONSUL_CONFIG,
  allowing,
  ISTIO_POD,
  KUMA_POD,
  LINKERD_POD,
  node,
  NOT_ALLOWED,
  OSM_POD,
  OURS_POD,
  redirect,
  skipReason,
} from '../../fixtures/pods.js';

const ports = (...list: number[]) => list.map((p) => ({ from: p, to: p }));

describe('widening annotations', () => {
  const widening: [string, Record<string, string>, string][] = [
    [
      'istio extra inbound exclusion',
      { ...ISTIO_POD, 'traffic.sidecar.istio.io/excludeInboundPorts': '15020,8080' },
      `annotation traffic.sidecar.istio.io/excludeInboundPorts: 8080 not excluded: ${NOT_ALLOWED}`,
    ],
    [
      'istio narrower inbound ports',
      { ...ISTIO_POD, 'traffic.sidecar.istio.io/includeInboundPorts': '8080,9090' },
      `annotation traffic.sidecar.istio.io/includeInboundPorts: inbound included port list 8080, 9090 not applied (that would redirect less): ${NOT_ALLOWED}`,
    ],
    [
      'istio no inbound capture',
      { ...ISTIO_POD, 'traffic.sidecar.istio.io/includeInboundPorts': '' },
      // Istio's "no inbound port" is every port excepted (the inbound port stays for Istio's own-pod rule).
      `annotation traffic.sidecar.istio.io/includeInboundPorts: 1-65535 not excluded: ${NOT_ALLOWED}`,
    ],
    [
      'linkerd other proxy uid',
      { ...LINKERD_POD, 'config.linkerd.io/proxy-uid': '0' },
      `annotation config.linkerd.io/proxy-uid: proxy UID 0 not applied (keeps 2102): ${NOT_ALLOWED}`,
    ],
    [
      'linkerd skipped subnets',
      { ...LINKERD_POD, 'config.linkerd.io/skip-subnets': '10.0.0.0/8' },
      `annotation config.linkerd.io/skip-subnets: 10.0.0.0/8 not excluded: ${NOT_ALLOWED}`,
    ],
    [
      'kuma probe proxy moved',
      { ...KUMA_POD, 'kuma.io/application-probe-proxy-port': '9002' },
      `annotation kuma.io/application-probe-proxy-port: 9002 not excluded: ${NOT_ALLOWED}`,
    ],
    [
      'consul app port',
      consulPod({ ...CONSUL_CONFIG, ExcludeUIDs: null, ExcludeInboundPorts: ['20300', '8080'] }),
      `annotation consul.hashicorp.com/redirect-traffic-config: 8080 not excluded: ${NOT_ALLOWED}`,
    ],
    [
      'osm narrower destinations',
      { ...OSM_POD, 'openservicemesh.io/outbound-ip-range-inclusion-list': '10.0.0.0/8' },
      `annotation openservicemesh.io/outbound-ip-range-inclusion-list: outbound included address list 10.0.0.0/8 not applied (that would redirect less): ${NOT_ALLOWED}`,
    ],
    [
      'our sid',
      { ...OURS_POD, 'hcnproxyctl.io/proxy-sid': 'S-1-5-18' },
      `annotation hcnproxyctl.io/proxy-sid: proxy user SID S-1-5-18 not applied (keeps S-1-5-32-556): ${NOT_ALLOWED}`,
    ],
  ];

  it.each(widening)('%s: dropped with a warning by default', (_name, annotations, warning) => {
    const d = redirect(decidePod(annotations, node({ port: 15001, proxySid: 'S-1-5-32-556' })));
    expect(d.warnings).toEqual([warning]);
  });

  it.each(widening)('%s: honoured with allowPodOverrides', (_name, annotations) => {
    expect(redirect(decidePod(annotations, allowing({ port: 15001, proxySid: 'S-1-5-32-556' }))).warnings).toEqual([]);
  });

  it('a Kuma gateway has no inbound redirect, without allowPodOverrides (its Envoy takes inbound itself)', () => {
    const gateway = redirect(decidePod({ ...KUMA_POD, 'kuma.io/gateway': 'enabled' }, node({ port: 15001 })));
    expect([gateway.policy.inboundPort, gateway.policy.outboundPort, gateway.warnings]).toEqual([undefined, 15001, []]);
  });

  it("keeps the node's DNS capture port to pods of our own profile", () => {
    const settings = node({ outboundPort: 15001, proxyUid: 1337, dnsCapturePort: 15053 });
    expect(redirect(decidePod(LINKERD_POD, settings)).policy.dnsCapturePort).toBeUndefined();
    expect(redirect(decidePod(OURS_POD, settings)).policy.dnsCapturePort).toBe(15053);
  });

  it('applies what allowPodOverrides lets through', () => {
    const istio = redirect(decidePod({ ...ISTIO_POD, 'traffic.sidecar.istio.io/excludeInboundPorts': '15020,8080' }, allowing()));
    expect(istio.policy.inboundExceptions.ports).toEqual(ports(15020, 15021, 15090, 8080));
    const gateway = redirect(decidePod({ ...KUMA_POD, 'kuma.io/gateway': 'true' }, allowing()));
    expect([gateway.policy.inboundPort, gateway.policy.outboundPort]).toEqual([undefined, 15001]);
    const uid = redirect(decidePod({ ...LINKERD_POD, 'config.linkerd.io/proxy-uid': '0', 'config.linkerd.io/proxy-gid': '2103' }, allowing()));
    expect(uid.policy.identity).toEqual({ uid: 0, gid: 2103 });
    const probe = redirect(decidePod({ ...KUMA_POD, 'kuma.io/application-probe-proxy-port': '9002' }, allowing()));
    expect(probe.policy.inboundExceptions.ports).toEqual(ports(9901, 9002));
  });

  it('skips the pod when the honoured annotations turn off both directions', () => {
    const pod = { ...OURS_POD, 'hcnproxyctl.io/inbound-port': 'none', 'hcnproxyctl.io/outbound-port': 'none' };
    expect(skipReason(decidePod(pod, allowing({ port: 15001, proxyUid: 1337 })))).toBe(
      'hcnproxyctl.io/inbound-port, hcnproxyctl.io/outbound-port turn off redirection in both directions',
    );
  });

  it('does not skip an istio pod with both directions off: Istio still writes its table (the proxy calling its own pod)', () => {
    const pod = { ...ISTIO_POD, 'traffic.sidecar.istio.io/includeInboundPorts': '', 'traffic.sidecar.istio.io/includeOutboundIPRanges': '' };
    const d = redirect(decidePod(pod, allowing()));
    expect([d.policy.inboundPort, d.policy.outboundPort, d.policy.outboundIncludeNets]).toEqual([15006, 15001, []]);
    expect(d.policy.inboundExceptions.ports).toContainEqual({ from: 1, to: 65535 });
  });

  it('keeps the outbound port when istio captures no range but some ports', () => {
    const pod = { ...ISTIO_POD, 'traffic.sidecar.istio.io/includeOutboundIPRanges': '', 'traffic.sidecar.istio.io/includeOutboundPorts': '443,8443' };
    const d = redirect(decidePod(pod, allowing()));
    expect(d.policy.outboundPort).toBe(15001);
    expect(d.policy.outboundIncludeNets).toEqual([]);
    expect(d.policy.outboundIncludePorts).toEqual(ports(443, 8443));
  });
});

describe('values that do not widen', () => {
  it("are the injector's effective values", () => {
    expect(redirect(decidePod({ ...ISTIO_POD, 'traffic.sidecar.istio.io/excludeOutboundPorts': '15020' }, node())).warnings).toEqual([]);
    expect(
      redirect(decidePod({ ...LINKERD_POD, 'config.linkerd.io/proxy-uid': '2102', 'config.linkerd.io/skip-inbound-ports': '4190-4191' }, node())).warnings,
    ).toEqual([]);
    expect(redirect(decidePod({ ...OSM_POD, 'openservicemesh.io/inbound-port-exclusion-list': '15902' }, node())).warnings).toEqual([]);
  });

  it('are exclusions the node already makes', () => {
    const pod = { ...ISTIO_POD, 'traffic.sidecar.istio.io/excludeOutboundIPRanges': '169.254.169.254/32,10.96.0.0/16' };
    const d = redirect(decidePod(pod, node({ outboundExcludeIps: '169.254.0.0/16,10.96.0.0/12' })));
    expect(d.warnings).toEqual([]);
    expect(d.input.outboundExcludeIps).toEqual(['169.254.0.0/16', '10.96.0.0/12']);
  });

  it("are consul's own listener ports", () => {
    const d = redirect(decidePod(consulPod({ ...CONSUL_CONFIG, ExcludeUIDs: null, ExcludeInboundPorts: ['20200', '21000', '20301', '20400'] }), node()));
    expect(d.warnings).toEqual([]);
    expect(d.policy.inboundExceptions.ports).toEqual(ports(20200, 21000, 20301, 20400));
  });

  it('are include lists that redirect at least what the default does', () => {
    const base = { port: 15001, outboundIncludeIps: '10.0.0.0/8', outboundIncludePorts: '443' };
    const wider = redirect(
      decidePod(
        { ...OURS_POD, 'hcnproxyctl.io/include-outbound-ips': '10.0.0.0/8,192.168.0.0/16', 'hcnproxyctl.io/include-outbound-ports': '443,8443' },
        node(base),
      ),
    );
    expect(wider.warnings).toEqual([]);
    expect(wider.input.outboundIncludeIps).toEqual(['10.0.0.0/8', '192.168.0.0/16']);
    const narrower = redirect(
      decidePod({ ...OURS_POD, 'hcnproxyctl.io/include-outbound-ips': '10.1.0.0/16', 'hcnproxyctl.io/include-outbound-ports': '' }, node(base)),
    );
    expect(narrower.warnings).toEqual([
      `annotation hcnproxyctl.io/include-outbound-ports: outbound included port list (none) not applied (that would redirect less): ${NOT_ALLOWED}`,
      `annotation hcnproxyctl.io/include-outbound-ips: outbound included address list 10.1.0.0/16 not applied (that would redirect less): ${NOT_ALLOWED}`,
    ]);
    expect(narrower.input.outboundIncludeIps).toBe('10.0.0.0/8');
  });

  it('include the removal of a default exclusion (kuma probe proxy off)', () => {
    const d = redirect(decidePod({ ...KUMA_POD, 'kuma.io/application-probe-proxy-port': '0' }, node()));
    expect(d.warnings).toEqual([]);
    expect(d.policy.inboundExceptions.ports).toEqual(ports(9901));
  });
});

describe('tuning annotations', () => {
  it('are honoured without allowPodOverrides', () => {
    const kuma = redirect(decidePod({ ...KUMA_POD, 'kuma.io/transparent-proxying-inbound-port': '16006', 'kuma.io/builtin-dns-port': '25053' }, node()));
    expect([kuma.policy.inboundPort, kuma.policy.dnsCapturePort, kuma.warnings]).toEqual([16006, 25053, []]);
    const ours = redirect(
      decidePod({ ...OURS_POD, 'hcnproxyctl.io/outbound-port': '15002', 'hcnproxyctl.io/dns-capture-port': '15053' }, node({ port: 15001 })),
    );
    expect([ours.policy.outboundPort, ours.policy.dnsCapturePort]).toEqual([15002, 15053]);
  });

  it('include "*": every port or destination, whatever the node\'s include lists', () => {
    const d = redirect(decidePod({ ...ISTIO_POD }, node({ outboundIncludeIps: '10.0.0.0/8', inboundIncludePorts: '8080' })));
    expect(d.warnings).toEqual([]);
    expect(d.policy.outboundIncludeNets).toBeUndefined();
    expect(d.policy.inboundIncludePorts).toEqual([]);
  });

  it('refuse istio\'s outbound ports "*": istio-cni writes `tcp dport *`, which does not load (the pod fails under Istio too)', () => {
    const pod = { ...ISTIO_POD, 'traffic.sidecar.istio.io/includeOutboundIPRanges': '', 'traffic.sidecar.istio.io/includeOutboundPorts': '*' };
    expect(() => decidePod(pod, node())).toThrow('annotation traffic.sidecar.istio.io/includeOutboundPorts: "*" is not a port list');
  });
});

describe('node defaults', () => {
  it('reach a mesh pod where its profile has no value (a Windows proxy SID)', () => {
    const d = redirect(decidePod({ ...ISTIO_POD }, node({ proxySid: 'S-1-5-32-556' })));
    expect(d.policy.identity).toEqual({ windowsSid: 'S-1-5-32-556', uid: 1337, gid: 1337 });
  });

  it("lose to the profile's defaults for scalars", () => {
    const d = redirect(decidePod({ ...LINKERD_POD }, node({ port: 15001, inboundPort: 15006, proxyUid: 1000 })));
    expect([d.policy.inboundPort, d.policy.outboundPort, d.policy.identity.uid]).toEqual([4143, 4140, 2102]);
  });

  it("are unioned with the profile's exclusions, both-direction lists split per direction, no duplicates", () => {
    const d = redirect(decidePod({ ...ISTIO_POD }, node({ excludePorts: '15020,22', excludeIps: '169.254.169.254', inboundExcludeIps: '10.1.0.0/16' })));
    expect(d.policy.inboundExceptions).toEqual({
      ports: ports(15020, 22, 15021, 15090),
      nets: [
        { family: 4, address: '169.254.169.254', prefix: 32 },
        { family: 4, address: '10.1.0.0', prefix: 16 },
      ],
    });
    expect(d.policy.outboundExceptions.ports).toEqual(ports(15020, 22));
    expect(d.input.excludePorts).toBeUndefined();
  });

  it('are the whole policy of an hcnproxyctl pod, tuned by its annotations', () => {
    const d = redirect(decidePod({ ...OURS_POD, 'hcnproxyctl.io/inbound-port': '9091' }, node({ port: 9191, proxySid: 'system', priority: 7 })));
    expect(d.policy).toMatchObject({ inboundPort: 9091, outboundPort: 9191, identity: { windowsSid: 'S-1-5-18' }, filter: { priority: 7 } });
  });
});
