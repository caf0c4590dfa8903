// Parsers for the Linux-only policy options that some meshes need: the families redirected
// (`ipFamilies`), users exempt from outbound capture (`outboundExcludeUids`) and a DNS server whose
// port 53 is sent elsewhere (`dnsServer`). Each returns an error message instead of throwing.
import { parseIpNet } from './addresses.js';
import type { DnsServer, IpFamily, UserException } from './model.js';
import { parsePort, parsePortRange } from './ports.js';

const MAX_ID = 4294967294; // (uid_t)-1 means "no change" to the kernel, so it is not a usable id

const FAMILIES: Readonly<Record<string, readonly IpFamily[]>> = { ipv4: [4], ipv6: [6], dual: [4, 6], dualstack: [4, 6] };

/** "ipv4" | "ipv6" | "dual" (also "dualstack", Kuma's spelling). */
export function parseFamilies(value: string, what: string): readonly IpFamily[] | string {
  const f = FAMILIES[value.trim().toLowerCase()];
  return f ?? `${what} "${value.trim()}" is not one of ipv4, ipv6, dual`;
}

export function formatFamilies(f: readonly IpFamily[]): string {
  return f.length === 2 ? 'dual' : `ipv${f[0]}`;
}

function parseId(text: string, what: string, item: string): number | string {
  if (!/^\d+$/.test(text) || Number(text) > MAX_ID) return `${what} "${item}": "${text}" is not a numeric id (0-${MAX_ID})`;
  return Number(text);
}

/** `UID` or `A-B`, then optionally `/tcp` or `/udp`, then optionally `:PORT` or `:A-B`. */
export function parseUserException(value: string, what: string): UserException | string {
  const item = value.trim();
  const m = /^([^/:]+)(?:\/([a-z]+))?(?::(.+))?$/.exec(item);
  if (!m) return `${what} "${item}" is not UID[-UID][/tcp|/udp][:PORT[-PORT]]`;
  const [, ids = '', proto, portText] = m;
  const [a = '', b] = ids.split('-');
  const from = parseId(a, what, item);
  if (typeof from === 'string') return from;
  const to = b === undefined ? from : parseId(b, what, item);
  if (typeof to === 'string') return to;
  if (from > to) return `${what} "${item}": the id range is reversed`;
  const out: { uids: { from: number; to: number }; protocol?: 'tcp' | 'udp'; ports?: { from: number; to: number } } = { uids: { from, to } };
  if (proto !== undefined) {
    if (proto !== 'tcp' && proto !== 'udp') return `${what} "${item}": protocol "${proto}" is not tcp or udp`;
    out.protocol = proto;
  }
  if (portText !== undefined) {
    const r = parsePortRange(portText, `${what} "${item}": port`);
    if (typeof r === 'string') return r;
    out.ports = r;
  }
  return out;
}

export function formatUserException(u: UserException): string {
  const ids = u.uids.from === u.uids.to ? `${u.uids.from}` : `${u.uids.from}-${u.uids.to}`;
  const ports = u.ports ? `:${u.ports.from === u.ports.to ? u.ports.from : `${u.ports.from}-${u.ports.to}`}` : '';
  return `${ids}${u.protocol ? `/${u.protocol}` : ''}${ports}`;
}

/** `ADDRESS:PORT`, or `[IPv6]:PORT`. */
export function parseDnsServer(value: string, what: string): DnsServer | string {
  const text = value.trim();
  const m = /^\[([^\]]+)\]:(\d+)$/.exec(text) ?? /^([^:]+):(\d+)$/.exec(text);
  if (!m) return `${what} "${text}" is not ADDRESS:PORT ([IPv6]:PORT)`;
  const net = parseIpNet(m[1]!, what);
  if (typeof net === 'string') return net;
  if (net.prefix !== (net.family === 4 ? 32 : 128)) return `${what} "${text}" must be one address, not a network`;
  const port = parsePort(m[2]!, `${what} port`);
  if (typeof port === 'string') return port;
  return { family: net.family, address: net.address, port };
}

export function formatDnsServer(d: DnsServer): string {
  return d.family === 6 ? `[${d.address}]:${d.port}` : `${d.address}:${d.port}`;
}
