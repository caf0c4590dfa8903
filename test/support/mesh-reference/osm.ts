// The reference for the OSM differential suite: the osm-init container's rules, transcribed from
// openservicemesh/osm v1.2.4 (archived). Facts, not our code:
//   pkg/injector/patch.go       configurePodInit: each list = the pod's annotation merged with MeshConfig's
//                               global list (mergePortExclusionLists / mergeIPRangeLists)
//   pkg/injector/exclusions.go  getPortExclusionListForPod, getOutboundIPRangeListForPod: comma lists,
//                               items trimmed, strconv.Atoi > 0 / net.ParseCIDR, any bad item: error
//   pkg/injector/iptables.go    generateIptablesCommands: the iptables-restore text osm-init runs
//   pkg/constants/constants.go  Envoy UID 1500, inbound 15003, outbound 15001, admin 15000, Prometheus
//                               15010, probe ports 15901-15903, healthcheck 15904
// osm-init runs `iptables-restore --noflush` with this text, IPv4 only (there is no ip6tables call).

export const ENVOY_UID = 1500;
const INBOUND = 15003;
const OUTBOUND = 15001;
const ADMIN = 15000;
const PROMETHEUS = 15010;
const PROBES = [15901, 15902, 15903, 15904];

/** What generateIptablesCommands takes. */
export interface OsmInitConfig {
  proxyMode: 'Localhost' | 'PodIP';
  outboundIPRangeExclusionList: string[];
  outboundIPRangeInclusionList: string[];
  outboundPortExclusionList: number[];
  inboundPortExclusionList: number[];
  networkInterfaceExclusionList: string[];
}

/** MeshConfig's spec.traffic / spec.sidecar as `osm install` leaves them (all lists empty, Localhost). */
export interface MeshConfig {
  localProxyMode: 'Localhost' | 'PodIP';
  outboundPortExclusionList: number[];
  inboundPortExclusionList: number[];
  outboundIPRangeExclusionList: string[];
  outboundIPRangeInclusionList: string[];
  networkInterfaceExclusionList: string[];
}

export const DEFAULT_MESH_CONFIG: MeshConfig = {
  localProxyMode: 'Localhost',
  outboundPortExclusionList: [],
  inboundPortExclusionList: [],
  outboundIPRangeExclusionList: [],
  outboundIPRangeInclusionList: [],
  networkInterfaceExclusionList: [],
};

/** The webhook returns an error: the pod is not created. */
export class WebhookRefuses extends Error {}

const PORTS_OUT = 'openservicemesh.io/outbound-port-exclusion-list';
const PORTS_IN = 'openservicemesh.io/inbound-port-exclusion-list';
const IPS_OUT = 'openservicemesh.io/outbound-ip-range-exclusion-list';
const IPS_IN = 'openservicemesh.io/outbound-ip-range-inclusion-list';

/** getPortExclusionListForPod. */
function portList(a: Readonly<Record<string, string>>, key: string): number[] {
  if (!Object.hasOwn(a, key)) return [];
  return a[key]!.split(',').map((raw) => {
    const s = raw.trim();
    const n = /^[+-]?\d+$/.test(s) ? Number(s) : NaN;
    if (!(n > 0)) throw new WebhookRefuses(`Invalid port value '${s}' specified for annotation '${key}'`);
    return n;
  });
}

/** getOutboundIPRangeListForPod (net.ParseCIDR, for the IPv4 and IPv6 forms the suite uses). */
function rangeList(a: Readonly<Record<string, string>>, key: string): string[] {
  if (!Object.hasOwn(a, key)) return [];
  return a[key]!.split(',').map((raw) => {
    const s = raw.trim();
    const ok = /^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(s) || /^[0-9a-fA-F:]*:[0-9a-fA-F:]*\/\d{1,3}$/.test(s);
    if (!ok) throw new WebhookRefuses(`Invalid IP range '${s}' specified for annotation '${key}'`);
    return s;
  });
}

/** mergePortExclusionLists: global first, then the pod's, without repeats. */
function mergePorts(pod: number[], global: number[]): number[] {
  return [...new Set([...global, ...pod])];
}

/** mergeIPRangeLists: the pod's first, then the global, without repeats. */
function mergeRanges(pod: string[], global: string[]): string[] {
  return [...new Set([...pod, ...global])];
}

/** configurePodInit: the init container's configuration for a Linux pod. Throws WebhookRefuses. */
export function osmConfigFor(a: Readonly<Record<string, string>>, mesh: MeshConfig = DEFAULT_MESH_CONFIG): OsmInitConfig {
  return {
    proxyMode: mesh.localProxyMode,
    outboundPortExclusionList: mergePorts(portList(a, PORTS_OUT), mesh.outboundPortExclusionList),
    inboundPortExclusionList: mergePorts(portList(a, PORTS_IN), mesh.inboundPortExclusionList),
    outboundIPRangeExclusionList: mergeRanges(rangeList(a, IPS_OUT), mesh.outboundIPRangeExclusionList),
    outboundIPRangeInclusionList: mergeRanges(rangeList(a, IPS_IN), mesh.outboundIPRangeInclusionList),
    networkInterfaceExclusionList: mesh.networkInterfaceExclusionList,
  };
}

/**
 * generateIptablesCommands, rule for rule. `-I` inserts at the top of the chain (iptables-restore applies
 * the lines in order), so the text is the same as osm-init's; `$POD_IP` is the shell's, given here.
 */
export function osmRules(c: OsmInitConfig, podIp = '$POD_IP'): string {
  const cmds: string[] = [];
  // iptablesInboundStaticRules
  cmds.push(`-A OSM_PROXY_IN_REDIRECT -p tcp -j REDIRECT --to-port ${INBOUND}`);
  cmds.push('-A PREROUTING -p tcp -j OSM_PROXY_INBOUND');
  cmds.push(`-A OSM_PROXY_INBOUND -p tcp --dport ${PROMETHEUS} -j RETURN`);
  for (const p of PROBES) cmds.push(`-A OSM_PROXY_INBOUND -p tcp --dport ${p} -j RETURN`);
  cmds.push('-A OSM_PROXY_INBOUND -p tcp -j OSM_PROXY_IN_REDIRECT');
  for (const iface of c.networkInterfaceExclusionList) cmds.push(`-I OSM_PROXY_INBOUND -i ${iface} -j RETURN`);
  if (c.inboundPortExclusionList.length > 0) {
    cmds.push(`-I OSM_PROXY_INBOUND -p tcp --match multiport --dports ${c.inboundPortExclusionList.join(',')} -j RETURN`);
  }
  // iptablesOutboundStaticRules
  cmds.push(`-A OSM_PROXY_OUT_REDIRECT -p tcp -j REDIRECT --to-port ${OUTBOUND}`);
  cmds.push(`-A OSM_PROXY_OUT_REDIRECT -p tcp --dport ${ADMIN} -j ACCEPT`); // after the REDIRECT: never reached
  cmds.push('-A OUTPUT -p tcp -j OSM_PROXY_OUTBOUND');
  cmds.push(`-A OSM_PROXY_OUTBOUND -o lo ! -d 127.0.0.1/32 -m owner --uid-owner ${ENVOY_UID} -j OSM_PROXY_IN_REDIRECT`);
  cmds.push(`-A OSM_PROXY_OUTBOUND -o lo -m owner ! --uid-owner ${ENVOY_UID} -j RETURN`);
  cmds.push(`-A OSM_PROXY_OUTBOUND -m owner --uid-owner ${ENVOY_UID} -j RETURN`);
  cmds.push('-A OSM_PROXY_OUTBOUND -d 127.0.0.1/32 -j RETURN');
  if (c.proxyMode === 'PodIP') {
    cmds.push(`-I OUTPUT -p tcp -o lo -d 127.0.0.1/32 -m owner --uid-owner ${ENVOY_UID} -j DNAT --to-destination ${podIp}`);
  }
  for (const iface of c.networkInterfaceExclusionList) cmds.push(`-A OSM_PROXY_OUTBOUND -o ${iface} -j RETURN`);
  for (const cidr of c.outboundIPRangeExclusionList) cmds.push(`-A OSM_PROXY_OUTBOUND -d ${cidr} -j RETURN`);
  if (c.outboundPortExclusionList.length > 0) {
    cmds.push(`-A OSM_PROXY_OUTBOUND -p tcp --match multiport --dports ${c.outboundPortExclusionList.join(',')} -j RETURN`);
  }
  if (c.outboundIPRangeInclusionList.length > 0) {
    for (const cidr of c.outboundIPRangeInclusionList) cmds.push(`-A OSM_PROXY_OUTBOUND -d ${cidr} -j OSM_PROXY_OUT_REDIRECT`);
    cmds.push('-A OSM_PROXY_OUTBOUND -j RETURN');
  } else {
    cmds.push('-A OSM_PROXY_OUTBOUND -j OSM_PROXY_OUT_REDIRECT');
  }
  return [
    '# OSM sidecar interception rules',
    '*nat',
    ':OSM_PROXY_INBOUND - [0:0]',
    ':OSM_PROXY_IN_REDIRECT - [0:0]',
    ':OSM_PROXY_OUTBOUND - [0:0]',
    ':OSM_PROXY_OUT_REDIRECT - [0:0]',
    ...cmds,
    'COMMIT',
    '',
  ].join('\n');
}

/** What osm-init programs for a pod (IPv4 only). */
export function osmRuleset(a: Readonly<Record<string, string>>, mesh: MeshConfig = DEFAULT_MESH_CONFIG): { iptables4: string } {
  return { iptables4: osmRules(osmConfigFor(a, mesh)) };
}
