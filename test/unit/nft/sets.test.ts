// Sets as nft 1.0.6 lists them back (each expectation is what `nft list table` printed for the input):
// an interval set merges overlapping and adjacent elements; a set of single values is only sorted.
import { describe, expect, it } from 'vitest';
import { netSet, portSet } from '../../../src/nft/sets.js';
import { parseIpNet, type IpNet } from '../../../src/policy/index.js';

const nets = (...items: string[]): IpNet[] => items.map((i) => parseIpNet(i, 't') as IpNet);
const ports = (...items: [number, number][]) => items.map(([from, to]) => ({ from, to }));

describe('nft sets as listed', () => {
  it.each([
    [ports([4190, 4190], [4191, 4191], [9000, 9100]), '{ 4190-4191, 9000-9100 }'],
    [ports([4191, 4191], [4190, 4190]), '{ 4190, 4191 }'],
    [ports([10, 10], [12, 20], [21, 21]), '{ 10, 12-21 }'],
    [ports([8080, 8080]), '8080'],
    [ports([9000, 9100], [9090, 9090], [8080, 8080]), '{ 8080, 9000-9100 }'],
  ])('ports %j → %s', (input, listed) => {
    expect(portSet(input)).toBe(listed);
  });

  it.each([
    [nets('10.0.0.0/9', '10.128.0.0/9'), 4, '{ 10.0.0.0/8 }'],
    [nets('10.0.0.1', '10.0.0.2', '10.1.0.0/16'), 4, '{ 10.0.0.1-10.0.0.2, 10.1.0.0/16 }'],
    [nets('10.0.0.2', '10.0.0.1'), 4, '{ 10.0.0.1, 10.0.0.2 }'],
    [nets('10.0.0.0/8', '10.1.0.0/16'), 4, '{ 10.0.0.0/8 }'],
    [nets('10.0.0.1', '10.0.0.3', '10.1.0.0/16'), 4, '{ 10.0.0.1, 10.0.0.3, 10.1.0.0/16 }'],
    [nets('fd00::1', 'fd00::2', 'fd01::/64'), 6, '{ fd00::1-fd00::2, fd01::/64 }'],
    [nets('10.0.0.0/25', '10.0.0.128/26'), 4, '{ 10.0.0.0-10.0.0.191 }'],
    [nets('10.0.0.0/24', '10.0.1.0/24'), 4, '{ 10.0.0.0/23 }'],
    [nets('10.0.0.4', '10.0.0.5', '10.0.0.6', '10.0.0.7', '10.9.0.0/16'), 4, '{ 10.0.0.4/30, 10.9.0.0/16 }'],
    [nets('10.0.0.0/8', 'fd00::/8'), 6, 'fd00::/8'],
  ])('nets %j (IPv%i) → %s', (input, family, listed) => {
    expect(netSet(input, family as 4 | 6)).toBe(listed);
  });

  it('no element of the family: no set', () => {
    expect(netSet(nets('10.0.0.0/8'), 6)).toBeUndefined();
  });
});
