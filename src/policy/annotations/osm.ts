// Open Service Mesh (archived, openservicemesh/osm v1.2.4): the osm-init container's iptables rules
// (pkg/injector/iptables.go), with the annotations read as the injector reads them (pkg/injector/
// exclusions.go, patch.go). osm-init runs `iptables-restore` only: IPv4 is redirected, IPv6 is not.
// Only the pod's own annotations are seen: namespace-level injection and MeshConfig's global lists
// (exclusions, inclusions, excluded interfaces, localProxyMode) are not — put the lists in the node policy.
import { formatIpNet } from '../addresses.js';
import { goCidr } from './linkerd.js';
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

const injection = (a: Annotations): string | undefined => (Object.hasOwn(a, INJECTION) ? (a[INJECTION] ?? '').trim().toLowerCase() : undefined);

/**
 * getPortExclusionListForPod: split on commas, each item trimmed and read with strconv.Atoi, > 0, or the
 * webhook refuses the pod; a port above 65535 passes the webhook but makes osm-init's iptables-restore fail.
 */
function readPorts(r: AnnotationReader, key: string, text: string): string[] | undefined {
  const out: string[] = [];
  for (const raw of text.split(',')) {
    const item = raw.trim();
    const n = /^[+-]?\d+$/.test(item) ? Number(item) : undefined;
    if (n === undefined || n <= 0 || n > 65535) {
      r.bad(key, `${at(key)} "${item}" is not a port (1-65535; OSM takes single ports, comma-separated)`);
      return undefined;
    }
    out.push(String(n));
  }
  return out;
}

/**
 * getOutboundIPRangeListForPod: split on commas, each item trimmed and read with net.ParseCIDR (a prefix
 * is required), or the webhook refuses the pod. An IPv6 range passes the webhook, but osm-init's
 * (IPv4) iptables-restore fails on it and the pod never leaves Init: refused here.
 */
function readRanges(r: AnnotationReader, key: string, text: string): string[] | undefined {
  const out: string[] = [];
  for (const raw of text.split(',')) {
    const n = goCidr(raw, at(key));
    if (typeof n === 'string') {
      r.bad(key, n);
      return undefined;
    }
    if (n.family === 6) {
      r.bad(key, `${at(key)} "${raw.trim()}" is an IPv6 range: osm-init writes IPv4 rules only and its iptables-restore fails on it`);
      return undefined;
    }
    out.push(formatIpNet(n));
  }
  return out;
}

export const osm: Profile = {
  name: 'osm',
  marker: `${INJECTION}: enabled`,
  defaults: {
    inboundPort: 15003,
    outboundPort: 15001,
    proxyUid: 1500,
    // 15010: Prometheus; 15901-15904: the sidecar's probe ports (liveness, readiness, startup, healthcheck).
    inboundExcludePorts: '15010,15901-15904',
    // osm-init writes iptables (IPv4) rules only.
    ipFamilies: 'ipv4',
  },
  keys: [
    { key: INJECTION, meaning: "enabled|yes|true: the pod is OSM's; disabled|no|false: the pod is skipped" },
    { key: EX_OUT_PORTS, meaning: 'comma list of destination ports not redirected outbound (widening; single ports; a bad item refuses the pod, as OSM)' },
    {
      key: EX_IN_PORTS,
      meaning: 'comma list of ports not redirected inbound, besides 15010, 15901-15904 (widening; single ports; a bad item refuses the pod, as OSM)',
    },
    { key: EX_OUT_IPS, meaning: 'comma list of IPv4 destination CIDRs not redirected outbound (widening; a bad item refuses the pod, as OSM)' },
    { key: IN_OUT_IPS, meaning: 'comma list of IPv4 CIDRs: only these destinations are redirected outbound (widening; Linux; a bad item refuses the pod)' },
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

  // Present keys are read even when empty: OSM's injector refuses an empty list (strconv.Atoi("") fails).
  read(a) {
    const r = new AnnotationReader(a);
    for (const [key, field] of [
      [EX_OUT_PORTS, 'outboundExcludePorts'],
      [EX_IN_PORTS, 'inboundExcludePorts'],
    ] as const) {
      const v = r.get(key);
      if (v === undefined) continue;
      const items = readPorts(r, key, v);
      if (items) r.exclude(key, field, items);
    }
    const exIps = r.get(EX_OUT_IPS);
    if (exIps !== undefined) {
      const items = readRanges(r, EX_OUT_IPS, exIps);
      if (items) r.exclude(EX_OUT_IPS, 'outboundExcludeIps', items);
    }
    const inIps = r.get(IN_OUT_IPS);
    if (inIps !== undefined) {
      const items = readRanges(r, IN_OUT_IPS, inIps);
      if (items) r.include(IN_OUT_IPS, 'outboundIncludeIps', items);
    }
    return r.result();
  },
};
