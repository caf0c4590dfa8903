// Kuma, as kuma-cni reads its legacy per-key annotations (kumahq/kuma v2.14 app/cni/pkg/cni).
import { readKumaConfig } from './kuma-config.js';
import { AnnotationReader, at } from './reader.js';
import type { Profile } from './types.js';

const INJECTED = 'kuma.io/sidecar-injected';
const IN_PORT = 'kuma.io/transparent-proxying-inbound-port';
const OUT_PORT = 'kuma.io/transparent-proxying-outbound-port';
const UID = 'kuma.io/sidecar-uid';
const T = 'traffic.kuma.io/';
const EX_IN_PORTS = `${T}exclude-inbound-ports`;
const EX_OUT_PORTS = `${T}exclude-outbound-ports`;
const EX_IN_IPS = `${T}exclude-inbound-ips`;
const EX_OUT_IPS = `${T}exclude-outbound-ips`;
const GATEWAY = 'kuma.io/gateway';
const DNS = 'kuma.io/builtin-dns';
const DNS_PORT = 'kuma.io/builtin-dns-port';
const PROBE_PORT = 'kuma.io/application-probe-proxy-port';
export const KUMA_TP_CONFIG = `${T}transparent-proxy-config`;
const TP_CONFIG = KUMA_TP_CONFIG;
const PORTS_FOR_UIDS = `${T}exclude-outbound-ports-for-uids`;

const DEFAULT_DNS_PORT = '15053';
const DEFAULT_PROBE_PORT = '9001';
const YES = ['enabled', 'true'];
const NO = ['disabled', 'false'];
const SINGLE = { single: 'Kuma' };

export const kuma: Profile = {
  name: 'kuma',
  marker: `${INJECTED}: "true"`,
  defaults: {
    inboundPort: 15006,
    outboundPort: 15001,
    proxyUid: 5678,
    // 9901: kuma-dp's admin port; 9001: the application probe proxy.
    inboundExcludePorts: `9901,${DEFAULT_PROBE_PORT}`,
    outboundExcludePorts: '9901',
  },
  keys: [
    { key: INJECTED, meaning: '"true" (written by the injector): the pod is Kuma\'s' },
    { key: IN_PORT, meaning: 'inbound proxy port (default 15006)' },
    { key: OUT_PORT, meaning: 'outbound proxy port (default 15001)' },
    { key: UID, meaning: "the proxy's UID (default 5678; widening when different)" },
    { key: EX_IN_PORTS, meaning: 'ports not redirected inbound, besides 9901 and the probe proxy port (widening; single ports)' },
    { key: EX_OUT_PORTS, meaning: 'destination ports not redirected outbound, besides 9901 (widening; single ports)' },
    { key: EX_IN_IPS, meaning: 'source addresses/CIDRs not redirected inbound (widening)' },
    { key: EX_OUT_IPS, meaning: 'destination addresses/CIDRs not redirected outbound (widening)' },
    { key: GATEWAY, meaning: "enabled/true: no inbound redirect (a gateway's Envoy takes inbound traffic itself)" },
    { key: DNS, meaning: `enabled/true: capture DNS to ${DNS_PORT} (Linux)` },
    { key: DNS_PORT, meaning: `the DNS capture port when ${DNS} is on (default ${DEFAULT_DNS_PORT})` },
    {
      key: PROBE_PORT,
      meaning: `the application probe proxy's port, not redirected inbound (default ${DEFAULT_PROBE_PORT}; "0": none; another port is widening)`,
    },
    {
      key: TP_CONFIG,
      meaning:
        "kuma's whole transparent-proxy configuration (YAML): kumaDPUser, redirect.inbound/outbound (enabled, port, excludePorts, includePorts, excludePortsForIPs), redirect.dns; when set, the other keys are not read (as kuma-cni)",
    },
    { key: PORTS_FOR_UIDS, meaning: 'not supported: a warning, ignored' },
  ],

  detect: (a) => (a[INJECTED] ?? '').trim() === 'true',

  read(a, tools) {
    const r = new AnnotationReader(a);
    const config = r.get(TP_CONFIG);
    if (config !== undefined) {
      readKumaConfig(r, TP_CONFIG, config, tools?.parseYaml);
      const legacy = kuma.keys.map((k) => k.key).filter((k) => k !== TP_CONFIG && k !== INJECTED && r.has(k));
      if (legacy.length > 0)
        r.warn(`${legacy.join(', ')} ignored: Kuma's whole transparent-proxy configuration annotation is set, and kuma-cni then reads only that`);
      return r.result();
    }
    for (const [key, field] of [
      [IN_PORT, 'inboundPort'],
      [OUT_PORT, 'outboundPort'],
    ] as const) {
      const v = r.get(key);
      if (v === undefined) continue;
      const p = r.port(key, v);
      if (p !== undefined) r.set(key, field, p);
    }
    const uid = r.get(UID);
    if (uid !== undefined) {
      const id = r.id(UID, uid);
      if (id !== undefined) r.set(UID, 'proxyUid', id);
    }
    for (const [key, field] of [
      [EX_IN_PORTS, 'inboundExcludePorts'],
      [EX_OUT_PORTS, 'outboundExcludePorts'],
    ] as const) {
      const v = r.get(key);
      if (v === undefined) continue;
      const items = r.ports(key, v, SINGLE);
      if (items) r.exclude(key, field, items);
    }
    for (const [key, field] of [
      [EX_IN_IPS, 'inboundExcludeIps'],
      [EX_OUT_IPS, 'outboundExcludeIps'],
    ] as const) {
      const v = r.get(key);
      if (v === undefined) continue;
      const items = r.nets(key, v);
      if (items) r.exclude(key, field, items);
    }
    const gateway = r.get(GATEWAY);
    if (gateway !== undefined && r.bool(GATEWAY, gateway, YES, NO)) r.off(GATEWAY, 'inbound', 'tuning'); // a gateway's Envoy takes inbound traffic itself

    // kuma-cni validates the DNS port whether or not builtin DNS is on.
    const dnsPortText = r.get(DNS_PORT);
    const dnsPort = dnsPortText === undefined ? DEFAULT_DNS_PORT : r.port(DNS_PORT, dnsPortText);
    const dns = r.get(DNS);
    if (dns !== undefined && r.bool(DNS, dns, YES, NO) && dnsPort !== undefined) {
      r.set(dnsPortText === undefined ? DNS : DNS_PORT, 'dnsCapturePort', dnsPort);
    }

    const probe = r.get(PROBE_PORT)?.trim();
    if (probe === '0') {
      r.unexclude(PROBE_PORT, 'inboundExcludePorts', [DEFAULT_PROBE_PORT]);
    } else if (probe !== undefined && probe !== DEFAULT_PROBE_PORT) {
      const p = r.port(PROBE_PORT, probe);
      if (p !== undefined) {
        r.unexclude(PROBE_PORT, 'inboundExcludePorts', [DEFAULT_PROBE_PORT]);
        r.exclude(PROBE_PORT, 'inboundExcludePorts', [p]);
      }
    }

    const forUids = r.get(PORTS_FOR_UIDS)?.trim();
    if (forUids) r.warn(`${at(PORTS_FOR_UIDS)} "${forUids}" is not supported: ignored (only the proxy's own identity escapes the proxy)`);
    return r.result();
  },
};
