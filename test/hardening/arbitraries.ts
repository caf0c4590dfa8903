// Generators for the hardening suites: CNI requests as a runtime (or an attacker) could send them —
// mostly well-formed documents (so the deep paths are reached) with hostile or random values in any
// field, some plain garbage.
import fc from 'fast-check';

const CAP = 'io.kubernetes.cri.pod-annotations';
const HOSTILE = [';', '$(id)', '`id`', '\n', '../', '../../etc/passwd', '\u0000', '"', "'", '\\', '*', '{', '%s', ' ', '\u202e'];

/** Strings that mix the usual with what a shell, a path or a parser would choke on. */
export const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(...HOSTILE),
  fc.tuple(fc.string({ maxLength: 10 }), fc.constantFrom(...HOSTILE), fc.string({ maxLength: 10 })).map((p) => p.join('')),
);

/** Mostly the well-formed value, sometimes anything. */
const mostly = <T, U>(good: fc.Arbitrary<T>, other: fc.Arbitrary<U>): fc.Arbitrary<T | U> =>
  fc.oneof({ weight: 5, arbitrary: good as fc.Arbitrary<T | U> }, { weight: 1, arbitrary: other as fc.Arbitrary<T | U> });

const annotationKey = fc.oneof(
  fc.constantFrom(
    'hcnproxyctl.io/enabled',
    'hcnproxyctl.io/inbound-port',
    'hcnproxyctl.io/outbound-port',
    'hcnproxyctl.io/proxy-uid',
    'hcnproxyctl.io/exclude-outbound-ips',
    'hcnproxyctl.io/exclude-inbound-ports',
    'hcnproxyctl.io/include-outbound-ips',
    'hcnproxyctl.io/dns-capture-port',
    'sidecar.istio.io/status',
    'sidecar.istio.io/inject',
    'traffic.sidecar.istio.io/excludeOutboundIPRanges',
    'traffic.sidecar.istio.io/includeInboundPorts',
    'linkerd.io/proxy-version',
    'config.linkerd.io/skip-outbound-ports',
    'kuma.io/sidecar-injected',
    'consul.hashicorp.com/connect-inject-status',
    'openservicemesh.io/sidecar-injection',
  ),
  fc.string({ maxLength: 30 }),
);

const annotationValue = fc.oneof(
  fc.constantFrom(
    'true',
    'false',
    'enabled',
    'disabled',
    'none',
    '*',
    '',
    '15001',
    '0',
    '65536',
    '10.0.0.0/8',
    '10.0.0.1/8',
    '::1',
    '1337',
    '-1',
    '80-90',
    '90-80',
    '{"containers":["istio-proxy"]}',
  ),
  hostileString,
);

const optIn: fc.Arbitrary<Record<string, string>> = fc.constantFrom<Record<string, string>>(
  {},
  { 'hcnproxyctl.io/enabled': 'true' },
  { 'sidecar.istio.io/status': '{"containers":["istio-proxy"]}' },
  { 'linkerd.io/proxy-version': 'edge' },
);

/** A pod's annotations: often opted in (so the policy path is reached), always with random extras. */
export const annotations: fc.Arbitrary<Record<string, string>> = fc
  .tuple(optIn, fc.dictionary(annotationKey, annotationValue, { maxKeys: 5 }))
  .map(([a, b]) => ({ ...b, ...a }));

const prevResult = mostly(
  fc.constant({ cniVersion: '1.0.0', interfaces: [{ name: 'eth0' }], ips: [{ address: '10.1.0.5/24', interface: 0 }] }),
  fc.jsonValue(),
);

const policy = mostly(
  fc.constant({ inboundPort: 15006, outboundPort: 15001, proxyUid: 1337 }),
  fc.dictionary(fc.constantFrom('inboundPort', 'outboundPort', 'port', 'proxyUid', 'proxyGid', 'excludeIps', 'outboundExcludePorts', 'bogus'), fc.jsonValue(), {
    maxKeys: 4,
  }),
);

/** A network configuration document: shaped like ours, with any value anywhere. */
export const config = fc
  .record({
    cniVersion: mostly(fc.constantFrom('0.3.0', '0.3.1', '0.4.0', '1.0.0', '1.1.0'), fc.jsonValue()),
    name: mostly(fc.constant('net'), hostileString),
    type: fc.constant('hcnproxyctl'),
    prevResult,
    policy,
    failOpen: mostly(fc.boolean(), fc.jsonValue()),
    nftMode: mostly(fc.constantFrom('auto', 'exec', 'libnftables'), hostileString),
    // Never an absolute path: the plugin would append its log lines there (as root).
    logFile: mostly(
      fc.constant(undefined),
      hostileString.filter((s) => !s.startsWith('/') && !/^[A-Za-z]:/.test(s)),
    ),
    excludeNamespaces: mostly(fc.constant(undefined), fc.array(hostileString, { maxLength: 3 })),
    runtimeConfig: mostly(
      annotations.map((a) => ({ [CAP]: a })),
      fc.oneof(fc.jsonValue(), fc.constant(undefined)),
    ),
  })
  .map((c) => JSON.stringify(c));

/** Whatever a runtime might put on stdin: our documents, any JSON, or bytes. */
export const stdin = fc.oneof(
  { weight: 6, arbitrary: config },
  { weight: 1, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
);

export const env = fc.record({
  CNI_COMMAND: mostly(fc.constantFrom('ADD', 'ADD', 'ADD', 'DEL', 'CHECK', 'STATUS', 'GC', 'VERSION'), hostileString),
  CNI_CONTAINERID: mostly(fc.constant('c1'), hostileString),
  CNI_NETNS: mostly(fc.constant('/run/netns/none'), hostileString),
  CNI_IFNAME: mostly(fc.constant('eth0'), hostileString),
  CNI_PATH: mostly(fc.constant('/opt/cni/bin'), hostileString),
  CNI_ARGS: mostly(fc.constantFrom('K8S_POD_NAMESPACE=default;K8S_POD_NAME=web', 'K8S_POD_NAMESPACE=kube-system;K8S_POD_NAME=dns'), hostileString),
});
