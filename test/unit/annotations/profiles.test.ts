// Each profile on a realistic injected pod gives the policy its mesh's CNI would program.
import { describe, expect, it } from 'vitest';
import { decidePod } from '../../../src/policy/annotations/index.js';
import { buildPolicy, type PolicyInput } from '../../../src/policy/index.js';
import { CONSUL_CONFIG, consulPod, ISTIO_POD, KUMA_POD, LINKERD_POD, node, OSM_POD, OURS_POD, redirect } from '../../fixtures/pods.js';

const cases: [string, Record<string, string>, PolicyInput, string[]][] = [
  [
    'istio (CNI-enabled injector)',
    { ...ISTIO_POD },
    {
      inboundPort: 15006,
      outboundPort: 15001,
      proxyUid: 1337,
      proxyGid: 1337,
      inboundExcludePorts: '15020,15021,15090',
      outboundExcludePorts: '15020',
    },
    [],
  ],
  [
    'istio with outbound ports and IP ranges',
    {
      ...ISTIO_POD,
      'traffic.sidecar.istio.io/includeOutboundIPRanges': '10.96.0.0/12,10.244.0.0/16',
      'traffic.sidecar.istio.io/includeOutboundPorts': '443',
    },
    {
      inboundPort: 15006,
      outboundPort: 15001,
      proxyUid: 1337,
      proxyGid: 1337,
      inboundExcludePorts: '15020,15021,15090',
      outboundExcludePorts: '15020',
      outboundIncludePorts: '443',
    },
    [
      'annotation traffic.sidecar.istio.io/includeOutboundIPRanges: outbound included address list 10.96.0.0/12, 10.244.0.0/16 not applied (that would redirect less): pod annotations may not widen what escapes the proxy on this node (allowPodOverrides is false)',
    ],
  ],
  [
    'linkerd',
    { ...LINKERD_POD },
    {
      inboundPort: 4143,
      outboundPort: 4140,
      proxyUid: 2102,
      inboundExcludePorts: '4190,4191',
      // linkerd-cni with the chart's disableIPv6: IPv4 rules only.
      ipFamilies: 'ipv4',
    },
    [],
  ],
  [
    'kuma (builtin DNS on)',
    { ...KUMA_POD },
    {
      inboundPort: 15006,
      outboundPort: 15001,
      proxyUid: 5678,
      dnsCapturePort: 15053,
      inboundExcludePorts: '9901,9001',
      outboundExcludePorts: '9901',
    },
    [],
  ],
  [
    'consul (probe port excluded by the injector)',
    consulPod(),
    {
      inboundPort: 20000,
      outboundPort: 15001,
      proxyUid: 5995,
      inboundExcludePorts: '20300',
      // The init container's UID, always in ExcludeUIDs; IPv4 only (dual-stack "false").
      outboundExcludeUids: '5996',
      ipFamilies: 'ipv4',
    },
    [],
  ],
  [
    'osm',
    { ...OSM_POD },
    {
      inboundPort: 15003,
      outboundPort: 15001,
      proxyUid: 1500,
      inboundExcludePorts: '15010,15901-15904',
      // osm-init runs iptables-restore only: IPv4.
      ipFamilies: 'ipv4',
    },
    [],
  ],
  [
    'hcnproxyctl (node policy only)',
    { ...OURS_POD },
    {
      inboundPort: 9091,
      outboundPort: 9191,
      proxySid: 'S-1-5-32-556',
    },
    [],
  ],
];

describe('profiles on injected pods', () => {
  const nodePolicy = { inboundPort: 9091, outboundPort: 9191, proxySid: 'S-1-5-32-556' };
  it.each(cases)('%s', (_name, annotations, expected, warnings) => {
    // The node's policy only reaches the mesh pods where the profile has no value of its own.
    const policy = { ...nodePolicy, ...expected, proxySid: nodePolicy.proxySid };
    const d = redirect(decidePod(annotations, node(nodePolicy)));
    expect(d.policy).toEqual(buildPolicy(policy, d.profile === 'hcnproxyctl' ? 'generic' : d.profile));
    expect(d.warnings).toEqual(warnings);
  });

  it('names the profile that won', () => {
    expect(redirect(decidePod(consulPod(), node())).profile).toBe('consul');
    expect(redirect(decidePod({ ...KUMA_POD }, node())).profile).toBe('kuma');
  });

  it("reads consul's JSON field names case-insensitively and null lists, as encoding/json does", () => {
    const d = redirect(decidePod(consulPod({ proxyuserid: '5995', PROXYINBOUNDPORT: 20001, ExcludeUIDs: null }), node()));
    expect(d.policy.inboundPort).toBe(20001);
    expect(d.warnings).toEqual([]);
  });

  it('takes consul port ranges in iptables syntax', () => {
    const d = redirect(decidePod(consulPod({ ...CONSUL_CONFIG, ExcludeUIDs: [], ExcludeInboundPorts: ['20300:20301'] }), node()));
    expect(d.policy.inboundExceptions.ports).toEqual([{ from: 20300, to: 20301 }]);
  });

  it("uses consul's defaults when the injector wrote no config", () => {
    const pod = consulPod();
    delete pod['consul.hashicorp.com/redirect-traffic-config'];
    const d = redirect(decidePod(pod, node()));
    expect([d.policy.inboundPort, d.policy.outboundPort, d.policy.identity.uid]).toEqual([20000, 15001, 5995]);
    expect(d.policy.outboundExcludeUsers).toEqual([{ uids: { from: 5996, to: 5996 } }]);
    expect(d.warnings).toEqual([
      "annotation consul.hashicorp.com/redirect-traffic-config is missing: using Consul's defaults (inbound 20000, outbound 15001, proxy UID 5995, UID 5996 not redirected)",
    ]);
  });

  it('warns about keys it cannot express', () => {
    const d = redirect(
      decidePod(
        {
          ...ISTIO_POD,
          'traffic.sidecar.istio.io/excludeInterfaces': 'net1',
          'istio.io/reroute-virtual-interfaces': 'tap0',
        },
        node(),
      ),
    );
    expect(d.warnings).toEqual([
      'annotation traffic.sidecar.istio.io/excludeInterfaces: "net1" is not honoured: traffic on every interface is redirected',
      'annotation istio.io/reroute-virtual-interfaces: "tap0" is not honoured: traffic from virtual interfaces is not rerouted to the proxy',
    ]);
    expect(redirect(decidePod({ ...KUMA_POD, 'traffic.kuma.io/drop-invalid-packets': 'enabled' }, node())).warnings).toEqual([
      'annotation traffic.kuma.io/drop-invalid-packets: "enabled" is not honoured: packets in conntrack state INVALID are not dropped',
    ]);
    // Consul DNS without its port: sdk/iptables would DNAT all DNS, whatever its destination, to that address.
    const dns = { ...CONSUL_CONFIG, ConsulDNSIP: '10.0.0.10', ConsulDNSPort: 0 };
    expect(redirect(decidePod(consulPod(dns), node())).warnings).toEqual([
      'annotation consul.hashicorp.com/redirect-traffic-config: ConsulDNSIP 10.0.0.10 without ConsulDNSPort is not supported: ignored (all DNS is not sent to 10.0.0.10:53)',
    ]);
  });

  it('warns about misspelt hcnproxyctl keys', () => {
    const d = redirect(decidePod({ ...OURS_POD, 'hcnproxyctl.io/inbound-ports': '8080' }, node({ port: 15001 })));
    expect(d.warnings).toEqual(['annotation hcnproxyctl.io/inbound-ports is not an hcnproxyctl key: ignored']);
  });
});
