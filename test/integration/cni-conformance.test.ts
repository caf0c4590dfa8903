// Conformance table: every CNI command × every spec version × (opted-in, not opted-in, bad input),
// through the bundled executable, with the opted-in pod's rules applied for real in a network
// namespace this suite creates. Expectations follow the CNI spec (containernetworking/cni:SPEC.md,
// 1.1.0) and, where it names no code, what containernetworking's skel and libcni do.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convertResult, SUPPORTED_VERSIONS, type CniVersion } from '../../src/cni/versions.js';
import { execPlugin, makeOurBinDir, type CniCall } from '../support/cni.js';
import { netLab, skipUnlessNetAdmin, type Netns } from '../support/netns.js';

const skip = skipUnlessNetAdmin('CNI conformance table (applies nftables rules in a network namespace)');
const CAP = 'io.kubernetes.cri.pod-annotations';
const COMMANDS = ['ADD', 'CHECK', 'DEL', 'STATUS', 'GC', 'VERSION'] as const;
type Command = (typeof COMMANDS)[number];
const CASES = {
  'opted-in': { 'hcnproxyctl.io/enabled': 'true' },
  'not opted-in': { 'kubernetes.io/config.seen': '2026-11-25T16:00:00Z' },
  'bad input': { 'hcnproxyctl.io/enabled': 'true', 'hcnproxyctl.io/outbound-port': 'http' },
} as const;
type Case = keyof typeof CASES;

/** A bridge plugin's 1.1.0 result, with fields each version treats differently. */
const PREV_RESULT = {
  cniVersion: '1.1.0',
  interfaces: [
    { name: 'cni0', mac: '0a:58:c6:12:5e:01' },
    { name: 'eth0', mac: '0a:58:c6:12:5e:07', sandbox: '/var/run/netns/x', mtu: 1500 },
  ],
  ips: [{ address: '198.18.94.7/24', gateway: '198.18.94.1', interface: 1 }],
  routes: [{ dst: '0.0.0.0/0', gw: '198.18.94.1' }],
  dns: { nameservers: ['198.18.94.10'] },
};

const before = (v: CniVersion, w: CniVersion) => SUPPORTED_VERSIONS.indexOf(v) < SUPPORTED_VERSIONS.indexOf(w);

interface Expected {
  code: number; // CNI error code, 0 = success
  stdout?: unknown; // exact JSON (success) when defined
  table?: boolean; // our table present afterwards
}

function expected(v: CniVersion, cmd: Command, c: Case): Expected {
  switch (cmd) {
    case 'VERSION':
      return { code: 0, stdout: { cniVersion: v, supportedVersions: [...SUPPORTED_VERSIONS] } };
    case 'ADD':
      if (c === 'bad input') return { code: 7, table: false };
      return { code: 0, stdout: convertResult(PREV_RESULT, v), table: c === 'opted-in' };
    case 'CHECK':
      if (before(v, '0.4.0')) return { code: 1 };
      return { code: c === 'bad input' ? 7 : 0, table: c === 'opted-in' };
    case 'DEL':
      return { code: 0, table: false };
    case 'STATUS':
    case 'GC':
      return { code: before(v, '1.1.0') ? 1 : 0 };
  }
}

describe.skipIf(skip)('CNI conformance: command × version × case', () => {
  const lab = skip ? undefined! : netLab();
  let bin: ReturnType<typeof makeOurBinDir>;
  let pod: Netns;

  beforeAll(async () => {
    bin = makeOurBinDir();
    pod = await lab.addNetns('conf');
  });
  afterAll(() => bin?.cleanup());

  const rows: [CniVersion, Case, Command][] = [];
  for (const v of SUPPORTED_VERSIONS) for (const c of Object.keys(CASES) as Case[]) for (const cmd of COMMANDS) rows.push([v, c, cmd]);

  it.each(rows)('%s, %s, %s', async (v, c, cmd) => {
    const conf: Record<string, unknown> = {
      cniVersion: v,
      name: 'conformance',
      type: 'hcnproxyctl',
      capabilities: { [CAP]: true },
      policy: { inboundPort: 15006, outboundPort: 15001, proxyUid: 1337 },
    };
    if (cmd === 'ADD' || cmd === 'CHECK' || cmd === 'DEL') {
      conf.runtimeConfig = { [CAP]: CASES[c] };
      if (cmd !== 'DEL' || !before(v, '0.4.0')) conf.prevResult = PREV_RESULT;
    }
    if (cmd === 'GC') conf['cni.dev/valid-attachments'] = [{ containerID: 'other', ifname: 'eth0' }];
    const call: CniCall =
      cmd === 'ADD' || cmd === 'CHECK' || cmd === 'DEL'
        ? { command: cmd, containerId: 'conformance', netns: pod.path, ifname: 'eth0', path: bin.dir }
        : { command: cmd, path: bin.dir };
    const run = execPlugin(path.join(bin.dir, 'hcnproxyctl'), call, conf);
    const want = expected(v, cmd, c);

    if (want.code === 0) {
      expect(run.code, run.stdout + run.stderr).toBe(0);
      if (want.stdout !== undefined) expect(run.json).toEqual(want.stdout);
      else expect(run.stdout).toBe('');
    } else {
      expect(run.code).not.toBe(0);
      // exactly one JSON error object on stdout, at the request's version
      expect(run.stdout.trim().split('\n')).toHaveLength(1);
      expect(run.json).toMatchObject({ cniVersion: v, code: want.code, msg: expect.any(String) });
      if (c === 'bad input' && want.code === 7) expect(String(run.json!.msg)).toContain('hcnproxyctl.io/outbound-port');
    }
    // stderr carries only JSON log lines
    for (const line of run.stderr.split('\n').filter(Boolean)) expect(() => JSON.parse(line)).not.toThrow();
    if (want.table !== undefined) {
      const tables = (await lab.exec(pod, ['nft', 'list', 'tables'])).stdout.trim();
      expect(tables).toBe(want.table ? 'table inet hcnproxyctl' : '');
    }
  });
});
