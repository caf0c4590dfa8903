// Consul, as consul-cni reads a pod (hashicorp/consul-k8s v1.9.11 control-plane/cni/main.go): the injector
// (control-plane/connect-inject/webhook/redirect_traffic.go, iptablesConfigJSON) writes the whole redirection
// config as JSON with Go field names — hashicorp/consul sdk/iptables' Config; encoding/json matches names
// case-insensitively (the last of two spellings wins) and a null list is empty — plus
// `consul.hashicorp.com/dual-stack` (mesh_webhook.go, addDualStackAnnotation: "true" when the injector runs
// with CONSUL_DUAL_STACK=true, else "false"). consul-cni hands both to sdk/iptables Setup(cfg, dualStack):
// iptables rules always, ip6tables rules too when dual-stack is "true" (exactly; the IPv4 pass then writes no
// DNS rule, the IPv6 pass writes them for ::1). Every list item becomes one iptables argument, as is:
//   ExcludeInboundPorts / ExcludeOutboundPorts → `-p tcp --dport ITEM`: a port, `A:B`, `A:`, `:B`, or a
//     service name from the node's /etc/services (iptables runs on the node);
//   ExcludeOutboundCIDRs → `-d ITEM`;  ExcludeUIDs → `-m owner --uid-owner ITEM` (an id or `A-B`);
//   ConsulDNSIP + ConsulDNSPort → DNS (udp and tcp) to that IP's port 53 DNATed to its ConsulDNSPort.
// An item iptables refuses fails consul-cni's ADD (the pod does not start): it is an error here too.
// The injector always lists the init container's UID (5996) in ExcludeUIDs: it is this profile's default.
import { formatIpNet, isIPv4, isIPv6, parseIpNet } from '../addresses.js';
import type { IpNet } from '../model.js';
import { consulCidrItem, consulPortItem, consulUidItem, field, isBad, list, scalar } from './consul-config.js';
import { AnnotationReader, at } from './reader.js';
import type { Annotations, ExcludeField, Profile, Setting } from './types.js';
import { type Json } from '../../runtime/json.js';

const C = 'consul.hashicorp.com/';
const CONNECT_STATUS = `${C}connect-inject-status`;
const MESH_STATUS = `${C}mesh-inject-status`;
const TPROXY_STATUS = `${C}transparent-proxy-status`;
const CONFIG = `${C}redirect-traffic-config`;
const DUAL_STACK = `${C}dual-stack`;

/** The init container's UID (consul-k8s webhook initContainersUserAndGroupID), always in ExcludeUIDs. */
const INIT_UID = 5996;
/** The DNS address sdk/iptables uses when ConsulDNSPort is set without ConsulDNSIP (per family pass). */
const DNS_LOOPBACK = { 4: '127.0.0.1', 6: '::1' } as const;

const nonEmpty = (a: Annotations, key: string): boolean => (a[key] ?? '').trim() !== '';

/** Loopback addresses: a DNS redirect to one keeps the pod's traffic inside the pod. */
const isLoopback = (n: IpNet): boolean => (n.family === 4 ? n.address.startsWith('127.') : n.address === '::1');

const EXCLUDES: readonly (readonly [string, ExcludeField])[] = [
  ['ExcludeInboundPorts', 'inboundExcludePorts'],
  ['ExcludeOutboundPorts', 'outboundExcludePorts'],
];

export const consul: Profile = {
  name: 'consul',
  marker: `${CONNECT_STATUS} (or ${MESH_STATUS}) and ${TPROXY_STATUS}`,
  // IPv4 only unless the pod is dual-stack; the init container's UID is never redirected.
  defaults: { inboundPort: 20000, outboundPort: 15001, proxyUid: 5995, outboundExcludeUids: String(INIT_UID), ipFamilies: 'ipv4' },
  // The injector excludes the sidecar's own listeners: metrics (20200), proxy health (21000) and the
  // exposed probe paths (liveness 20300+, readiness 20400+, startup 20500+, one per container).
  reservedInboundPorts: '20200,21000,20300-20599',
  keys: [
    { key: CONNECT_STATUS, meaning: `non-empty, with ${TPROXY_STATUS}: the pod is Consul's (transparent proxy)` },
    { key: MESH_STATUS, meaning: `same as ${CONNECT_STATUS}` },
    { key: TPROXY_STATUS, meaning: 'non-empty: transparent proxy is on' },
    {
      key: CONFIG,
      meaning:
        'JSON written by the injector: ProxyUserID (default 5995), ProxyInboundPort (20000), ProxyOutboundPort (15001), ' +
        'ExcludeInboundPorts, ExcludeOutboundPorts (ports, A:B ranges, service names of /etc/services), ExcludeOutboundCIDRs, ' +
        "ExcludeUIDs (UIDs or ranges; the init container's 5996 is always there), ConsulDNSIP/ConsulDNSPort (DNS to that address " +
        "is sent to its Consul DNS port); exclusions are widening, except the sidecar's own 20200, 21000, 20300-20599 and the UID 5996",
    },
    {
      key: DUAL_STACK,
      meaning: '"true": IPv6 is redirected too (ip6tables rules) and Consul DNS is at ::1; anything else: IPv4 only',
    },
  ],

  detect: (a) => (nonEmpty(a, CONNECT_STATUS) || nonEmpty(a, MESH_STATUS)) && nonEmpty(a, TPROXY_STATUS),

  read(a) {
    const r = new AnnotationReader(a);
    // Settings whose kind the reader would get wrong (it calls every family or DNS setting widening).
    const own: Setting[] = [];

    const dualText = r.get(DUAL_STACK);
    const dual = dualText === 'true';
    if (dualText === undefined) {
      r.warn(`annotation ${DUAL_STACK} is missing: IPv4 only, as consul-k8s before 1.9 (consul-cni 1.9 fails such a pod)`);
    } else if (dual) {
      // Redirecting IPv6 as well captures more: never widening.
      own.push({ op: 'set', key: DUAL_STACK, field: 'ipFamilies', value: 'dual', kind: 'tuning' });
    }

    const text = r.get(CONFIG);
    if (text === undefined) {
      r.warn(`annotation ${CONFIG} is missing: using Consul's defaults (inbound 20000, outbound 15001, proxy UID 5995, UID ${INIT_UID} not redirected)`);
      return r.result();
    }
    let cfg: unknown;
    try {
      cfg = JSON.parse(text);
    } catch (e) {
      r.bad(CONFIG, `${at(CONFIG)} the value is not valid JSON (${(e as Error).message})`);
      return r.result();
    }
    if (typeof cfg !== 'object' || cfg === null || Array.isArray(cfg)) {
      r.bad(CONFIG, `${at(CONFIG)} must be a JSON object, got ${JSON.stringify(cfg)}`);
      return r.result();
    }
    const obj = cfg as Json;
    const what = (name: string): string => `${at(CONFIG)} ${name}`;
    const items = (name: string, kind: string): string[] | undefined => {
      const v = list(field(obj, name));
      if (!isBad(v)) return v;
      r.bad(CONFIG, `${what(name)} must be a list of ${kind}, got ${v.bad}`);
      return undefined;
    };

    const uid = scalar(field(obj, 'ProxyUserID'));
    if (isBad(uid)) r.bad(CONFIG, `${what('ProxyUserID')} must be a string, got ${uid.bad}`);
    else if (uid !== undefined) {
      const id = r.id(CONFIG, uid, what('ProxyUserID'));
      if (id !== undefined) r.set(CONFIG, 'proxyUid', id);
    }
    for (const [name, f] of [
      ['ProxyInboundPort', 'inboundPort'],
      ['ProxyOutboundPort', 'outboundPort'],
    ] as const) {
      const v = scalar(field(obj, name));
      if (isBad(v)) {
        r.bad(CONFIG, `${what(name)} must be a number, got ${v.bad}`);
        continue;
      }
      if (v === undefined) continue;
      const p = r.port(CONFIG, v, what(name));
      if (p !== undefined) r.set(CONFIG, f, p);
    }

    for (const [name, f] of EXCLUDES) {
      const got: string[] = [];
      for (const item of items(name, 'ports') ?? []) {
        const p = consulPortItem(item);
        if (isBad(p)) r.bad(CONFIG, `${what(name)} ${p.bad}`);
        else if (p !== null) got.push(p);
      }
      r.exclude(CONFIG, f, got);
    }

    const nets: string[] = [];
    for (const item of items('ExcludeOutboundCIDRs', 'CIDRs') ?? []) {
      const n = consulCidrItem(item);
      if (isBad(n)) r.bad(CONFIG, `${what('ExcludeOutboundCIDRs')} ${n.bad}`);
      else if (n.family === 6 && !dual) {
        // consul-cni fails the pod here (its iptables pass refuses an IPv6 address); IPv6 is not redirected anyway.
        r.warn(`${what('ExcludeOutboundCIDRs')} ${formatIpNet(n)} is IPv6 and the pod is not dual-stack: no effect (IPv6 is not redirected)`);
      } else nets.push(formatIpNet(n));
    }
    r.exclude(CONFIG, 'outboundExcludeIps', nets);

    const uids = items('ExcludeUIDs', 'UIDs');
    if (uids) {
      const got: string[] = [];
      for (const item of uids) {
        const u = consulUidItem(item);
        if (isBad(u)) r.bad(CONFIG, `${what('ExcludeUIDs')} ${u.bad}`);
        else got.push(u);
      }
      r.exclude(CONFIG, 'outboundExcludeUids', got);
      // The list replaces the default: a config without the init UID redirects it.
      const covers = got.some((u) => {
        const [lo, hi = lo] = u.split('-').map(Number);
        return lo! <= INIT_UID && INIT_UID <= hi!;
      });
      if (!covers) r.unexclude(CONFIG, 'outboundExcludeUids', [String(INIT_UID)]);
    }

    // sdk/iptables: ConsulDNSPort set → DNS to ConsulDNSIP (default 127.0.0.1, or ::1 when dual-stack) port 53
    // goes to that port; ConsulDNSIP alone → all DNS, whatever its destination, DNATed to ConsulDNSIP:53.
    // Setup refuses an IPv6 ConsulDNSIP without dual-stack and an IPv4 one with it (verifyDualStackConfig).
    const dnsIp = scalar(field(obj, 'ConsulDNSIP'));
    const dnsPort = scalar(field(obj, 'ConsulDNSPort'));
    if (isBad(dnsIp)) r.bad(CONFIG, `${what('ConsulDNSIP')} must be a string, got ${dnsIp.bad}`);
    if (isBad(dnsPort)) r.bad(CONFIG, `${what('ConsulDNSPort')} must be a number, got ${dnsPort.bad}`);
    if (!isBad(dnsIp) && !isBad(dnsPort) && (dnsIp !== undefined || dnsPort !== undefined)) {
      const family = dual ? 6 : 4;
      const ip = dnsIp ?? DNS_LOOPBACK[family];
      const parsed = isIPv4(ip) || isIPv6(ip) ? parseIpNet(ip, '') : undefined;
      if (parsed === undefined || typeof parsed === 'string')
        r.bad(CONFIG, `${what('ConsulDNSIP')} "${ip}" is not an IP address (consul-cni: unable to parse consulDNSIP)`);
      else if (parsed.family !== family) {
        r.bad(CONFIG, `${what('ConsulDNSIP')} ${ip} is IPv${parsed.family} and the pod is ${dual ? '' : 'not '}dual-stack (consul-cni fails such a pod)`);
      } else if (dnsPort === undefined) {
        r.warn(`${what('ConsulDNSIP')} ${ip} without ConsulDNSPort is not supported: ignored (all DNS is not sent to ${ip}:53)`);
      } else {
        const port = r.port(CONFIG, dnsPort, what('ConsulDNSPort'));
        if (port !== undefined) {
          const server = family === 6 ? `[${parsed.address}]:${port}` : `${parsed.address}:${port}`;
          // To a loopback address the DNAT keeps DNS inside the pod: tuning. Elsewhere it would let TCP to
          // that address's port 53 bypass the proxy: widening.
          own.push({ op: 'set', key: CONFIG, field: 'dnsServer', value: server, kind: isLoopback(parsed) ? 'tuning' : 'widening' });
        }
      }
    }

    const res = r.result();
    const badKeys = new Set(res.issues.map((i) => i.field));
    return { ...res, settings: [...res.settings, ...own.filter((s) => !badKeys.has(s.key))] };
  },
};
