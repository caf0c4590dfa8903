// Kuma's whole transparent-proxy configuration in one annotation (`traffic.kuma.io/transparent-proxy-
// config`, YAML, the schema of `kumactl install transparent-proxy --config`; kumahq/kuma v2.14.3
// pkg/transparentproxy/config/config.go). What it shares with the legacy per-key annotations (kuma.ts)
// is in kuma-values.ts.
//
// kuma-cni loads the YAML over kuma's DefaultConfig() (kubernetes_config.go ConfigFromAnnotations): no
// excluded port in either direction (the profile's 9901 / 9001 are the legacy path's defaults, so they
// go unless the YAML lists them), DNS off, dual stack. The fields that mean something for a redirect we
// write — the proxy's UID, the ports, exclusions and includes, per-UID exclusions, DNS capture, the IP
// family mode — become settings of that annotation; fields about how kuma drives iptables are accepted
// without effect; the rest (eBPF, vnet, invalid-packet drop, unknown fields) is warned about and ignored.
// When it is there, kuma-cni reads nothing else: neither do we.
import { AnnotationReader, at } from './reader.js';
import type { Setting } from './types.js';
import { isObject, type Json } from '../../runtime/json.js';
import { familiesSetting, kumaNets, kumaUidItems, replaceExclusions } from './kuma-values.js';

/** Parses YAML text (the pod path loads the parser only for a pod that carries such an annotation). */
export type YamlParser = (text: string, where: string) => unknown;

/** kuma's DefaultConfig(): inbound 15006, the only port a disabled inbound direction still uses (builder_table_nat.go). */
const KUMA_INBOUND_PORT = '15006';
const DEFAULT_DNS_PORT = '15053';
/** The legacy path's default exclusions (app/cni/pkg/cni/annotations_linux.go): kuma-dp's admin port both ways, the probe proxy inbound. */
export const KUMA_ADMIN_PORT = '9901';
export const KUMA_PROBE_PORT = '9001';

/** How kuma drives iptables, nothing we write differs by them. */
const MECHANICS = new Set(['comments', 'iptablesExecutables', 'log', 'retry', 'wait', 'waitInterval', 'storeFirewalld', 'verbose', 'cniMode', 'dryRun']);
const FIELDS = new Set([...MECHANICS, 'dropInvalidPackets', 'ipFamilyMode', 'kumaDPUser', 'redirect', 'ebpf']);
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

function direction(r: AnnotationReader, key: string, name: 'inbound' | 'outbound', d: Json, defaults: readonly string[]): void {
  const field = (f: string) => `${at(key)} redirect.${name}.${f}`;
  for (const k of Object.keys(d)) if (!DIRECTION_FIELDS.has(k)) r.warn(`${field(k)} is not a field of kuma's configuration: ignored`);
  const excludeField = name === 'inbound' ? 'inboundExcludePorts' : 'outboundExcludePorts';
  if (d.enabled === false) {
    r.off(key, name);
    if (name === 'inbound' && d.port !== undefined && String(d.port) !== KUMA_INBOUND_PORT) {
      r.warn(
        `${field('port')} ${String(d.port)} with inbound disabled: the proxy's own connections to its pod IP go to ${KUMA_INBOUND_PORT} (kuma-cni sends them to ${String(d.port)})`,
      );
    }
  } else if (d.enabled !== undefined && d.enabled !== true) r.bad(key, `${field('enabled')} ${JSON.stringify(d.enabled)} is not true or false`);
  if (d.port !== undefined) {
    // Checked even for a disabled direction: kuma fails the pod on a bad port either way.
    const p = r.port(key, String(d.port), field('port'));
    if (p !== undefined && d.enabled !== false) r.set(key, name === 'inbound' ? 'inboundPort' : 'outboundPort', p);
  }
  const list = (f: string): string[] | undefined => {
    const text = listText(d[f]);
    return text === undefined || text.trim() === '' ? [] : r.ports(key, text, { what: field(f), single: 'Kuma' });
  };
  const includes = list('includePorts');
  const excludes = list('excludePorts');
  if (includes && includes.length > 0) {
    // builder_table_nat.go: with included ports, only they are redirected and excludePorts is not used.
    r.include(key, `${name}IncludePorts` as const, includes);
    if (excludes && excludes.length > 0) r.warn(`${field('excludePorts')} ignored: kuma uses it only when includePorts is empty`);
    if (defaults.length > 0) r.unexclude(key, excludeField, defaults);
  } else if (excludes) replaceExclusions(r, key, excludeField, defaults, excludes);
  const ips = listText(d.excludePortsForIPs);
  if (ips !== undefined && ips.trim() !== '') {
    const nets = kumaNets(r, key, ips, field('excludePortsForIPs'));
    if (nets) r.exclude(key, name === 'inbound' ? 'inboundExcludeIps' : 'outboundExcludeIps', nets);
  }
  if (nonEmpty(d.excludePortsForUIDs)) {
    const entries = Array.isArray(d.excludePortsForUIDs) ? d.excludePortsForUIDs.map(String) : [String(d.excludePortsForUIDs)];
    if (name === 'outbound') {
      const items = kumaUidItems(r, key, entries, field('excludePortsForUIDs'));
      if (items) r.exclude(key, 'outboundExcludeUids', items);
    } else {
      r.warn(
        `${field('excludePortsForUIDs')} is not honoured: inbound stays redirected (kuma-cni turns each entry into an unconditional RETURN in its inbound chain, so nothing would be redirected inbound)`,
      );
    }
  }
}

/** The IP family mode as kuma's IPFamilyMode.Set takes it (config.go). */
function yamlFamilies(r: AnnotationReader, key: string, v: unknown, extra: Setting[]): void {
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  const lower = text.toLowerCase();
  if (lower === '' || lower === 'dualstack') extra.push(familiesSetting(key, 'dual'));
  else if (text === 'ipv4') extra.push(familiesSetting(key, 'ipv4'));
  else if (lower === 'ipv4') {
    // Set() compares in lower case but keeps the text, and Initialize() then compares it with "ipv4".
    r.warn(`${at(key)} ipFamilyMode "${text}" is taken as dualstack, as kuma-cni does (only "ipv4" in lower case turns IPv6 off)`);
    extra.push(familiesSetting(key, 'dual'));
  } else r.bad(key, `${at(key)} ipFamilyMode ${JSON.stringify(v)} is not dualstack or ipv4 (kuma-cni refuses it)`);
}

/**
 * Reads the configuration into `r`, as settings of annotation `key`; `extra` receives the settings the
 * reader cannot make (the IP family mode, tuning). `defaults`: the profile's default exclusions per
 * direction, which the YAML replaces.
 */
export function readKumaConfig(
  r: AnnotationReader,
  key: string,
  text: string,
  parseYaml: YamlParser | undefined,
  extra: Setting[],
  defaults: { inbound: readonly string[]; outbound: readonly string[] },
): void {
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
  if (doc === null || doc === undefined) doc = {}; // empty: kuma's DefaultConfig()
  if (!isObject(doc)) {
    r.bad(key, `${at(key)} is not a YAML mapping of kuma's transparent-proxy configuration`);
    return;
  }
  for (const k of Object.keys(doc)) if (!FIELDS.has(k)) r.warn(`${at(key)} ${k} is not a field of kuma's configuration: ignored`);

  if (doc.kumaDPUser !== undefined && doc.kumaDPUser !== null && String(doc.kumaDPUser).trim() !== '') {
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
  for (const name of ['inbound', 'outbound'] as const) {
    direction(r, key, name, isObject(redirect[name]) ? redirect[name] : {}, defaults[name]);
  }
  const dns = isObject(redirect.dns) ? redirect.dns : undefined;
  if (dns && dns.enabled === true) {
    const port = r.port(key, String(dns.port ?? DEFAULT_DNS_PORT), `${at(key)} redirect.dns.port`);
    if (port !== undefined) r.set(key, 'dnsCapturePort', port);
    if (dns.captureAll !== true) {
      r.warn(
        `${at(key)} redirect.dns.captureAll false (only the servers of resolv.conf) is not honoured: all DNS is captured, as with kuma's chart default (captureAll: true) and the legacy annotations`,
      );
    }
  }
  if (isObject(redirect.vnet) && nonEmpty(redirect.vnet.networks))
    r.warn(`${at(key)} redirect.vnet.networks is not honoured: traffic from virtual interfaces is not rerouted`);
  if (isObject(doc.ebpf) && doc.ebpf.enabled === true) r.warn(`${at(key)} ebpf.enabled is not honoured: the redirect is nftables / HNS`);
  if (doc.ipFamilyMode !== undefined && doc.ipFamilyMode !== null) yamlFamilies(r, key, doc.ipFamilyMode, extra);
  if (doc.dropInvalidPackets === true) r.warn(`${at(key)} dropInvalidPackets is not honoured: packets in conntrack state INVALID are not dropped`);
}
