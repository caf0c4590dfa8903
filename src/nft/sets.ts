// Anonymous sets as `nft list` prints them back, so that CHECK compares like with like. A set holding
// any range or prefix is an interval set: nft merges its overlapping and adjacent elements and prints
// each merged interval as one element — a single value, a prefix when the interval is exactly one, or
// `a-b` — keeping the braces even when one element is left. A set of single values is printed sorted,
// unmerged. One element alone is no set at all: printed bare.
import { groupsToV6, intToV4, v4ToInt, v6ToGroups } from '../policy/addresses.js';
import { formatPortRange, type IpFamily, type IpNet, type PortRange } from '../policy/index.js';

interface Interval {
  from: bigint;
  to: bigint;
}

function merged(list: Interval[]): Interval[] {
  const sorted = [...list].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : a.to < b.to ? -1 : a.to > b.to ? 1 : 0));
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last && i.from <= last.to + 1n) last.to = i.to > last.to ? i.to : last.to;
    else out.push({ ...i });
  }
  return out;
}

function dedupe(list: Interval[]): Interval[] {
  const seen = new Set<string>();
  return [...list]
    .sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0))
    .filter((i) => {
      const k = `${i.from}-${i.to}`;
      return !seen.has(k) && (seen.add(k), true);
    });
}

/** Elements in nft's listing order: merged when any of them is an interval. */
function elements(list: Interval[], format: (i: Interval) => string): { items: string[]; braces: boolean } {
  const isInterval = list.some((i) => i.from !== i.to);
  const items = (isInterval ? merged(list) : dedupe(list)).map(format);
  return { items, braces: list.length > 1 };
}

function text(e: { items: string[]; braces: boolean }): string {
  return e.braces ? `{ ${e.items.join(', ')} }` : e.items[0]!;
}

export function portSet(list: readonly PortRange[]): string {
  const e = elements(
    list.map((r) => ({ from: BigInt(r.from), to: BigInt(r.to) })),
    (i) => formatPortRange({ from: Number(i.from), to: Number(i.to) }),
  );
  return text(e);
}

const BITS = { 4: 32, 6: 128 } as const;

function toBig(family: IpFamily, address: string): bigint {
  if (family === 4) return BigInt(v4ToInt(address));
  return v6ToGroups(address).reduce((acc, g) => acc * 65536n + BigInt(g), 0n);
}

function fromBig(family: IpFamily, n: bigint): string {
  if (family === 4) return intToV4(Number(n));
  return groupsToV6(Array.from({ length: 8 }, (_, i) => Number((n >> BigInt(112 - 16 * i)) & 0xffffn)));
}

/** `a`, `a/len` when the interval is exactly one prefix, else `a-b`. */
function formatInterval(family: IpFamily, i: Interval): string {
  if (i.from === i.to) return fromBig(family, i.from);
  const size = i.to - i.from + 1n;
  const isPow2 = (size & (size - 1n)) === 0n;
  if (isPow2 && i.from % size === 0n) return `${fromBig(family, i.from)}/${BITS[family] - (size.toString(2).length - 1)}`;
  return `${fromBig(family, i.from)}-${fromBig(family, i.to)}`;
}

/** The family's networks of the list as an nft set, or undefined when it has none. */
export function netSet(list: readonly IpNet[], family: IpFamily): string | undefined {
  const of = list.filter((n) => n.family === family);
  if (of.length === 0) return undefined;
  const bits = BigInt(BITS[family]);
  const e = elements(
    of.map((n) => {
      const from = toBig(family, n.address);
      return { from, to: from + (1n << (bits - BigInt(n.prefix))) - 1n };
    }),
    (i) => formatInterval(family, i),
  );
  return text(e);
}
