// Consul, as consul-cni reads it (consul-k8s v1.9.11 control-plane/cni): the injector writes the
// whole redirection config as JSON with Go field names (encoding/json: names match case-insensitively,
// a nil list is null).
import { AnnotationReader, at } from './reader.js';
import type { Annotations, ExcludeField, Profile } from './types.js';

const C = 'consul.hashicorp.com/';
const CONNECT_STATUS = `${C}connect-inject-status`;
const MESH_STATUS = `${C}mesh-inject-status`;
const TPROXY_STATUS = `${C}transparent-proxy-status`;
const CONFIG = `${C}redirect-traffic-config`;

const nonEmpty = (a: Annotations, key: string): boolean => (a[key] ?? '').trim() !== '';

type Json = Record<string, unknown>;

/** encoding/json matches field names case-insensitively. */
function field(obj: Json, name: string): unknown {
  const lower = name.toLowerCase();
  const key = Object.keys(obj).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : obj[key];
}

/** A Go string or int field as text; undefined for absent, null, "" and 0 (Go's zero values). */
function scalar(v: unknown): string | undefined | { bad: string } {
  if (v === undefined || v === null || v === '' || v === 0) return undefined;
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  return { bad: JSON.stringify(v) };
}

/** A Go []string field; items may also be numbers. */
function list(v: unknown): string[] | { bad: string } {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number')) return v.map(String);
  return { bad: JSON.stringify(v) };
}

const EXCLUDES: readonly (readonly [string, ExcludeField])[] = [
  ['ExcludeInboundPorts', 'inboundExcludePorts'],
  ['ExcludeOutboundPorts', 'outboundExcludePorts'],
];

export const consul: Profile = {
  name: 'consul',
  marker: `${CONNECT_STATUS} (or ${MESH_STATUS}) and ${TPROXY_STATUS}`,
  defaults: { inboundPort: 20000, outboundPort: 15001, proxyUid: 5995 },
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
        "ExcludeInboundPorts, ExcludeOutboundPorts, ExcludeOutboundCIDRs (widening, except the sidecar's own 20200, 21000, 20300-20599); " +
        'ExcludeUIDs and ConsulDNSIP/ConsulDNSPort are not supported (a warning)',
    },
  ],

  detect: (a) => (nonEmpty(a, CONNECT_STATUS) || nonEmpty(a, MESH_STATUS)) && nonEmpty(a, TPROXY_STATUS),

  read(a) {
    const r = new AnnotationReader(a);
    const text = r.get(CONFIG);
    if (text === undefined) {
      r.warn(`annotation ${CONFIG} is missing: using Consul's defaults (inbound 20000, outbound 15001, proxy UID 5995)`);
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

    const uid = scalar(field(obj, 'ProxyUserID'));
    if (typeof uid === 'object') r.bad(CONFIG, `${what('ProxyUserID')} must be a string, got ${uid.bad}`);
    else if (uid !== undefined) {
      const id = r.id(CONFIG, uid, what('ProxyUserID'));
      if (id !== undefined) r.set(CONFIG, 'proxyUid', id);
    }
    for (const [name, f] of [
      ['ProxyInboundPort', 'inboundPort'],
      ['ProxyOutboundPort', 'outboundPort'],
    ] as const) {
      const v = scalar(field(obj, name));
      if (typeof v === 'object') {
        r.bad(CONFIG, `${what(name)} must be a number, got ${v.bad}`);
        continue;
      }
      if (v === undefined) continue;
      const p = r.port(CONFIG, v, what(name));
      if (p !== undefined) r.set(CONFIG, f, p);
    }
    for (const [name, f] of EXCLUDES) {
      const v = list(field(obj, name));
      if (!Array.isArray(v)) {
        r.bad(CONFIG, `${what(name)} must be a list of ports, got ${v.bad}`);
        continue;
      }
      // iptables syntax: a range is "A:B".
      const items = r.ports(CONFIG, v.map((p) => p.replace(':', '-')).join(','), { what: what(name) });
      if (items) r.exclude(CONFIG, f, items);
    }
    const cidrs = list(field(obj, 'ExcludeOutboundCIDRs'));
    if (!Array.isArray(cidrs)) r.bad(CONFIG, `${what('ExcludeOutboundCIDRs')} must be a list of CIDRs, got ${cidrs.bad}`);
    else {
      const items = r.nets(CONFIG, cidrs.join(','), what('ExcludeOutboundCIDRs'));
      if (items) r.exclude(CONFIG, 'outboundExcludeIps', items);
    }
    const uids = list(field(obj, 'ExcludeUIDs'));
    if (!Array.isArray(uids) || uids.length > 0) {
      r.warn(
        `${what('ExcludeUIDs')} ${Array.isArray(uids) ? uids.join(',') : uids.bad} is not supported: ignored ` +
          "(only the proxy's own identity escapes the proxy; the traffic of those UIDs is redirected)",
      );
    }
    const dnsIp = scalar(field(obj, 'ConsulDNSIP'));
    if (dnsIp !== undefined) {
      const port = scalar(field(obj, 'ConsulDNSPort'));
      const shown = typeof dnsIp === 'string' ? dnsIp : dnsIp.bad;
      r.warn(
        `${what('ConsulDNSIP')} ${shown}${typeof port === 'string' ? `:${port}` : ''} is not supported: ignored ` +
          '(DNS is not redirected to Consul DNS: DNAT to another address is not supported)',
      );
    }
    return r.result();
  },
};
