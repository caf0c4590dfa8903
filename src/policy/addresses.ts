import { isIPv4, isIPv6 } from 'node:net';
import type { IpNet } from './model.js';

function v4ToInt(addr: string): number {
  return addr.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
}

function intToV4(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

/** Expands an IPv6 address (with optional embedded IPv4) to 8 16-bit groups. */
function v6ToGroups(addr: string): number[] {
  let text = addr.toLowerCase();
  const v4 = text.match(/(\d+\.\d+\.\d+\.\d+)$/);
  if (v4?.[1]) {
    const n = v4ToInt(v4[1]);
    text = text.slice(0, -v4[1].length) + `${Math.floor(n / 65536).toString(16)}:${(n % 65536).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : new Array<string>(8 - h.length - t.length).fill('0');
  return [...h, ...zeros, ...t].map((g) => parseInt(g, 16));
}

/** RFC 5952 text: lower case, longest run (>1) of zero groups as "::". */
function groupsToV6(groups: number[]): string {
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) { best = i; bestLen = j - i; }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

/**
 * Parses an address or CIDR ("10.0.0.0/8", "fd00::1", "127.0.0.1") into canonical form.
 * A CIDR with host bits set is rejected: it usually hides a typo, and the backends disagree on it.
 */
export function parseIpNet(value: string, what: string): IpNet | string {
  const text = value.trim();
  const slash = text.indexOf('/');
  const addr = slash < 0 ? text : text.slice(0, slash);
  const prefixText = slash < 0 ? undefined : text.slice(slash + 1);
  const family = isIPv4(addr) ? 4 : isIPv6(addr) ? 6 : 0;
  if (family === 0) return `${what} "${text}" is not an IPv4/IPv6 address or CIDR`;
  const bits = family === 4 ? 32 : 128;
  let prefix = bits;
  if (prefixText !== undefined) {
    if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > bits) {
      return `${what} "${text}" has an invalid prefix length (0-${bits} for IPv${family})`;
    }
    prefix = Number(prefixText);
  }
  if (family === 4) {
    const n = v4ToInt(addr);
    const size = 2 ** (32 - prefix);
    const network = n - (n % size);
    if (network !== n) return `${what} "${text}" has host bits set: did you mean ${intToV4(network)}/${prefix}?`;
    return { family: 4, address: intToV4(network), prefix };
  }
  const groups = v6ToGroups(addr);
  const masked = groups.map((g, i) => {
    const keep = Math.max(0, Math.min(16, prefix - i * 16));
    return keep === 0 ? 0 : g & (0xffff << (16 - keep)) & 0xffff;
  });
  if (masked.some((g, i) => g !== groups[i])) {
    return `${what} "${text}" has host bits set: did you mean ${groupsToV6(masked)}/${prefix}?`;
  }
  return { family: 6, address: groupsToV6(groups), prefix };
}

/** "10.0.0.0/8", or the bare address for a single host. */
export function formatIpNet(net: IpNet): string {
  const host = net.family === 4 ? 32 : 128;
  return net.prefix === host ? net.address : `${net.address}/${net.prefix}`;
}
