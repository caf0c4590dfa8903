// The pieces of Kuma's semantics the legacy per-key annotations (kuma.ts) and the transparent-proxy
// config (kuma-config.ts) share: exclusion lists that replace the defaults, addresses masked as iptables
// does, per-UID exclusions (kumahq/kuma v2.14.3 pkg/transparentproxy/config/utils.go), the IP family mode.
import { formatIpNet, parseIpNet } from '../addresses.js';
import { parseUserException } from '../linux-options.js';
import { formatPortRange, parsePortRange } from '../ports.js';
import { type AnnotationReader, at } from './reader.js';
import type { ExcludeField, Setting } from './types.js';

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
