// How consul-cni's sdk/iptables reads the redirect-traffic-config JSON (hashicorp/consul-k8s
// control-plane/cni/main.go → hashicorp/consul sdk/iptables): Go's encoding/json for the fields (names
// matched case-insensitively, the later spelling wins, a null list is empty), and each list item as the
// one iptables argument it becomes — a port, range or /etc/services name (`--dport`), a UID or range
// (`--uid-owner`), an address or CIDR (`-d`, masked as iptables masks it). An item iptables refuses is `{bad}`.
import { servicePort } from './etc-services.js';
import { isIPv4, isIPv6, networkAddress, parseIpNet } from '../addresses.js';
import type { IpNet } from '../model.js';
import { type Json } from '../../runtime/json.js';

export type Bad = { bad: string };
export const isBad = (v: unknown): v is Bad => typeof v === 'object' && v !== null && 'bad' in v;

/** encoding/json matches field names case-insensitively; of two spellings the later one wins. */
export function field(obj: Json, name: string): unknown {
  const lower = name.toLowerCase();
  const key = Object.keys(obj).findLast((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : obj[key];
}

/** A Go string or int field as text; undefined for absent, null, "" and 0 (Go's zero values). */
export function scalar(v: unknown): string | undefined | Bad {
  if (v === undefined || v === null || v === '' || v === 0) return undefined;
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  return { bad: JSON.stringify(v) };
}

/** A Go []string field; items may also be numbers. */
export function list(v: unknown): string[] | Bad {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number')) return v.map(String);
  return { bad: JSON.stringify(v) };
}

// ——— iptables' own parsing (iptables 1.8.9: libxtables, libxt_tcp, libxt_owner) ———

/** strtoul(s, &end, 0) as xtables_strtoui uses it: leading space, an optional '+', hex/octal/decimal; '-' refused. */
function strtoul(text: string): { value: number; rest: string } | undefined {
  const m = /^[\t\n\v\f\r ]*\+?(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\d*)/.exec(text);
  if (!m) return undefined;
  const digits = m[1]!;
  const value = /^0[xX]/.test(digits) ? parseInt(digits.slice(2), 16) : digits.startsWith('0') ? parseInt(digits, 8) : Number(digits);
  return { value, rest: text.slice(m[0].length) };
}

/** xtables_parse_port(text, "tcp"): a number 0-65535 (strtoul, base 0, all of it), else a TCP service name. */
function xtPort(text: string): number | undefined {
  const n = strtoul(text);
  if (n && n.rest === '' && n.value <= 65535) return n.value;
  return servicePort(text);
}

/**
 * One `--dport` item as libxt_tcp's parse_tcp_ports reads it: `P`, or `A:B` split at the first colon (`A:`
 * is A-65535, `:B` is 0-B). Returns our canonical item, null for an item that matches no TCP connection
 * (port 0; a range from 0 starts at 1), or what iptables says of it.
 */
export function consulPortItem(item: string): string | null | Bad {
  const colon = item.indexOf(':');
  const parts = colon < 0 ? [item, item] : [item.slice(0, colon), item.slice(colon + 1)];
  const [from, to] = parts.map((p, i) => (colon >= 0 && p === '' ? (i === 0 ? 0 : 65535) : xtPort(p)));
  const unknown = parts.find((_, i) => (i === 0 ? from : to) === undefined);
  if (unknown !== undefined) return { bad: `"${item}": iptables finds no port or TCP service "${unknown}" (invalid port/service)` };
  if (from! > to!) return { bad: `"${item}": iptables refuses the range (min > max)` };
  if (to === 0) return null;
  const lo = Math.max(from!, 1);
  return lo === to ? String(lo) : `${lo}-${to}`;
}

/**
 * One `--uid-owner` item as libxt_owner reads it: a user name from the node's /etc/passwd (not read here: an
 * error), else `ID` or `A-B` / `A:B` (strtoul, base 0; at most 4294967294; A <= B or the kernel refuses it).
 */
export function consulUidItem(item: string): string | Bad {
  const MAX = 4294967294;
  const a = strtoul(item);
  let from = a?.value;
  let to = from;
  let rest = a?.rest;
  if (a && (rest!.startsWith('-') || rest!.startsWith(':'))) {
    const b = strtoul(rest!.slice(1));
    to = b?.value;
    rest = b?.rest;
  }
  if (from === undefined || to === undefined || rest !== '' || from > MAX || to > MAX) {
    return { bad: `"${item}" is not a UID or UID range (iptables would look a name up in the node's /etc/passwd: write the numeric UID)` };
  }
  if (from > to) return { bad: `"${item}": the kernel refuses a reversed UID range` };
  return from === to ? String(from) : `${from}-${to}`;
}

/**
 * One `-d` item as iptables applies it: an address with an optional prefix length or (IPv4) contiguous
 * dotted mask; host bits are cleared (`10.0.0.1/24` is 10.0.0.0/24). Host names (iptables resolves them
 * through DNS when the rule is written) and IPv4 short forms (`10.1`) are not taken.
 */
export function consulCidrItem(item: string): IpNet | Bad {
  const text = item.trim();
  const slash = text.indexOf('/');
  const addr = slash < 0 ? text : text.slice(0, slash);
  const family = isIPv4(addr) ? 4 : isIPv6(addr) ? 6 : 0;
  if (family === 0) return { bad: `"${item}" is not an IPv4/IPv6 address or CIDR (host names are not resolved)` };
  const bits = family === 4 ? 32 : 128;
  let prefix = bits;
  if (slash >= 0) {
    const m = text.slice(slash + 1);
    if (/^\d{1,3}$/.test(m) && Number(m) <= bits) prefix = Number(m);
    else if (family === 4 && isIPv4(m)) {
      const n = m.split('.').reduce((acc, p) => acc * 256 + Number(p), 0);
      const ones = (n.toString(2).match(/^1*/) ?? [''])[0]!.length;
      if (n !== 2 ** 32 - 2 ** (32 - ones)) return { bad: `"${item}": a non-contiguous mask is not supported` };
      prefix = ones;
    } else return { bad: `"${item}" has an invalid mask (iptables: invalid mask)` };
  }
  const host = parseIpNet(addr, '');
  if (typeof host === 'string') return { bad: `"${item}" is not an IPv4/IPv6 address or CIDR` };
  const net = parseIpNet(`${networkAddress(host.address, family, prefix)}/${prefix}`, '');
  return typeof net === 'string' ? { bad: `"${item}" is not an IPv4/IPv6 address or CIDR` } : net;
}
