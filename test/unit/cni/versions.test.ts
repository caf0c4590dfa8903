import { describe, expect, it } from 'vitest';
import { convertResult } from '../../../src/cni/versions.js';

const v110 = {
  cniVersion: '1.1.0',
  interfaces: [
    { name: 'cni0', mac: '0a:58:0a:f4:01:01' },
    { name: 'eth0', mac: '0a:58:0a:f4:01:07', sandbox: '/var/run/netns/cni-1', mtu: 1450, socketPath: '/s', pciID: '0000:00:01.0' },
  ],
  ips: [
    { address: '10.244.1.7/24', gateway: '10.244.1.1', interface: 1 },
    { address: 'fd00::7/64', interface: 1 },
  ],
  routes: [{ dst: '0.0.0.0/0', gw: '10.244.1.1', mtu: 1400, table: 5 }],
  dns: { nameservers: ['10.96.0.10'] },
  customKey: 'kept',
};

describe('result conversion to the request version', () => {
  it('1.1.0 stays as it is', () => {
    expect(convertResult(v110, '1.1.0')).toEqual(v110);
  });

  it('to 1.0.0 drops the 1.1.0-only interface and route fields', () => {
    const r = convertResult(v110, '1.0.0');
    expect(r.cniVersion).toBe('1.0.0');
    expect(r.interfaces).toEqual([
      { name: 'cni0', mac: '0a:58:0a:f4:01:01' },
      { name: 'eth0', mac: '0a:58:0a:f4:01:07', sandbox: '/var/run/netns/cni-1' },
    ]);
    expect(r.routes).toEqual([{ dst: '0.0.0.0/0', gw: '10.244.1.1' }]);
    expect(r.customKey).toBe('kept');
  });

  it.each(['0.3.0', '0.3.1', '0.4.0'] as const)('to %s adds ips[].version', (v) => {
    const r = convertResult(v110, v);
    expect(r.cniVersion).toBe(v);
    expect(r.ips).toEqual([
      { address: '10.244.1.7/24', gateway: '10.244.1.1', interface: 1, version: '4' },
      { address: 'fd00::7/64', interface: 1, version: '6' },
    ]);
  });

  it('from 0.4.0 to 1.0.0 removes ips[].version', () => {
    const r = convertResult({ cniVersion: '0.4.0', ips: [{ version: '4', address: '10.0.0.2/24' }] }, '1.0.0');
    expect(r).toEqual({ cniVersion: '1.0.0', ips: [{ address: '10.0.0.2/24' }] });
  });

  it('does not invent keys the result did not have', () => {
    expect(convertResult({ cniVersion: '1.0.0', dns: {} }, '0.3.1')).toEqual({ cniVersion: '0.3.1', dns: {} });
  });
});
