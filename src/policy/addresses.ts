// Pure address code (no node:net: the policy layer stays pure, and loading node:net costs the CNI
// path ≈2 ms of start-up).
import type { IpNet } from './model.js';

const V4_OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const V4_RE = new RegExp(`^${V4_OCTET}(?:\\.${V4_OCTET}){3}$`);

export function isIPv4(text: string): boolean {
  return V4_RE.test(text);
}

/** RFC 4291 text forms: up to 8 hex groups, one "::", an optional embedded IPv4 tail; no zone. */
export function isIPv6(text: string): boolean {
  if (!/^[0-9a-fA-F:.]+$/.test(text) || text.split('::').length > 2) return false;
  let body = text;
  let groupsForV4 = 0;
  const lastColon = body.lastIndexOf(':');
  if (body.slice(lastColon + 1).includes('.')) {
    if (!isIPv4(body.slice(lastColon + 1))) return false;
    body = body.slice(0, lastColon + 1) + '0';
    groupsForV4 = 1; // the IPv4 tail takes two groups; '0' stands for one of them
  }
  const [head = '', tail] = body.split('::');
  const parts = (s: string) => (s === '' ? [] : s.split(':'));
  const groups = [...parts(head), ...(tail === undefined ? [] : parts(tail))];
  if (groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return false;
  const count = groups.length + groupsForV4;
  return tail === undefined ? count === 8 : count <= 7;
}

export function v4ToInt(addr: string): number {
  return addr.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
}

export function intToV4(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

/** Expands an IPv6 address (with optional embedded IPv4) to 8 16-bit groups. */
export function v6ToGroups(addr: string): number[] {
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
export function groupsToV6(groups: number[]): string {
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

/** The address with its host bits cleared: the network `address/prefix` is in ("10.0.0.1", 8 → "10.0.0.0"), as Go's net.ParseCIDR and nft mask it. */
export function networkAddress(address: string, family: 4 | 6, prefix: number): string {
  if (family === 4) {
    const n = v4ToInt(address);
    return intToV4(n - (n % 2 ** (32 - prefix)));
  }
  return groupsToV6(
    v6ToGroups(address).map((g, i) => {
      const keep = Math.max(0, Math.min(16, prefix - i * 16));
      return keep === 0 ? 0 : g & (0xffff << (16 - keep)) & 0xffff;
    }),
  );
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

/** `inner` lies inside `outer` (same family, at least as long a prefix, same leading bits). */
export function netContains(outer: IpNet, inner: IpNet): boolean {
  if (outer.family !== inner.family || outer.prefix > inner.prefix) return false;
  if (outer.family === 4) {
    const size = 2 ** (32 - outer.prefix);
    const n = v4ToInt(inner.address);
    return n - (n % size) === v4ToInt(outer.address);
  }
  const a = v6ToGroups(outer.address);
  const b = v6ToGroups(inner.address);
  return a.every((g, i) => {
    const keep = Math.max(0, Math.min(16, outer.prefix - i * 16));
    const mask = keep === 0 ? 0 : (0xffff << (16 - keep)) & 0xffff;
    return (g & mask) === ((b[i] ?? 0) & mask);
  });
}

/** "10.0.0.0/8", or the bare address for a single host. */
export function formatIpNet(net: IpNet): string {
  const host = net.family === 4 ? 32 : 128;
  return net.prefix === host ? net.address : `${net.address}/${net.prefix}`;
}
