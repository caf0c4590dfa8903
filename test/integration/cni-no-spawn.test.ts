// What a CNI call spawns. A pod that is not opted in costs the node nothing beyond starting the plugin:
// no nft, no nsenter. An opted-in pod's ADD, CHECK and DEL spawn no process either: the rules are
// written in-process (setns + libnftables), which strace shows (the only execve is the plugin's own).
// With nftMode "exec" the same pod reaches nsenter + nft: fakes first in PATH record every call.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAIN } from '../support/cli.js';
import { execPlugin, makeOurBinDir } from '../support/cni.js';
import { netLab, skipUnlessNetAdmin, type Netns } from '../support/netns.js';
import { findBinary } from '../../src/nft/index.js';

const CAP = 'io.kubernetes.cri.pod-annotations';
const OPT_IN = { 'hcnproxyctl.io/enabled': 'true' };
let bin: ReturnType<typeof makeOurBinDir>;
let fakes: string;
let marks: string;
let fakeNetns: string;

beforeAll(() => {
  bin = makeOurBinDir();
  fakes = fs.mkdtempSync(path.join(os.tmpdir(), 'hcnproxyctl-fakes-'));
  marks = path.join(fakes, 'calls.log');
  // Stands for a netns path: the fakes never enter it, and nothing in-process is asked to.
  fakeNetns = path.join(fakes, 'netns');
  fs.writeFileSync(fakeNetns, '');
  for (const name of ['nsenter', 'nft', 'unshare']) {
    fs.writeFileSync(path.join(fakes, name), `#!/bin/sh\necho "${name} $*" >> "$HPT_CALLS"\nexit 0\n`, { mode: 0o755 });
  }
});
afterAll(() => {
  bin?.cleanup();
  if (fakes) fs.rmSync(fakes, { recursive: true, force: true });
});

const conf = (annotations: Record<string, string>, extra: Record<string, unknown> = {}) => ({
  cniVersion: '1.0.0',
  name: 'net',
  type: 'hcnproxyctl',
  capabilities: { [CAP]: true },
  policy: { outboundPort: 15001, proxyUid: 1337 },
  prevResult: { cniVersion: '1.0.0', ips: [{ address: '10.0.0.2/24' }] },
  runtimeConfig: { [CAP]: annotations },
  ...extra,
});

function add(annotations: Record<string, string>, extra: Record<string, unknown> = {}) {
  fs.rmSync(marks, { force: true });
  const run = execPlugin(
    path.join(bin.dir, 'hcnproxyctl'),
    {
      command: 'ADD',
      containerId: 'nospawn',
      netns: fakeNetns,
      ifname: 'eth0',
      path: bin.dir,
      env: { PATH: `${fakes}${path.delimiter}${process.env.PATH ?? ''}`, HPT_CALLS: marks },
    },
    conf(annotations, extra),
  );
  return { run, calls: fs.existsSync(marks) ? fs.readFileSync(marks, 'utf8') : '' };
}

describe('ADD of a pod that is not opted in', () => {
  it('spawns nothing', () => {
    const { run, calls } = add({ app: 'web', 'sidecar.istio.io/inject': 'false' });
    expect(run.code).toBe(0);
    expect(calls).toBe('');
  });

  it('(while an opted-in pod with nftMode "exec" does reach nsenter + nft, so the probe works)', () => {
    const { run, calls } = add(OPT_IN, { nftMode: 'exec' });
    expect(run.code).toBe(0);
    expect(calls).toBe(`nsenter --net=${fakeNetns} -- ${path.join(fakes, 'nft')} -f -\n`);
  });
});

if (!findBinary('strace') && process.env.CI === 'true') throw new Error('strace is not installed (build/prepare.mjs and .ci/run install it)');
const skip = skipUnlessNetAdmin('test/integration/cni-no-spawn.test.ts (in-process rules in a real netns)') || !findBinary('strace');

describe.skipIf(skip)('an opted-in pod: ADD, CHECK and DEL spawn no process (in-process libnftables)', () => {
  const lab = netLab();
  let ns: Netns;
  let dir: string;

  beforeAll(async () => {
    ns = await lab.addNetns('nosp');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hcnproxyctl-strace-'));
  });
  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Runs the plugin entry under `strace -f -e trace=execve`: its result and every execve it made. */
  function traced(command: 'ADD' | 'CHECK' | 'DEL', annotations: Record<string, string> = OPT_IN) {
    const trace = path.join(dir, `${command}.trace`);
    const r = spawnSync(findBinary('strace')!, ['-f', '-qq', '-e', 'trace=execve', '-o', trace, process.execPath, MAIN], {
      env: {
        PATH: `${fakes}${path.delimiter}${process.env.PATH ?? ''}`,
        HPT_CALLS: marks,
        CNI_COMMAND: command,
        CNI_CONTAINERID: 'nospawn',
        CNI_NETNS: ns.path,
        CNI_IFNAME: 'eth0',
        CNI_PATH: bin.dir,
      },
      input: JSON.stringify(conf(annotations)),
      encoding: 'utf8',
      timeout: 30_000,
    });
    const execs = fs
      .readFileSync(trace, 'utf8')
      .split('\n')
      .filter((l) => /execve\(/.test(l));
    return { code: r.status, stdout: r.stdout, stderr: r.stderr, execs };
  }

  it('ADD writes the table, and the only execve is the plugin itself', async () => {
    fs.rmSync(marks, { force: true });
    const r = traced('ADD');
    expect(r.code, r.stderr).toBe(0);
    expect(r.execs).toHaveLength(1);
    expect(r.execs[0]).toContain(JSON.stringify(process.execPath));
    expect(r.stderr).toContain('(libnftables)');
    expect((await lab.exec(ns, ['nft', 'list', 'tables'])).stdout).toBe('table inet hcnproxyctl\n');
    expect(fs.existsSync(marks)).toBe(false); // nothing reached the nsenter/nft fakes either
  });

  it('CHECK (with its scratch namespace) and DEL likewise', async () => {
    const check = traced('CHECK');
    expect(check.code, check.stdout + check.stderr).toBe(0);
    expect(check.execs).toHaveLength(1);
    const del = traced('DEL');
    expect(del.code, del.stderr).toBe(0);
    expect(del.execs).toHaveLength(1);
    expect((await lab.exec(ns, ['nft', 'list', 'tables'])).stdout).toBe('');
    expect(fs.existsSync(marks)).toBe(false);
  });

  it('an Istio pod (its table and ::6 on lo, added with rtnetlink): ADD, CHECK and DEL spawn nothing either', async () => {
    const istio = { 'sidecar.istio.io/status': '{"containers":["istio-proxy"]}' };
    const add = traced('ADD', istio);
    expect(add.code, add.stderr).toBe(0);
    expect(add.execs).toHaveLength(1);
    expect((await lab.exec(ns, ['ip', '-6', 'addr', 'show', 'dev', 'lo'])).stdout).toMatch(/inet6 ::6\/128 /);
    const check = traced('CHECK', istio);
    expect(check.code, check.stdout + check.stderr).toBe(0);
    expect(check.execs).toHaveLength(1);
    const del = traced('DEL', istio);
    expect(del.code, del.stderr).toBe(0);
    expect(del.execs).toHaveLength(1);
    expect(fs.existsSync(marks)).toBe(false);
  });
});
