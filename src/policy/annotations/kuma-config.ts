// Kuma's whole transparent-proxy configuration in one annotation (`traffic.kuma.io/transparent-proxy-
// config`, YAML, the schema of `kumactl install transparent-proxy --config`): the fields that mean
// something for a redirect we write — the proxy's UID, the inbound/outbound ports, exclusions and
// includes, DNS capture — become settings of that annotation; fields about how kuma drives iptables
// are accepted without effect; the rest (eBPF, vnet, per-UID exclusions, IPv4-only, unknown fields)
// is warned about and ignored. When it is there, kuma-cni reads nothing else: neither do we.
import { AnnotationReader, at } from './reader.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses YAML text (the pod path loads the parser only for a pod that carries such an annotation). */
export type YamlParser = (text: string, where: string) => unknown;

const DEFAULT_DNS_PORT = '15053';
/** How kuma drives iptables, nothing we write differs by them. */
const MECHANICS = new Set([
  'comments',
  'iptablesExecutables',
  'log',
  'retry',
  'wait',
  'waitInterval',
  'storeFirewalld',
  'verbose',
  'cniMode',
  'dryRun',
  'dropInvalidPackets',
  'ipFamilyMode',
  'kumaDPUser',
  'redirect',
  'ebpf',
]);
const DIRECTION_FIELDS = new Set([
  'enabled',
  'port',
  'excludePorts',
  'includePorts',
  'excludePortsForIPs',
  'excludePortsForUIDs',
  'insertRedirectInsteadOfAppend',
]);

const listText = (v: unknown): string | undefined =>
  Array.isArray(v) ? v.map(String).join(',') : typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
const nonEmpty = (v: unknown): boolean => (Array.isArray(v) ? v.length > 0 : v !== undefined && v !== null && v !== '' && v !== false);

function direction(r: AnnotationReader, key: string, name: 'inbound' | 'outbound', d: Json): void {
  const field = (f: string) => `${at(key)} redirect.${name}.${f}`;
  for (const k of Object.keys(d)) if (!DIRECTION_FIELDS.has(k)) r.warn(`${field(k)} is not a field of kuma's configuration: ignored`);
  if (d.enabled === false) r.off(key, name);
  else if (d.enabled !== undefined && d.enabled !== true) r.bad(key, `${field('enabled')} ${JSON.stringify(d.enabled)} is not true or false`);
  if (d.port !== undefined) {
    const p = r.port(key, String(d.port), field('port'));
    if (p !== undefined) r.set(key, name === 'inbound' ? 'inboundPort' : 'outboundPort', p);
  }
  const ports = (f: string, what: 'exclude' | 'include') => {
    const text = listText(d[f]);
    if (text === undefined || text.trim() === '') return;
    const items = r.ports(key, text, { what: field(f) });
    if (!items) return;
    if (what === 'exclude') r.exclude(key, `${name}ExcludePorts` as const, items);
    else r.include(key, `${name}IncludePorts` as const, items);
  };
  ports('excludePorts', 'exclude');
  ports('includePorts', 'include');
  const ips = listText(d.excludePortsForIPs);
  if (ips !== undefined && ips.trim() !== '') {
    const nets = r.nets(key, ips, field('excludePortsForIPs'));
    if (nets) r.exclude(key, name === 'inbound' ? 'inboundExcludeIps' : 'outboundExcludeIps', nets);
  }
  if (nonEmpty(d.excludePortsForUIDs)) {
    r.warn(
      `${field('excludePortsForUIDs')} is not supported: ignored (only the proxy's own identity escapes the proxy; ${name} traffic of those UIDs is redirected)`,
    );
  }
}

/** Reads the configuration into `r`, as settings of annotation `key`. */
export function readKumaConfig(r: AnnotationReader, key: string, text: string, parseYaml: YamlParser | undefined): void {
  if (!parseYaml) {
    r.bad(key, `${at(key)} cannot be read: no YAML parser was loaded for it`);
    return;
  }
  let doc: unknown;
  try {
    doc = parseYaml(text, `annotation ${key}`);
  } catch (e) {
    r.bad(key, (e as Error).message);
    return;
  }
  if (doc === null || doc === undefined) return; // empty: kuma's defaults, which are the profile's
  if (!isObject(doc)) {
    r.bad(key, `${at(key)} is not a YAML mapping of kuma's transparent-proxy configuration`);
    return;
  }
  for (const k of Object.keys(doc)) if (!MECHANICS.has(k)) r.warn(`${at(key)} ${k} is not a field of kuma's configuration: ignored`);

  if (doc.kumaDPUser !== undefined) {
    const user = String(doc.kumaDPUser);
    if (/^\d+$/.test(user.trim())) {
      const id = r.id(key, user, `${at(key)} kumaDPUser`);
      if (id !== undefined) r.set(key, 'proxyUid', id);
    } else {
      r.warn(
        `${at(key)} kumaDPUser "${user}" is a user name: only a numeric UID can be matched in the pod's network namespace; ignored (the profile's UID is kept)`,
      );
    }
  }
  const redirect = isObject(doc.redirect) ? doc.redirect : {};
  for (const name of ['inbound', 'outbound'] as const) if (isObject(redirect[name])) direction(r, key, name, redirect[name]);
  const dns = isObject(redirect.dns) ? redirect.dns : undefined;
  if (dns && (dns.enabled === true || dns.captureAll === true)) {
    const port = r.port(key, String(dns.port ?? DEFAULT_DNS_PORT), `${at(key)} redirect.dns.port`);
    if (port !== undefined) r.set(key, 'dnsCapturePort', port);
  }
  if (isObject(redirect.vnet) && nonEmpty(redirect.vnet.networks))
    r.warn(`${at(key)} redirect.vnet.networks is not supported: ignored (traffic from virtual interfaces is not rerouted)`);
  if (isObject(doc.ebpf) && doc.ebpf.enabled === true) r.warn(`${at(key)} ebpf.enabled is not supported: ignored (the redirect is nftables / HNS)`);
  if (doc.ipFamilyMode !== undefined && doc.ipFamilyMode !== 'dualstack') {
    r.warn(`${at(key)} ipFamilyMode ${JSON.stringify(doc.ipFamilyMode)}: IPv6 traffic is redirected too (one inet table for both families)`);
  }
  if (doc.dropInvalidPackets === true) r.warn(`${at(key)} dropInvalidPackets is not supported: ignored`);
}
