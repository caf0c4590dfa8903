// Annotations as each mesh's injector leaves them on a pod (what containerd hands the plugin),
// and small helpers shared by the annotation suites.
import { expect } from 'vitest';
import { decidePod, type NodeSettings, type PodDecision } from '../../../src/policy/annotations/index.js';
import { ALL_PROFILES } from '../../../src/policy/annotations/index.js';
import { PolicyError, type PolicyInput } from '../../../src/policy/index.js';

/** istio 1.2x injector with CNI enabled: status JSON plus the effective traffic.* values. */
export const ISTIO_POD = {
  'istio.io/rev': 'default',
  'kubectl.kubernetes.io/default-container': 'app',
  'kubectl.kubernetes.io/default-logs-container': 'app',
  'prometheus.io/path': '/stats/prometheus',
  'prometheus.io/port': '15020',
  'prometheus.io/scrape': 'true',
  'sidecar.istio.io/interceptionMode': 'REDIRECT',
  'sidecar.istio.io/status':
    '{"initContainers":["istio-validation"],"containers":["istio-proxy"],"volumes":["workload-socket","credential-socket","workload-certs","istio-envoy","istio-data","istio-podinfo","istio-token","istiod-ca-cert"],"imagePullSecrets":null,"revision":"default"}',
  'traffic.sidecar.istio.io/excludeInboundPorts': '15020',
  'traffic.sidecar.istio.io/includeInboundPorts': '*',
  'traffic.sidecar.istio.io/includeOutboundIPRanges': '*',
} as const;

export const LINKERD_POD = {
  'linkerd.io/created-by': 'linkerd/proxy-injector edge-25.4.4',
  'linkerd.io/inject': 'enabled',
  'linkerd.io/proxy-version': 'edge-25.4.4',
  'linkerd.io/trust-root-sha256': '8c3f2c2b4a5e6d7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7',
  'viz.linkerd.io/tap-enabled': 'true',
} as const;

export const KUMA_POD = {
  'kubectl.kubernetes.io/default-container': 'app',
  'kuma.io/application-probe-proxy-port': '9001',
  'kuma.io/builtin-dns': 'enabled',
  'kuma.io/builtin-dns-port': '15053',
  'kuma.io/envoy-admin-port': '9901',
  'kuma.io/mesh': 'default',
  'kuma.io/sidecar-injected': 'true',
  'kuma.io/sidecar-uid': '5678',
  'kuma.io/transparent-proxying': 'enabled',
  'kuma.io/transparent-proxying-inbound-port': '15006',
  'kuma.io/transparent-proxying-ip-family-mode': 'dualstack',
  'kuma.io/transparent-proxying-outbound-port': '15001',
  'kuma.io/virtual-probes': 'disabled',
} as const;

/** consul-k8s 1.9 with transparent proxy, an app with an HTTP liveness probe (overwritten to 20300). */
export const CONSUL_CONFIG = {
  ConsulDNSIP: '',
  ConsulDNSPort: 0,
  ProxyUserID: '5995',
  ProxyInboundPort: 20000,
  ProxyOutboundPort: 15001,
  ExcludeInboundPorts: ['20300'],
  ExcludeOutboundPorts: null,
  ExcludeOutboundCIDRs: null,
  ExcludeUIDs: ['5996'],
  NetNS: '',
};
export const consulPod = (config: unknown = CONSUL_CONFIG): Record<string, string> => ({
  'consul.hashicorp.com/connect-inject': 'true',
  'consul.hashicorp.com/connect-inject-status': 'injected',
  'consul.hashicorp.com/connect-k8s-version': 'v1.9.11',
  'consul.hashicorp.com/consul-k8s-version': 'v1.9.11',
  'consul.hashicorp.com/dual-stack': 'false',
  'consul.hashicorp.com/transparent-proxy-status': 'enabled',
  'consul.hashicorp.com/redirect-traffic-config': typeof config === 'string' ? config : JSON.stringify(config),
});

export const OSM_POD = {
  'openservicemesh.io/sidecar-injection': 'enabled',
  'prometheus.io/scrape': 'true',
  'prometheus.io/port': '15010',
  'prometheus.io/path': '/stats/prometheus',
} as const;

export const OURS_POD = { 'hcnproxyctl.io/enabled': 'true' } as const;

export function node(policy: PolicyInput = {}, extra: Partial<NodeSettings> = {}): NodeSettings {
  return { policy, profiles: ALL_PROFILES, allowPodOverrides: false, ...extra };
}

export const allowing = (policy: PolicyInput = {}): NodeSettings => node(policy, { allowPodOverrides: true });

export function redirect(d: PodDecision): Extract<PodDecision, { action: 'redirect' }> {
  if (d.action !== 'redirect') throw new Error(`expected a redirect, got skip: ${d.reason}`);
  return d;
}

export function skipReason(d: PodDecision): string {
  if (d.action !== 'skip') throw new Error(`expected a skip, got a redirect (${d.profile})`);
  return d.reason;
}

/** The issues decidePod throws, as "field: message". */
export function issuesOf(annotations: Record<string, string>, n: NodeSettings = node()): string[] {
  try {
    decidePod(annotations, n);
  } catch (e) {
    expect(e).toBeInstanceOf(PolicyError);
    return (e as PolicyError).issues.map((i) => `${i.field}: ${i.message}`);
  }
  throw new Error('expected a PolicyError');
}

export const NOT_ALLOWED = 'pod annotations may not widen what escapes the proxy on this node (allowPodOverrides is false)';
