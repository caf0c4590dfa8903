// Malformed values: a PolicyError whose issue names the annotation key and quotes key and value.
import { describe, expect, it } from 'vitest';
import { CONSUL_CONFIG, consulPod, ISTIO_POD, issuesOf, KUMA_POD, LINKERD_POD, allowing, node, OSM_POD, OURS_POD } from '../../fixtures/pods.js';

const I = 'traffic.sidecar.istio.io/';
const CFG = 'consul.hashicorp.com/redirect-traffic-config';
const consulWith = (fields: Record<string, unknown>) => consulPod({ ...CONSUL_CONFIG, ExcludeUIDs: null, ...fields });

// [name, annotations, "field: message"]
const cases: [string, Record<string, string>, string][] = [
  [
    'istio port range',
    { ...ISTIO_POD, [`${I}excludeOutboundPorts`]: '15020-15021' },
    `${I}excludeOutboundPorts: annotation ${I}excludeOutboundPorts: "15020-15021" is a range: Istio takes single ports`,
  ],
  [
    'istio TPROXY',
    { ...ISTIO_POD, 'sidecar.istio.io/interceptionMode': 'TPROXY' },
    'sidecar.istio.io/interceptionMode: annotation sidecar.istio.io/interceptionMode: "TPROXY" is not honoured: only REDIRECT rules are written, and they would cut a TPROXY proxy\'s inbound path (Istio\'s TPROXY marks packets, diverts them with tproxy in a mangle table and routes them back by policy routing)',
  ],
  [
    'istio unknown mode',
    { ...ISTIO_POD, 'sidecar.istio.io/interceptionMode': 'redirect' },
    'sidecar.istio.io/interceptionMode: annotation sidecar.istio.io/interceptionMode: "redirect" is not an interception mode (Istio takes REDIRECT or TPROXY; TPROXY is not honoured)',
  ],
  [
    'istio port text',
    { ...ISTIO_POD, [`${I}excludeInboundPorts`]: '15020,abc' },
    `${I}excludeInboundPorts: annotation ${I}excludeInboundPorts: "abc" is not a port number (Istio takes comma-separated ports 0-65535)`,
  ],
  [
    'istio port too big',
    { ...ISTIO_POD, [`${I}includeInboundPorts`]: '70000' },
    `${I}includeInboundPorts: annotation ${I}includeInboundPorts: "70000" is out of range: ports are 0-65535`,
  ],
  [
    'istio exclude wildcard',
    { ...ISTIO_POD, [`${I}excludeInboundPorts`]: '*' },
    `${I}excludeInboundPorts: annotation ${I}excludeInboundPorts: "*" is not a port list: Istio's rule for it does not load and the pod fails there too`,
  ],
  [
    // istio-cni's netip.ParsePrefix needs the prefix length (host bits it accepts: see istio-semantics.test.ts).
    'istio CIDR without prefix length',
    { ...ISTIO_POD, [`${I}includeOutboundIPRanges`]: '10.0.0.1' },
    `${I}includeOutboundIPRanges: annotation ${I}includeOutboundIPRanges: "10.0.0.1" has no prefix length: Istio takes CIDRs (a host is ADDRESS/32 or /128)`,
  ],
  [
    'istio CIDR prefix',
    { ...ISTIO_POD, [`${I}excludeOutboundIPRanges`]: '10.0.0.0/33' },
    `${I}excludeOutboundIPRanges: annotation ${I}excludeOutboundIPRanges: "10.0.0.0/33" has an invalid prefix length (0-32 for IPv4)`,
  ],
  // A bad port item is not an error: linkerd-cni drops it and starts the pod (linkerd-semantics.test.ts).
  // A subnet net.ParseCIDR refuses fails linkerd-cni's ADD: a CIDR needs its prefix.
  [
    'linkerd subnet without prefix',
    { ...LINKERD_POD, 'config.linkerd.io/skip-subnets': '10.0.0.1' },
    'config.linkerd.io/skip-subnets: annotation config.linkerd.io/skip-subnets: "10.0.0.1" is not a CIDR (ADDRESS/PREFIX)',
  ],
  [
    'linkerd uid',
    { ...LINKERD_POD, 'config.linkerd.io/proxy-uid': 'linkerd' },
    'config.linkerd.io/proxy-uid: annotation config.linkerd.io/proxy-uid: "linkerd" is not a numeric id (0-4294967294)',
  ],
  [
    'linkerd subnet',
    { ...LINKERD_POD, 'config.linkerd.io/skip-subnets': '10.0.0.0/8,cluster' },
    'config.linkerd.io/skip-subnets: annotation config.linkerd.io/skip-subnets: "cluster" is not a CIDR (ADDRESS/PREFIX)',
  ],
  [
    'kuma port range',
    { ...KUMA_POD, 'traffic.kuma.io/exclude-inbound-ports': '8080-8081' },
    'traffic.kuma.io/exclude-inbound-ports: annotation traffic.kuma.io/exclude-inbound-ports: "8080-8081" is a range: Kuma takes single ports',
  ],
  [
    'kuma boolean',
    { ...KUMA_POD, 'kuma.io/gateway': 'yes' },
    'kuma.io/gateway: annotation kuma.io/gateway: "yes" is not a boolean (enabled, true, disabled, false)',
  ],
  [
    'kuma DNS port',
    { ...KUMA_POD, 'kuma.io/builtin-dns-port': '0' },
    'kuma.io/builtin-dns-port: annotation kuma.io/builtin-dns-port: "0" is out of range: ports are 1-65535',
  ],
  ['kuma uid', { ...KUMA_POD, 'kuma.io/sidecar-uid': '-1' }, 'kuma.io/sidecar-uid: annotation kuma.io/sidecar-uid: "-1" is not a numeric id (0-4294967294)'],
  [
    'kuma probe port',
    { ...KUMA_POD, 'kuma.io/application-probe-proxy-port': 'probe' },
    'kuma.io/application-probe-proxy-port: annotation kuma.io/application-probe-proxy-port: "probe" is not a port number (expected 1-65535)',
  ],
  ['consul port', consulWith({ ProxyInboundPort: 70000 }), `${CFG}: annotation ${CFG}: ProxyInboundPort "70000" is out of range: ports are 1-65535`],
  [
    'consul CIDR',
    consulWith({ ExcludeOutboundCIDRs: ['10.0.0.0/33'] }),
    `${CFG}: annotation ${CFG}: ExcludeOutboundCIDRs "10.0.0.0/33" has an invalid mask (iptables: invalid mask)`,
  ],
  ['consul list type', consulWith({ ExcludeInboundPorts: '8080' }), `${CFG}: annotation ${CFG}: ExcludeInboundPorts must be a list of ports, got "8080"`],
  [
    'consul service name',
    consulWith({ ExcludeOutboundPorts: ['HTTP-ALT'] }),
    `${CFG}: annotation ${CFG}: ExcludeOutboundPorts "HTTP-ALT": iptables finds no port or TCP service "HTTP-ALT" (invalid port/service)`,
  ],
  ['consul uid', consulWith({ ProxyUserID: 'envoy' }), `${CFG}: annotation ${CFG}: ProxyUserID "envoy" is not a numeric id (0-4294967294)`],
  ['consul not an object', consulPod('[1,2]'), `${CFG}: annotation ${CFG}: must be a JSON object, got [1,2]`],
  [
    'osm opt-in value',
    { ...OSM_POD, 'openservicemesh.io/sidecar-injection': 'maybe' },
    'openservicemesh.io/sidecar-injection: annotation openservicemesh.io/sidecar-injection: "maybe" is not one of enabled, yes, true, disabled, no, false',
  ],
  [
    'osm port 0',
    { ...OSM_POD, 'openservicemesh.io/inbound-port-exclusion-list': '0' },
    'openservicemesh.io/inbound-port-exclusion-list: annotation openservicemesh.io/inbound-port-exclusion-list: "0" is not a port (1-65535; OSM takes single ports, comma-separated)',
  ],
  [
    'port listed twice (found by buildPolicy, mapped back)',
    { ...OURS_POD, 'hcnproxyctl.io/include-outbound-ports': '443,443' },
    'hcnproxyctl.io/include-outbound-ports: annotation hcnproxyctl.io/include-outbound-ports: outbound included port 443 is listed twice',
  ],
  ['our opt-in value', { 'hcnproxyctl.io/enabled': 'yes' }, 'hcnproxyctl.io/enabled: annotation hcnproxyctl.io/enabled: "yes" is not a boolean (true, false)'],
  [
    'our SID',
    { ...OURS_POD, 'hcnproxyctl.io/proxy-sid': 'envoy' },
    'hcnproxyctl.io/proxy-sid: annotation hcnproxyctl.io/proxy-sid: "envoy" is not a SID (expected S-1-<authority>-<sub-authority>…, e.g. S-1-5-32-556, or "system")',
  ],
  [
    'our port',
    { ...OURS_POD, 'hcnproxyctl.io/inbound-port': '15006-15007' },
    'hcnproxyctl.io/inbound-port: annotation hcnproxyctl.io/inbound-port: "15006-15007" is not a port number (expected 1-65535)',
  ],
];

describe('malformed annotations', () => {
  it.each(cases)('%s', (_name, annotations, issue) => {
    expect(issuesOf(annotations, node({ port: 15001 }))).toEqual([issue]);
  });

  it('rejects JSON that does not parse, naming the key', () => {
    expect(issuesOf(consulPod('{"ProxyUserID":'))[0]).toMatch(new RegExp(`^${CFG}: annotation ${CFG}: the value is not valid JSON \\(.+\\)$`));
  });

  it('reports every bad annotation at once', () => {
    expect(
      issuesOf({ ...ISTIO_POD, 'sidecar.istio.io/interceptionMode': 'TPROXY', [`${I}excludeOutboundPorts`]: '1-2', [`${I}excludeOutboundIPRanges`]: 'x' }),
    ).toEqual([
      'sidecar.istio.io/interceptionMode: annotation sidecar.istio.io/interceptionMode: "TPROXY" is not honoured: only REDIRECT rules are written, and they would cut a TPROXY proxy\'s inbound path (Istio\'s TPROXY marks packets, diverts them with tproxy in a mangle table and routes them back by policy routing)',
      `${I}excludeOutboundIPRanges: annotation ${I}excludeOutboundIPRanges: "x" has no prefix length: Istio takes CIDRs (a host is ADDRESS/32 or /128)`,
      `${I}excludeOutboundPorts: annotation ${I}excludeOutboundPorts: "1-2" is a range: Istio takes single ports`,
    ]);
  });

  it('maps a contradiction between annotations back to one of them', () => {
    const pod = { ...OURS_POD, 'hcnproxyctl.io/include-inbound-ports': '8080', 'hcnproxyctl.io/exclude-inbound-ports': '8080' };
    expect(issuesOf(pod, allowing({ port: 15001 }))).toEqual([
      'hcnproxyctl.io/include-inbound-ports: annotation hcnproxyctl.io/include-inbound-ports: inbound included port 8080 is also excluded (8080): remove it from one of the lists',
    ]);
  });

  it('names the node policy key when a node value is at fault', () => {
    expect(issuesOf({ ...ISTIO_POD }, node({ priority: 'high' }))).toEqual([
      'priority: policy.priority: priority "high" is not a number 0-65535 (0 = HNS default)',
    ]);
    expect(issuesOf({ ...OURS_POD }, node({ proxySid: 'S-1-5-32-556' }))).toEqual([
      'outboundPort: profile hcnproxyctl: no proxy port: set inboundPort/outboundPort in the node policy or annotate the pod with hcnproxyctl.io/inbound-port / hcnproxyctl.io/outbound-port',
    ]);
  });
});
