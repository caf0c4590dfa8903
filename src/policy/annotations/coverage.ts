// "Does this list already cover that item?" — the test that tells a widening annotation from one that
// only repeats the defaults. Items that do not parse are never covered (buildPolicy reports them).
import { formatIpNet, netContains, parseIpNet } from '../addresses.js';
import type { ListInput } from '../input.js';
import { formatUserException, parseUserException } from '../linux-options.js';
import type { IpNet, PortRange, UserException } from '../model.js';
import { formatPortRange, parsePortRange, splitList } from '../ports.js';

export function portRanges(items: readonly string[]): PortRange[] {
  return items.map((i) => parsePortRange(i, '')).filter((r): r is PortRange => typeof r !== 'string');
}

export function ipNets(items: readonly string[]): IpNet[] {
  return items.map((i) => parseIpNet(i, '')).filter((n): n is IpNet => typeof n !== 'string');
}

export type ListKind = 'ports' | 'nets' | 'users';

/** Items of a loosely typed list, canonical where they parse. */
export function listItems(value: ListInput | undefined, kind: ListKind): string[] {
  return splitList(value).map((item) => {
    if (kind === 'users') {
      const u = parseUserException(item, '');
      return typeof u === 'string' ? item : formatUserException(u);
    }
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

/** Every connection `u` exempts is exempted by `c` too. */
function userCovers(c: UserException, u: UserException): boolean {
  const ids = c.uids.from <= u.uids.from && c.uids.to >= u.uids.to;
  const proto = c.protocol === undefined || c.protocol === u.protocol;
  const ports = c.ports === undefined || (u.ports !== undefined && c.ports.from <= u.ports.from && c.ports.to >= u.ports.to);
  return ids && proto && ports;
}

export function itemCovered(cover: readonly string[], item: string, kind: ListKind): boolean {
  if (kind === 'users') {
    const u = parseUserException(item, '');
    if (typeof u === 'string') return false;
    return cover.some((c) => {
      const x = parseUserException(c, '');
      return typeof x !== 'string' && userCovers(x, u);
    });
  }
  if (kind === 'ports') {
    const r = parsePortRange(item, '');
    return typeof r !== 'string' && portsCover(portRanges(cover), r);
  }
  const n = parseIpNet(item, '');
  return typeof n !== 'string' && netsCover(ipNets(cover), n);
}
