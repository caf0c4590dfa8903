import { describe, expect, it } from 'vitest';
import { parseCniArgs, readCniEnv } from '../../../src/cni/env.js';
import { CniError } from '../../../src/cni/errors.js';

const base = { CNI_COMMAND: 'ADD', CNI_CONTAINERID: 'abc123', CNI_NETNS: '/var/run/netns/x', CNI_IFNAME: 'eth0', CNI_PATH: '/opt/cni/bin' };

function code(env: NodeJS.ProcessEnv): [number, string] {
  try {
    readCniEnv(env);
  } catch (e) {
    return [(e as CniError).code, (e as CniError).message];
  }
  return [0, ''];
}

describe('CNI environment', () => {
  it('reads a complete ADD environment', () => {
    expect(readCniEnv({ ...base, CNI_ARGS: 'IgnoreUnknown=1;K8S_POD_NAME=web' })).toMatchObject({
      command: 'ADD',
      containerId: 'abc123',
      ifname: 'eth0',
      args: { K8S_POD_NAME: 'web' },
    });
  });

  it('names every missing variable (code 4)', () => {
    expect(code({ CNI_COMMAND: 'ADD' })).toEqual([4, 'required environment variables missing for ADD: CNI_CONTAINERID, CNI_NETNS, CNI_IFNAME']);
    expect(code({ CNI_COMMAND: 'CHECK', CNI_CONTAINERID: 'a', CNI_IFNAME: 'eth0' })).toEqual([
      4,
      'required environment variables missing for CHECK: CNI_NETNS',
    ]);
    expect(code({ CNI_COMMAND: 'GC' })).toEqual([4, 'required environment variables missing for GC: CNI_PATH']);
  });

  it('accepts DEL without CNI_NETNS, and VERSION/STATUS with nothing', () => {
    expect(code({ ...base, CNI_COMMAND: 'DEL', CNI_NETNS: '' })[0]).toBe(0);
    expect(code({ CNI_COMMAND: 'VERSION' })[0]).toBe(0);
    expect(code({ CNI_COMMAND: 'STATUS' })[0]).toBe(0);
  });

  it('rejects unknown commands, bad container IDs and interface names', () => {
    expect(code({ ...base, CNI_COMMAND: 'UPDATE' })[1]).toContain('unknown CNI_COMMAND "UPDATE"');
    expect(code({ ...base, CNI_CONTAINERID: '-bad' })).toEqual([4, expect.stringContaining('CNI_CONTAINERID "-bad"')]);
    expect(code({ ...base, CNI_CONTAINERID: 'a/b' })[0]).toBe(4);
    expect(code({ ...base, CNI_IFNAME: 'averyveryverylongname' })).toEqual([4, 'CNI_IFNAME "averyveryverylongname" is longer than 15 characters']);
    expect(code({ ...base, CNI_IFNAME: 'eth 0' })[0]).toBe(4);
  });

  it('parses CNI_ARGS leniently', () => {
    expect(parseCniArgs('IgnoreUnknown=1;K8S_POD_NAMESPACE=default;junk;=x;A=b=c')).toEqual({ IgnoreUnknown: '1', K8S_POD_NAMESPACE: 'default', A: 'b=c' });
  });
});
