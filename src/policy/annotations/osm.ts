// Open Service Mesh (archived, v1.2.4): osm-init's iptables rules, expressed for the pod. Only the
// pod's own annotations are seen: namespace-level injection and MeshConfig's global exclusion lists
// are not (put the latter in the node policy).
import { AnnotationReader, at } from './reader.js';
import type { Annotations, Profile } from './types.js';

const INJECTION = 'openservicemesh.io/sidecar-injection';
const O = 'openservicemesh.io/';
const EX_OUT_PORTS = `${O}outbound-port-exclusion-list`;
const EX_IN_PORTS = `${O}inbound-port-exclusion-list`;
const EX_OUT_IPS = `${O}outbound-ip-range-exclusion-list`;
const IN_OUT_IPS = `${O}outbound-ip-range-inclusion-list`;

const YES = ['enabled', 'yes', 'true'];
const NO = ['disabled', 'no', 'false'];
const SINGLE = { single: 'OSM' };

const injection = (a: Annotations): string | undefined => (Object.hasOwn(a, INJECTION) ? (a[INJECTION] ?? '').trim().toLowerCase() : undefined);

export const osm: Profile = {
  name: 'osm',
  marker: `${INJECTION}: enabled`,
  defaults: {
    inboundPort: 15003,
    outboundPort: 15001,
    proxyUid: 1500,
    // 15010: Prometheus; 15901-15904: the sidecar's probe ports.
    inboundExcludePorts: '15010,15901-15904',
  },
  keys: [
    { key: INJECTION, meaning: "enabled|yes|true: the pod is OSM's; disabled|no|false: the pod is skipped" },
    { key: EX_OUT_PORTS, meaning: 'destination ports not redirected outbound (widening; single ports)' },
    { key: EX_IN_PORTS, meaning: 'ports not redirected inbound, besides 15010, 15901-15904 (widening; single ports)' },
    { key: EX_OUT_IPS, meaning: 'destination CIDRs not redirected outbound (widening)' },
    { key: IN_OUT_IPS, meaning: 'only these destination CIDRs are redirected outbound (widening; Linux)' },
  ],

  detect(a) {
    const v = injection(a);
    return v !== undefined && YES.includes(v) ? true : v !== undefined && NO.includes(v) ? 'disabled' : false;
  },

  detectIssue(a) {
    const v = injection(a);
    if (v === undefined || YES.includes(v) || NO.includes(v)) return undefined;
    return { field: INJECTION, message: `${at(INJECTION)} "${a[INJECTION]}" is not one of ${[...YES, ...NO].join(', ')}` };
  },

  disabledReason: (a) => `${INJECTION} is "${a[INJECTION]}"`,

  read(a) {
    const r = new AnnotationReader(a);
    for (const [key, field] of [
      [EX_OUT_PORTS, 'outboundExcludePorts'],
      [EX_IN_PORTS, 'inboundExcludePorts'],
    ] as const) {
      const v = r.get(key);
      if (v === undefined) continue;
      const items = r.ports(key, v, SINGLE);
      if (items) r.exclude(key, field, items);
    }
    const exIps = r.get(EX_OUT_IPS);
    if (exIps !== undefined) {
      const items = r.nets(EX_OUT_IPS, exIps);
      if (items) r.exclude(EX_OUT_IPS, 'outboundExcludeIps', items);
    }
    // An empty inclusion list means no restriction in OSM.
    const inIps = r.get(IN_OUT_IPS);
    if (inIps?.trim()) {
      const items = r.nets(IN_OUT_IPS, inIps);
      if (items) r.include(IN_OUT_IPS, 'outboundIncludeIps', items);
    }
    return r.result();
  },
};
