// Kuma, as kuma-cni reads its legacy per-key annotations (kumahq/kuma v2.14.3 app/cni/pkg/cni:
// annotations_linux.go NewIntermediateConfig, injector_linux.go mapToConfig), or the whole
// transparent-proxy configuration when the pod carries it (kuma-config.ts). What kuma-cni does with them:
// - a value that does not parse fails the pod's ADD (the pod does not start): an error here too;
// - an exclusion list replaces the default (9901, kuma-dp's admin port, both ways); the application
//   probe proxy port (default 9001, "0": none) is then added to the inbound list;
// - `kuma.io/gateway` turns the inbound redirect off (the proxy's own connections to its pod IP still go
//   to 15006: the shape's job); builtin DNS captures all DNS (UDP) and lets DNS over TCP through;
// - the IP family mode `ipv4` leaves IPv6 alone, `dualstack` (the injector's default) redirects both
//   and has ::6 added to the pod's lo (src/nft/shapes/kuma.ts kumaLoopbackAddresses).
// The injector (pkg/plugins/runtime/k8s/webhooks/injector/injector.go) writes onto every pod the
// effective values: the ports, the UID, the family mode, builtin DNS, the probe port, and, with the
// Envoy admin API on a Unix socket (the default in v2.14.3), `traffic.kuma.io/exclude-inbound-ports`
// with the readiness reporter's 9902 appended — kuma-dp's own listener, so excluding it is tuning.
import { KUMA_ADMIN_PORT, KUMA_PROBE_PORT, readKumaConfig } from './kuma-config.js';
import { familiesSetting, kumaNets, kumaUidItems, replaceExclusions } from './kuma-values.js';
import { AnnotationReader, at } from './reader.js';
import type { Profile, Setting } from './types.js';

const INJECTED = 'kuma.io/sidecar-injected';
const IN_PORT = 'kuma.io/transparent-proxying-inbound-port';
const OUT_PORT = 'kuma.io/transparent-proxying-outbound-port';
const FAMILY = 'kuma.io/transparent-proxying-ip-family-mode';
const UID = 'kuma.io/sidecar-uid';
const T = 'traffic.kuma.io/';
const EX_IN_PORTS = `${T}exclude-inbound-ports`;
const EX_OUT_PORTS = `${T}exclude-outbound-ports`;
const EX_IN_IPS = `${T}exclude-inbound-ips`;
const EX_OUT_IPS = `${T}exclude-outbound-ips`;
const PORTS_FOR_UIDS = `${T}exclude-outbound-ports-for-uids`;
const DROP_INVALID = `${T}drop-invalid-packets`;
const IPTABLES_LOGS = `${T}iptables-logs`;
const GATEWAY = 'kuma.io/gateway';
const DNS = 'kuma.io/builtin-dns';
const DNS_PORT = 'kuma.io/builtin-dns-port';
const PROBE_PORT = 'kuma.io/application-probe-proxy-port';
export const KUMA_TP_CONFIG = `${T}transparent-proxy-config`;
const TP_CONFIG = KUMA_TP_CONFIG;

const DEFAULT_DNS_PORT = '15053';
/** kuma-dp's readiness reporter, which the injector excludes inbound when the admin API is on a Unix socket. */
const READINESS_PORT = '9902';
// GetEnabled (injector_linux.go) compares in lower case.
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
    inboundExcludePorts: `${KUMA_ADMIN_PORT},${KUMA_PROBE_PORT}`,
    outboundExcludePorts: KUMA_ADMIN_PORT,
  },
  reservedInboundPorts: READINESS_PORT,
  keys: [
    { key: INJECTED, meaning: '"true" (written by the injector): the pod is Kuma\'s' },
    { key: IN_PORT, meaning: 'inbound proxy port (default 15006)' },
    { key: OUT_PORT, meaning: 'outbound proxy port (default 15001)' },
    { key: FAMILY, meaning: 'dualstack (default; IPv6 too, ::6 on lo) or ipv4 (IPv6 is left alone, as kuma-dp then listens on IPv4 only)' },
    { key: UID, meaning: "the proxy's UID (default 5678; widening when different)" },
    {
      key: EX_IN_PORTS,
      meaning: `ports not redirected inbound, instead of ${KUMA_ADMIN_PORT}; the probe proxy port is added (widening but for the injector's ${READINESS_PORT}; single ports)`,
    },
    { key: EX_OUT_PORTS, meaning: `destination ports not redirected outbound, instead of ${KUMA_ADMIN_PORT} (widening; single ports)` },
    { key: EX_IN_IPS, meaning: 'source addresses/CIDRs not redirected inbound (widening)' },
    { key: EX_OUT_IPS, meaning: 'destination addresses/CIDRs not redirected outbound, DNS included (widening)' },
    {
      key: PORTS_FOR_UIDS,
      meaning: 'users whose outbound traffic is not redirected, ";"-separated entries [tcp|udp|*:][PORTS|*:]UID[-UID] (widening)',
    },
    { key: GATEWAY, meaning: "enabled/true: no inbound redirect (a gateway's Envoy takes inbound traffic itself)" },
    { key: DNS, meaning: `enabled/true: capture all DNS over UDP to ${DNS_PORT} and let DNS over TCP through (Linux)` },
    { key: DNS_PORT, meaning: `the DNS capture port when ${DNS} is on (default ${DEFAULT_DNS_PORT})` },
    {
      key: PROBE_PORT,
      meaning: `the application probe proxy's port, not redirected inbound (default ${KUMA_PROBE_PORT}; "0": none; another port is widening)`,
    },
    { key: DROP_INVALID, meaning: 'enabled/true: not honoured (packets in conntrack state INVALID are not dropped)' },
    { key: IPTABLES_LOGS, meaning: 'enabled/true: not honoured (no packet logging)' },
    {
      key: TP_CONFIG,
      meaning:
        "kuma's whole transparent-proxy configuration (YAML): kumaDPUser, ipFamilyMode, redirect.inbound/outbound (enabled, port, excludePorts, includePorts, excludePortsForIPs, excludePortsForUIDs), redirect.dns; its lists replace the defaults; when set, the other keys are not read (as kuma-cni)",
    },
  ],

  detect: (a) => (a[INJECTED] ?? '').trim() === 'true',

  read(a, tools) {
    const r = new AnnotationReader(a);
    const extra: Setting[] = [];
    const done = () => {
      const res = r.result();
      const bad = new Set(res.issues.map((i) => i.field));
      return { ...res, settings: [...res.settings, ...extra.filter((s) => !bad.has(s.key))] };
    };
    // main_linux.go: a non-empty configuration annotation is read instead of every other key.
    const config = r.get(TP_CONFIG);
    if (config !== undefined && config !== '') {
      readKumaConfig(r, TP_CONFIG, config, tools?.parseYaml, extra, {
        inbound: [KUMA_ADMIN_PORT, KUMA_PROBE_PORT],
        outbound: [KUMA_ADMIN_PORT],
      });
      const legacy = kuma.keys.map((k) => k.key).filter((k) => k !== TP_CONFIG && k !== INJECTED && r.has(k));
      if (legacy.length > 0)
        r.warn(`${legacy.join(', ')} ignored: Kuma's whole transparent-proxy configuration annotation is set, and kuma-cni then reads only that`);
      return done();
    }
    const bool = (key: string): boolean | undefined => {
      const v = r.get(key);
      return v === undefined ? undefined : r.bool(key, v.toLowerCase(), YES, NO);
    };

    for (const [key, field] of [
      [IN_PORT, 'inboundPort'],
      [OUT_PORT, 'outboundPort'],
    ] as const) {
      const v = r.get(key);
      if (v === undefined) continue;
      const p = r.port(key, v);
      if (p !== undefined) r.set(key, field, p);
    }
    const family = r.get(FAMILY);
    if (family !== undefined) {
      // validateIpFamilyMode takes dualstack, ipv4, ipv6 (exactly); IPFamilyMode.Set then refuses ipv6.
      if (family === 'dualstack') extra.push(familiesSetting(FAMILY, 'dual'));
      else if (family === 'ipv4') extra.push(familiesSetting(FAMILY, 'ipv4'));
      else if (family === 'ipv6') r.bad(FAMILY, `${at(FAMILY)} "ipv6" is not supported by kuma-cni (it fails the pod): dualstack or ipv4`);
      else r.bad(FAMILY, `${at(FAMILY)} "${family}" is not dualstack or ipv4`);
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
      if (items) replaceExclusions(r, key, field, [KUMA_ADMIN_PORT], items);
    }
    for (const [key, field] of [
      [EX_IN_IPS, 'inboundExcludeIps'],
      [EX_OUT_IPS, 'outboundExcludeIps'],
    ] as const) {
      const v = r.get(key);
      if (v === undefined) continue;
      const items = kumaNets(r, key, v);
      if (items) r.exclude(key, field, items);
    }
    const forUids = r.get(PORTS_FOR_UIDS);
    if (forUids !== undefined && forUids !== '') {
      const items = kumaUidItems(r, PORTS_FOR_UIDS, forUids.split(';'));
      if (items) r.exclude(PORTS_FOR_UIDS, 'outboundExcludeUids', items);
    }
    if (bool(GATEWAY)) r.off(GATEWAY, 'inbound', 'tuning'); // a gateway's Envoy takes inbound traffic itself

    // kuma-cni validates the DNS port whether or not builtin DNS is on.
    const dnsPortText = r.get(DNS_PORT);
    const dnsPort = dnsPortText === undefined ? DEFAULT_DNS_PORT : r.port(DNS_PORT, dnsPortText);
    if (bool(DNS) && dnsPort !== undefined) {
      r.set(dnsPortText === undefined ? DNS : DNS_PORT, 'dnsCapturePort', dnsPort);
    }

    const probe = r.get(PROBE_PORT)?.trim();
    if (probe === '0') {
      r.unexclude(PROBE_PORT, 'inboundExcludePorts', [KUMA_PROBE_PORT]);
    } else if (probe !== undefined && probe !== KUMA_PROBE_PORT) {
      const p = r.port(PROBE_PORT, probe);
      if (p !== undefined) {
        r.unexclude(PROBE_PORT, 'inboundExcludePorts', [KUMA_PROBE_PORT]);
        r.exclude(PROBE_PORT, 'inboundExcludePorts', [p]);
      }
    }

    if (bool(DROP_INVALID)) r.warn(`${at(DROP_INVALID)} "${r.get(DROP_INVALID)!}" is not honoured: packets in conntrack state INVALID are not dropped`);
    if (bool(IPTABLES_LOGS)) r.warn(`${at(IPTABLES_LOGS)} "${r.get(IPTABLES_LOGS)!}" is not honoured: no packet logging`);
    return done();
  },
};
