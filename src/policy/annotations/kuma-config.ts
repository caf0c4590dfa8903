// Kuma's whole transparent-proxy configuration in one annotation (`traffic.kuma.io/transparent-proxy-
// config`, YAML, the schema of `kumactl install transparent-proxy --config`; kumahq/kuma v2.14.3
// pkg/transparentproxy/config/config.go), and the pieces of Kuma's semantics the legacy per-key
// annotations share with it (kuma.ts): exclusion lists that replace the defaults, per-UID exclusions,
// addresses masked as iptables does, the IP family mode.
//
// kuma-cni loads the YAML over kuma's DefaultConfig() (kubernetes_config.go ConfigFromAnnotations): no
// excluded port in either direction (the profile's 9901 / 9001 are the legacy path's defaults, so they
// go unless the YAML lists them), DNS off, dual stack. The fields that mean something for a redirect we
// write — the proxy's UID, the ports, exclusions and includes, per-UID exclusions, DNS capture, the IP
// family mode — become settings of that annotation; fields about how kuma drives iptables are accepted
// without effect; the rest (eBPF, vnet, invalid-packet drop, unknown fields) is warned about and ignored.
// When it is there, kuma-cni reads nothing else: neither do we.
import { formatIpNet, parseIpNet } from '../addresses.js';
import { parseUserException } from '../linux-options.js';
import { formatPortRange, parsePortRange } from '../ports.js';
import { AnnotationReader, at } from './reader.js';
import type { ExcludeField, Setting } from './types.js';
import { isObject, type Json } from '../../runtime/json.js';

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

/**
 * A kuma exclusion list replaces the default one (kuma-cni uses the annotation's value instead of
 * 9901; the YAML is loaded over a config with none): the defaults it does not list are taken out
 * (always honoured: that redirects more), its items are excluded (widening, unless a default already
 * covers them).
 */
export function replaceExclusions(r: AnnotationReader, key: string, field: ExcludeField, defaults: readonly string[], items: readonly string[]): void {
  const gone = defaults.filter((d) => !items.includes(d));
  if (gone.length > 0) r.unexclude(key, field, gone);
  r.exclude(key, field, items);
}

/**
 * Addresses or CIDRs as kuma takes them (Go's net.ParseCIDR / ParseIP): a CIDR with host bits set is
 * accepted and iptables masks it, so we mask it too, and say so.
 */
export function kumaNets(r: AnnotationReader, key: string, text: string, what = at(key)): string[] | undefined {
  const out: string[] = [];
  let ok = true;
  for (const item of text.split(',').map((s) => s.trim())) {
    if (item === '') continue;
    const n = parseIpNet(item, what);
    if (typeof n !== 'string') {
      out.push(formatIpNet(n));
      continue;
    }
    const masked = /did you mean (\S+)\?$/.exec(n)?.[1];
    const net = masked === undefined ? undefined : parseIpNet(masked, what);
    if (net === undefined || typeof net === 'string') {
      r.bad(key, n);
      ok = false;
      continue;
    }
    r.warn(`${what} "${item}" has host bits set: ${formatIpNet(net)} is used, as iptables masks it for kuma`);
    out.push(formatIpNet(net));
  }
  return ok ? out : undefined;
}

/**
 * Kuma's per-UID outbound exclusions (config/utils.go parseExcludePortsForUIDs), one entry each:
 * `[PROTOCOLS:]?[PORTS:]?UIDS` — PROTOCOLS `tcp`, `udp`, `tcp,udp` or `*`; PORTS a comma list of ports
 * and `A-B` ranges or `*`; UIDS one id or an `A-B` range. Each becomes our items
 * `UID[-UID][/tcp|/udp][:PORT[-PORT]]`, one per port or range. kuma checks ids and ports as uint16
 * (an id above 65535 fails the pod there); we take any id. An entry with no UID (an empty entry, e.g.
 * after a trailing `;`, or `80:`) makes kuma exempt every user's traffic (its rule then has no owner
 * match): we skip it with a warning and keep capturing.
 */
export function kumaUidItems(r: AnnotationReader, key: string, entries: readonly string[], what = at(key)): string[] | undefined {
  const out: string[] = [];
  let ok = true;
  const fail = (entry: string, why: string) => {
    r.bad(key, `${what} "${entry}" ${why} (expected [tcp|udp|*:][PORTS|*:]UID[-UID])`);
    ok = false;
  };
  for (const raw of entries) {
    const entry = raw.trim();
    const parts = entry.split(':').map((s) => s.trim());
    if (parts.length > 3) {
      fail(entry, 'has more than three parts');
      continue;
    }
    const uids = parts[parts.length - 1] ?? '';
    const portsText = parts.length >= 2 ? parts[parts.length - 2]! : '*';
    const protoText = parts.length === 3 ? parts[0]! : '*';
    if (uids === '') {
      r.warn(
        `${what} "${entry}" names no UID: ignored (kuma-cni would exempt every user's outbound traffic${portsText === '*' || portsText === '' ? '' : ` to ${portsText}`})`,
      );
      continue;
    }
    if (uids === '*') {
      fail(entry, 'uses "*" for UIDs, which kuma refuses');
      continue;
    }
    if (!/^\d+(?:-\d+)?$/.test(uids)) {
      fail(entry, `has UIDs "${uids}": one id or a range`);
      continue;
    }
    let protocols: string[] = [];
    if (protoText !== '' && protoText !== '*') {
      const ps = protoText
        .split(',')
        .map((s) => s.trim().toLowerCase())
        .filter((s) => s !== '');
      if (ps.some((p) => p !== 'tcp' && p !== 'udp')) {
        fail(entry, `has protocol "${protoText}": tcp, udp or *`);
        continue;
      }
      protocols = [...new Set(ps)];
    }
    const proto = protocols.length === 1 ? `/${protocols[0]}` : ''; // none or both: every protocol
    const portItems: string[] = [];
    let portsOk = true;
    if (portsText !== '' && portsText !== '*') {
      for (const p of portsText.split(',').map((s) => s.trim())) {
        // Port 0 is no destination a connection can have (kuma takes it): alone it matches nothing, a range from it starts at 1.
        if (p === '' || /^0+$/.test(p)) continue;
        const range = parsePortRange(p.replace(/^0+-/, '1-'), `${what} "${entry}": port`);
        if (typeof range === 'string') {
          r.bad(key, range);
          portsOk = false;
          continue;
        }
        portItems.push(`:${formatPortRange(range)}`);
      }
    }
    if (!portsOk) {
      ok = false;
      continue;
    }
    const allPorts = portsText === '' || portsText === '*';
    for (const port of allPorts ? [''] : portItems) {
      // What buildPolicy will check (a reversed or too large id range): an error of this annotation.
      const item = `${uids}${proto}${port}`;
      const checked = parseUserException(item, `${what} "${entry}":`);
      if (typeof checked === 'string') {
        r.bad(key, checked);
        ok = false;
      } else out.push(item);
    }
  }
  return ok ? [...new Set(out)] : undefined;
}

/**
 * The IP family mode as a setting. It is tuning, not widening, whatever the value: the mode is the
 * control plane's (the injector writes it on every pod) and says which families kuma-dp listens on —
 * in `ipv4` mode its Envoy has no IPv6 listener (xds/generator/transparent_proxy_generator.go), so
 * redirecting IPv6 there would refuse every IPv6 connection.
 */
export function familiesSetting(key: string, families: 'dual' | 'ipv4'): Setting {
  return { op: 'set', key, field: 'ipFamilies', value: families, kind: 'tuning' };
}

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
