import { isIP } from 'node:net';
import { describe, expect, it } from 'vitest';
import { isIPv4, isIPv6, netContains, networkAddress, parseIpNet } from '../../../src/policy/addresses.js';
import type { IpNet } from '../../../src/policy/model.js';

// Our own parser must agree with Node's on every form we might meet.
const samples = [
  '0.0.0.0',
  '127.0.0.1',
  '255.255.255.255',
  '10.0.0.256',
  '1.2.3',
  '1.2.3.4.5',
  '01.2.3.4',
  '1.2.3.-1',
  ' 1.2.3.4',
  '1.2.3.4/8',
  '::',
  '::1',
  '1::',
  'fd00::1',
  'FD00::ABCD',
  '2001:db8:0:0:0:0:2:1',
  '2001:db8::2:1',
  '1:2:3:4:5:6:7:8',
  '1:2:3:4:5:6:7:8:9',
  '1:2:3:4:5:6:7::',
  '::1:2:3:4:5:6:7',
  '1::2::3',
  '12345::',
  'g::1',
  '::ffff:10.0.0.1',
  '::10.0.0.1',
  '64:ff9b::192.0.2.33',
  '1:2:3:4:5:6:1.2.3.4',
  '1:2:3:4:5:6:7:1.2.3.4',
  '::ffff:10.0.0.256',
  'fe80::1%eth0',
  ':',
  ':::',
  '1:',
  ':1',
  '',
];

describe('address syntax', () => {
  it.each(samples)('%s is classified as node:net does', (s) => {
    expect([isIPv4(s), isIPv6(s)]).toEqual([isIP(s) === 4, isIP(s) === 6 && !s.includes('%')]);
  });
});

describe('netContains', () => {
  const net = (t: string) => parseIpNet(t, 'x') as IpNet;
  it('decides containment per family and prefix', () => {
    expect(netContains(net('10.0.0.0/8'), net('10.1.0.0/16'))).toBe(true);
    expect(netContains(net('10.0.0.0/8'), net('11.0.0.0/16'))).toBe(false);
    expect(netContains(net('10.1.0.0/16'), net('10.0.0.0/8'))).toBe(false);
    expect(netContains(net('0.0.0.0/0'), net('192.0.2.1'))).toBe(true);
    expect(netContains(net('fd00::/8'), net('fd12::1'))).toBe(true);
    expect(netContains(net('fd00::/8'), net('fe80::1'))).toBe(false);
    expect(netContains(net('2001:db8::/33'), net('2001:db8:8000::1'))).toBe(false);
    expect(netContains(net('::/0'), net('10.0.0.1'))).toBe(false);
  });
});

describe('networkAddress (the one masking of a CIDR’s host bits: Istio, Linkerd and Consul ranges)', () => {
  it.each([
    ['10.1.2.3', 4, 8, '10.0.0.0'],
    ['10.1.2.3', 4, 0, '0.0.0.0'],
    ['10.1.2.3', 4, 32, '10.1.2.3'],
    ['192.168.255.255', 4, 17, '192.168.128.0'],
    ['fd00:1:2:3::4', 6, 64, 'fd00:1:2:3::'],
    ['fd00:1:2:3::4', 6, 0, '::'],
    ['fd00:1:2:3::4', 6, 128, 'fd00:1:2:3::4'],
    ['2001:db8:ffff::1', 6, 36, '2001:db8:f000::'],
  ] as const)('%s/%i → %s', (address, family, prefix, net) => {
    expect(networkAddress(address, family, prefix)).toBe(net);
  });
});
