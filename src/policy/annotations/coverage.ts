// "Does this list already cover that item?" — the test that tells a widening annotation from one that
// only repeats the defaults. Items that do not parse are never covered (buildPolicy reports them).
import { formatIpNet, netContains, parseIpNet } from '../addresses.js';
import type { ListInput } from '../input.js';
import type { IpNet, PortRange } from '../model.js';
import { formatPortRange, parsePortRange, splitList } from '../ports.js';

export function portRanges(items: readonly string[]): PortRange[] {
  return items.map((i) => parsePortRange(i, '')).filter((r): r is PortRange => typeof r !== 'string');
}

export function ipNets(items: readonly string[]): IpNet[] {
  return items.map((i) => parseIpNet(i, '')).filter((n): n is IpNet => typeof n !== 'string');
}

/** Items of a loosely typed list, canonical where they parse. */
export function listItems(value: ListInput | undefined, kind: 'ports' | 'nets'): string[] {
  return splitList(value).map((item) => {
    if (kind === 'ports') {
      const r = parsePortRange(item, '');
      return typeof r === 'string' ? item : formatPortRange(r);
    }
    const n = parseIpNet(item, '');
    return typeof n === 'string' ? item : formatIpNet(n);
  });
}

/** Every port of `r` is in one of `cover`. */
export function portsCover(cover: readonly PortRange[], r: PortRange): boolean {
  let next = r.from;
  for (const c of [...cover].sort((x, y) => x.from - y.from)) {
    if (c.from <= next && c.to >= next) next = c.to + 1;
    if (next > r.to) return true;
  }
  return false;
}

/** `n` lies inside one of `cover`. */
export function netsCover(cover: readonly IpNet[], n: IpNet): boolean {
  return cover.some((c) => netContains(c, n));
}

export function itemCovered(cover: readonly string[], item: string, kind: 'ports' | 'nets'): boolean {
  if (kind === 'ports') {
    const r = parsePortRange(item, '');
    return typeof r !== 'string' && portsCover(portRanges(cover), r);
  }
  const n = parseIpNet(item, '');
  return typeof n !== 'string' && netsCover(ipNets(cover), n);
}
