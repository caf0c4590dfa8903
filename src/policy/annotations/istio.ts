// Istio sidecar mode, as istio-cni reads a pod (istio 1.30.3: cni/pkg/plugin/sidecar_redirect.go NewRedirect,
// sidecar_nftables_linux.go Program) and as its capture code then uses the values (tools/istio-nftables/pkg/
// capture/run.go; the same logic as tools/istio-iptables). With CNI enabled the injector writes the effective
// values onto every pod (excludeInboundPorts "15020", includeInboundPorts "*", includeOutboundIPRanges "*").
// What Istio does with each value, and so do we:
//   - lists are split on commas only; a port item is trimmed and must be 0-65535 (no ranges), a CIDR item is
//     taken as written and needs its prefix length (host bits are masked, as nft does); a bad item fails the
//     pod (istio-cni's ADD fails), and so it is refused here;
//   - an exclusion annotation replaces Istio's default (excludeOutboundPorts "80" no longer excludes 15020);
//     istio-cni then always appends 15020,15021,15090 to the inbound exclusions;
//   - inbound exclusions apply only with includeInboundPorts "*": a port list is captured whatever they say;
//   - "" in includeInboundPorts / includeOutboundIPRanges captures nothing from outside / to any address, but
//     Istio still writes its table (the proxy's calls to its own pod come back inbound, includeOutboundPorts
//     are still captured): inbound "nothing" is kept as the inbound port with every port excepted, outbound as
//     an empty list of included addresses, so the pod is never skipped for it.
// Not annotations, so not seen here: the proxy's runAsUser/runAsGroup (1337 kept), DNS capture and dual stack
// (proxy env ISTIO_META_DNS_CAPTURE, ISTIO_DUAL_STACK), invalid-packet drop (INVALID_DROP), owner groups and
// the loopback CIDR (istio-cni's own environment). Node meshDefaults can set the families and a DNS port.
import { interfaces, istioNets, istioPorts } from './istio-values.js';
import { AnnotationReader, at } from './reader.js';
import type { Annotations, Profile } from './types.js';

const STATUS = 'sidecar.istio.io/status';
const INJECT = 'sidecar.istio.io/inject';
const MODE = 'sidecar.istio.io/interceptionMode';
const PROXY_CONFIG = 'proxy.istio.io/config';
const T = 'traffic.sidecar.istio.io/';
const INCLUDE_OUT_IPS = `${T}includeOutboundIPRanges`;
const EXCLUDE_OUT_IPS = `${T}excludeOutboundIPRanges`;
const INCLUDE_IN_PORTS = `${T}includeInboundPorts`;
const EXCLUDE_IN_PORTS = `${T}excludeInboundPorts`;
const INCLUDE_OUT_PORTS = `${T}includeOutboundPorts`;
const EXCLUDE_OUT_PORTS = `${T}excludeOutboundPorts`;
const EXCLUDE_INTERFACES = `${T}excludeInterfaces`;
const REROUTE = 'istio.io/reroute-virtual-interfaces';
const KUBEVIRT = `${T}kubevirtInterfaces`; // deprecated alias, read only without REROUTE

/** istio-cni's defaults (sidecar_redirect.go) that an annotation replaces. */
const DEFAULT_OUT_EXCLUDE = '15020';
/** Always appended by istio-cni to the inbound exclusions. */
const ALWAYS_IN_EXCLUDE = ['15020', '15021', '15090'];
/** Every port: excepting them all is how "no inbound capture" is kept with the inbound port (see above). */
const EVERY_PORT = '1-65535';

/** strconv.ParseBool's false spellings: istio-cni skips the pod for these. */
const FALSE = new Set(['0', 'f', 'F', 'false', 'FALSE', 'False']);
const TRUE = ['1', 't', 'T', 'true', 'TRUE', 'True'];

function initContainers(a: Annotations): string[] {
  try {
    const status: unknown = JSON.parse(a[STATUS] ?? '');
    const list = (status as { initContainers?: unknown })?.initContainers;
    return Array.isArray(list) ? list.filter((c): c is string => typeof c === 'string') : [];
  } catch {
    return []; // istio-cni only checks that the annotation is there
  }
}

const notHonoured = (key: string, value: string, what: string) => `${at(key)} "${value}" is not honoured: ${what}`;

export const istio: Profile = {
  name: 'istio',
  marker: STATUS,
  defaults: {
    inboundPort: 15006,
    outboundPort: 15001,
    proxyUid: 1337,
    proxyGid: 1337,
    inboundExcludePorts: ALWAYS_IN_EXCLUDE.join(','),
    outboundExcludePorts: DEFAULT_OUT_EXCLUDE,
  },
  keys: [
    {
      key: STATUS,
      meaning: "written by the injector: the pod is Istio's (required); an istio-init init container in it means istio-init redirects, and the pod is skipped",
    },
    { key: INJECT, meaning: '"false": the pod is skipped' },
    { key: MODE, meaning: 'REDIRECT; TPROXY is not honoured (the pod is refused rather than given REDIRECT rules)' },
    {
      key: INCLUDE_OUT_IPS,
      meaning: '"*": every destination; CIDRs: only these (widening); "": no destination by address (widening; includeOutboundPorts still apply)',
    },
    { key: EXCLUDE_OUT_IPS, meaning: 'destination CIDRs not redirected, checked before includeOutboundPorts (widening)' },
    { key: INCLUDE_IN_PORTS, meaning: '"*": every port but the excluded ones; ports: exactly these (widening); "": none (widening)' },
    { key: EXCLUDE_IN_PORTS, meaning: 'ports not redirected inbound, with includeInboundPorts "*" only; 15020,15021,15090 always (widening)' },
    { key: INCLUDE_OUT_PORTS, meaning: 'destination ports redirected whatever the address (but excluded addresses and loopback)' },
    { key: EXCLUDE_OUT_PORTS, meaning: 'destination ports not redirected; replaces the default 15020 (widening)' },
    { key: EXCLUDE_INTERFACES, meaning: 'not honoured: a warning; traffic on every interface is redirected' },
    { key: REROUTE, meaning: 'not honoured: a warning; traffic from virtual interfaces is not rerouted' },
    { key: KUBEVIRT, meaning: 'deprecated name of istio.io/reroute-virtual-interfaces (read only without it): not honoured, a warning' },
    { key: PROXY_CONFIG, meaning: 'read for the proxy settings istio-cni acts on: DNS capture and invalid-packet drop are not honoured (a warning)' },
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
    // istio-cni takes REDIRECT or TPROXY, exactly; anything else fails the pod.
    const mode = r.get(MODE);
    if (mode === 'TPROXY') {
      r.refuse(
        MODE,
        notHonoured(
          MODE,
          mode,
          "only REDIRECT rules are written, and they would cut a TPROXY proxy's inbound path (Istio's TPROXY marks packets, diverts them with tproxy in a mangle table and routes them back by policy routing)",
        ),
      );
    } else if (mode !== undefined && mode !== 'REDIRECT') {
      r.bad(MODE, `${at(MODE)} "${mode}" is not an interception mode (Istio takes REDIRECT or TPROXY; TPROXY is not honoured)`);
    }

    // Outbound. includeOutboundPorts "*" passes istio-cni's check but its rule (`tcp dport *`) does not load.
    const outPorts = r.get(INCLUDE_OUT_PORTS);
    if (outPorts === '*') {
      r.bad(INCLUDE_OUT_PORTS, `${at(INCLUDE_OUT_PORTS)} "*" is not a port list: Istio's rule for it does not load and the pod fails there too`);
    } else if (outPorts !== undefined) {
      const items = istioPorts(r, INCLUDE_OUT_PORTS, outPorts);
      if (items && items.length > 0) r.include(INCLUDE_OUT_PORTS, 'outboundIncludePorts', items);
    }
    const outIps = r.get(INCLUDE_OUT_IPS);
    if (outIps === '*') r.include(INCLUDE_OUT_IPS, 'outboundIncludeIps', '*');
    else if (outIps !== undefined) {
      const items = istioNets(r, INCLUDE_OUT_IPS, outIps);
      // "" is an empty list: no destination by address, the outbound port (and the rest of the table) kept.
      if (items) r.include(INCLUDE_OUT_IPS, 'outboundIncludeIps', items);
    }
    const excludeOutIps = r.get(EXCLUDE_OUT_IPS);
    if (excludeOutIps !== undefined) {
      const items = istioNets(r, EXCLUDE_OUT_IPS, excludeOutIps);
      if (items) r.exclude(EXCLUDE_OUT_IPS, 'outboundExcludeIps', items);
    }
    const excludeOutPorts = r.get(EXCLUDE_OUT_PORTS);
    if (excludeOutPorts === '*') {
      r.bad(EXCLUDE_OUT_PORTS, `${at(EXCLUDE_OUT_PORTS)} "*" is not a port list: Istio's rule for it does not load and the pod fails there too`);
    } else if (excludeOutPorts !== undefined) {
      const items = istioPorts(r, EXCLUDE_OUT_PORTS, excludeOutPorts);
      if (items) {
        // The annotation replaces istio-cni's default 15020.
        if (!items.includes(DEFAULT_OUT_EXCLUDE)) r.unexclude(EXCLUDE_OUT_PORTS, 'outboundExcludePorts', [DEFAULT_OUT_EXCLUDE]);
        r.exclude(EXCLUDE_OUT_PORTS, 'outboundExcludePorts', items);
      }
    }

    // Inbound.
    const inPorts = r.get(INCLUDE_IN_PORTS);
    let inboundAll = true;
    if (inPorts !== undefined && inPorts !== '*') {
      const items = istioPorts(r, INCLUDE_IN_PORTS, inPorts);
      if (items) {
        inboundAll = false;
        if (items.length === 0) {
          // No port captured from outside; the inbound port stays for the proxy's calls to its own pod.
          r.exclude(INCLUDE_IN_PORTS, 'inboundExcludePorts', [EVERY_PORT]);
        } else {
          r.include(INCLUDE_IN_PORTS, 'inboundIncludePorts', items);
          // A listed port is captured even if excluded by default (Istio applies exclusions only with "*").
          const always = ALWAYS_IN_EXCLUDE.filter((p) => items.includes(p));
          if (always.length > 0) r.unexclude(INCLUDE_IN_PORTS, 'inboundExcludePorts', always);
        }
      }
    } else if (inPorts === '*') r.include(INCLUDE_IN_PORTS, 'inboundIncludePorts', '*');
    const excludeInPorts = r.get(EXCLUDE_IN_PORTS);
    if (excludeInPorts !== undefined) {
      // istio-cni accepts "*" here, but its rule (`tcp dport *`) loads only when it is not used.
      const items = excludeInPorts === '*' ? ['*'] : istioPorts(r, EXCLUDE_IN_PORTS, excludeInPorts);
      const extra = items?.filter((p) => !ALWAYS_IN_EXCLUDE.includes(p)) ?? [];
      if (!inboundAll) {
        if (extra.length > 0) {
          r.warn(`${at(EXCLUDE_IN_PORTS)} ${extra.join(', ')} not applied: Istio applies inbound exclusions only when includeInboundPorts is "*"`);
        }
      } else if (excludeInPorts === '*') {
        r.bad(EXCLUDE_IN_PORTS, `${at(EXCLUDE_IN_PORTS)} "*" is not a port list: Istio's rule for it does not load and the pod fails there too`);
      } else if (items) r.exclude(EXCLUDE_IN_PORTS, 'inboundExcludePorts', items);
    }

    // Known to istio-cni, not honoured here: validated as istio-cni does (a bad name fails the pod), then a warning.
    const excluded = r.get(EXCLUDE_INTERFACES);
    if (excluded !== undefined && interfaces(r, EXCLUDE_INTERFACES, excluded)?.length) {
      r.warn(notHonoured(EXCLUDE_INTERFACES, excluded, 'traffic on every interface is redirected'));
    }
    const rerouteKey = r.has(REROUTE) ? REROUTE : KUBEVIRT;
    const reroute = r.get(rerouteKey);
    if (reroute !== undefined && interfaces(r, rerouteKey, reroute)?.length) {
      r.warn(notHonoured(rerouteKey, reroute, 'traffic from virtual interfaces is not rerouted to the proxy'));
    }
    // The injector puts proxy.istio.io/config's proxyMetadata into the proxy's env, where istio-cni reads it.
    const proxyConfig = r.get(PROXY_CONFIG);
    if (proxyConfig !== undefined) {
      const on = (name: string) => new RegExp(`${name}["']?\\s*:\\s*["']?(${TRUE.join('|')})["']?\\s*(,|}|$)`, 'm').test(proxyConfig);
      const unhonoured = [
        ['ISTIO_META_DNS_CAPTURE', 'DNS is not captured (a node can set dnsCapturePort in meshDefaults.istio)'],
        ['INVALID_DROP', 'invalid packets are not dropped'],
      ].filter(([name]) => on(name!));
      if (unhonoured.length > 0) {
        r.warn(`${at(PROXY_CONFIG)} ${unhonoured.map(([name, what]) => `${name} is not honoured: ${what}`).join('; ')}`);
      }
    }
    return r.result();
  },
};
