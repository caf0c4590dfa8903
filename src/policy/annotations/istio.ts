// Istio sidecar mode, as istio-cni reads it (cni/pkg/plugin/sidecar_redirect.go, istio 1.28).
// With CNI enabled the injector writes the effective values onto every pod (excludeInboundPorts
// "15020", includeInboundPorts "*", includeOutboundIPRanges "*"): they equal the defaults below.
// Not annotations, so not seen here: the proxy's runAsUser/runAsGroup (default 1337 kept) and
// DNS capture (proxy env ISTIO_META_DNS_CAPTURE): set dnsCapturePort in the node policy if wanted.
import { AnnotationReader, at } from './reader.js';
import type { Annotations, Profile } from './types.js';

const STATUS = 'sidecar.istio.io/status';
const INJECT = 'sidecar.istio.io/inject';
const MODE = 'sidecar.istio.io/interceptionMode';
const T = 'traffic.sidecar.istio.io/';
const INCLUDE_OUT_IPS = `${T}includeOutboundIPRanges`;
const EXCLUDE_OUT_IPS = `${T}excludeOutboundIPRanges`;
const INCLUDE_IN_PORTS = `${T}includeInboundPorts`;
const EXCLUDE_IN_PORTS = `${T}excludeInboundPorts`;
const INCLUDE_OUT_PORTS = `${T}includeOutboundPorts`;
const EXCLUDE_OUT_PORTS = `${T}excludeOutboundPorts`;
const UNSUPPORTED = [
  [`${T}excludeInterfaces`, 'traffic on every interface is redirected'],
  ['istio.io/reroute-virtual-interfaces', 'traffic from virtual interfaces is not rerouted'],
  [`${T}kubevirtInterfaces`, 'traffic from virtual interfaces is not rerouted'],
] as const;

const SINGLE = { single: 'Istio' };

/** strconv.ParseBool's false spellings: istio-cni skips the pod for these. */
const FALSE = new Set(['0', 'f', 'F', 'false', 'FALSE', 'False']);

function initContainers(a: Annotations): string[] {
  try {
    const status: unknown = JSON.parse(a[STATUS] ?? '');
    const list = (status as { initContainers?: unknown })?.initContainers;
    return Array.isArray(list) ? list.filter((c): c is string => typeof c === 'string') : [];
  } catch {
    return []; // istio-cni only checks that the annotation is there
  }
}

export const istio: Profile = {
  name: 'istio',
  marker: STATUS,
  defaults: {
    inboundPort: 15006,
    outboundPort: 15001,
    proxyUid: 1337,
    proxyGid: 1337,
    // istio-cni always appends 15020,15021,15090 to the inbound exclusions.
    inboundExcludePorts: '15020,15021,15090',
    outboundExcludePorts: '15020',
  },
  keys: [
    {
      key: STATUS,
      meaning: "written by the injector: the pod is Istio's (required); an istio-init init container in it means istio-init redirects, and the pod is skipped",
    },
    { key: INJECT, meaning: '"false": the pod is skipped' },
    { key: MODE, meaning: 'REDIRECT only; TPROXY is an error' },
    {
      key: INCLUDE_OUT_IPS,
      meaning: '"*": every destination; CIDRs: only these (widening); "": no outbound redirect (widening), or only includeOutboundPorts when set',
    },
    { key: EXCLUDE_OUT_IPS, meaning: 'destination CIDRs not redirected (widening)' },
    { key: INCLUDE_IN_PORTS, meaning: '"*": every port; ports: only these (widening); "": no inbound redirect (widening)' },
    { key: EXCLUDE_IN_PORTS, meaning: 'ports not redirected inbound, besides 15020,15021,15090 (widening; single ports)' },
    { key: INCLUDE_OUT_PORTS, meaning: 'destination ports always redirected, whatever the address ("*": every destination)' },
    { key: EXCLUDE_OUT_PORTS, meaning: 'destination ports not redirected, besides 15020 (widening; single ports)' },
    ...UNSUPPORTED.map(([key]) => ({ key, meaning: 'not supported: a warning, ignored' })),
  ],

  detect(a) {
    if (!Object.hasOwn(a, STATUS)) return false;
    if (FALSE.has((a[INJECT] ?? '').trim()) || initContainers(a).includes('istio-init')) return 'disabled';
    return true;
  },

  disabledReason(a) {
    if (FALSE.has((a[INJECT] ?? '').trim())) return `${INJECT} is "${a[INJECT]}"`;
    return `${STATUS} lists the istio-init init container: istio-init programs the redirection itself`;
  },

  read(a) {
    const r = new AnnotationReader(a);
    const mode = r.get(MODE);
    if (mode !== undefined && mode !== 'REDIRECT') {
      r.bad(
        MODE,
        mode === 'TPROXY'
          ? `${at(MODE)} "TPROXY" is not supported, use REDIRECT`
          : `${at(MODE)} "${mode}" is not an interception mode (REDIRECT; TPROXY is not supported)`,
      );
    }

    // includeOutboundPorts first: an empty includeOutboundIPRanges means "no outbound redirect" only without it.
    let outPortsSet = false;
    const outPorts = r.get(INCLUDE_OUT_PORTS)?.trim();
    if (outPorts && outPorts !== '*') {
      const items = r.ports(INCLUDE_OUT_PORTS, outPorts, SINGLE);
      if (items) {
        r.include(INCLUDE_OUT_PORTS, 'outboundIncludePorts', items);
        outPortsSet = items.length > 0;
      }
    }
    const outIps = r.get(INCLUDE_OUT_IPS)?.trim();
    if (outPorts === '*') {
      // Every port to every destination: the address restriction no longer matters (still checked).
      if (outIps) r.nets(INCLUDE_OUT_IPS, outIps === '*' ? '' : outIps);
      r.include(INCLUDE_OUT_PORTS, 'outboundIncludeIps', '*');
    } else if (outIps === '*') r.include(INCLUDE_OUT_IPS, 'outboundIncludeIps', '*');
    else if (outIps === '') {
      if (outPortsSet) r.include(INCLUDE_OUT_IPS, 'outboundIncludeIps', []);
      else r.off(INCLUDE_OUT_IPS, 'outbound');
    } else if (outIps !== undefined) {
      const items = r.nets(INCLUDE_OUT_IPS, outIps);
      if (items) r.include(INCLUDE_OUT_IPS, 'outboundIncludeIps', items);
    }

    const excludeOutIps = r.get(EXCLUDE_OUT_IPS);
    if (excludeOutIps !== undefined) {
      const items = r.nets(EXCLUDE_OUT_IPS, excludeOutIps);
      if (items) r.exclude(EXCLUDE_OUT_IPS, 'outboundExcludeIps', items);
    }

    const inPorts = r.get(INCLUDE_IN_PORTS)?.trim();
    if (inPorts === '*') r.include(INCLUDE_IN_PORTS, 'inboundIncludePorts', '*');
    else if (inPorts === '') r.off(INCLUDE_IN_PORTS, 'inbound');
    else if (inPorts !== undefined) {
      const items = r.ports(INCLUDE_IN_PORTS, inPorts, SINGLE);
      if (items) r.include(INCLUDE_IN_PORTS, 'inboundIncludePorts', items);
    }

    for (const [key, field] of [
      [EXCLUDE_IN_PORTS, 'inboundExcludePorts'],
      [EXCLUDE_OUT_PORTS, 'outboundExcludePorts'],
    ] as const) {
      const v = r.get(key);
      if (v === undefined) continue;
      if (v.trim() === '*') {
        r.bad(key, `${at(key)} "*" is not supported: list the ports to exclude`);
        continue;
      }
      const items = r.ports(key, v, SINGLE);
      if (items) r.exclude(key, field, items);
    }

    for (const [key, effect] of UNSUPPORTED) {
      const v = r.get(key)?.trim();
      if (v) r.warn(`${at(key)} "${v}" is not supported: ignored (${effect})`);
    }
    return r.result();
  },
};
