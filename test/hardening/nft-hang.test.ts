// A hung nftables call, injected: libnftables made to sleep (the slow double, test/support/nft-double) on the
// in-process path, and an `nft` that never returns on the exec path. The NRI daemon answers inside
// containerd's 2 s budget with a clear error, sets libnftables aside (later pods are written by
// nsenter + nft) and still stops promptly; the CNI plugin answers with a spec-shaped "try again" error
// at its deadline and exits although the call is still running; the hung nft process is killed.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Event, StateChangeEvent, type PodSandbox } from '../../src/gen/nri/api.js';
import { MAIN } from '../support/cli.js';
import { startFakeNriRuntime } from '../support/fakes/nri-runtime.js';
import { netLab, skipUnlessNetAdmin, type Netns } from '../support/netns.js';
import { SlowSwitch } from '../support/nft-slow.js';
import { tally } from '../support/tally.js';

const skip = skipUnlessNetAdmin('test/hardening/nft-hang.test.ts');
const OPT_IN = { 'hcnproxyctl.io/enabled': 'true' };
const POLICY = { inboundPort: 15006, outboundPort: 15001, proxyUid: 1337 };
/** containerd's default NRI plugin_request_timeout. */
const BUDGET_MS = 2000;
const HANG_MS = 120_000;

const pod = (id: string, ns: Netns): PodSandbox => ({
  id,
  name: id,
  namespace: 'test',
  uid: `u-${id}`,
  annotations: OPT_IN,
  linux: { namespaces: [{ type: 'network', path: ns.path }] },
});

/** Starts `hcnproxyctl nri` against a fake runtime with these settings and environment. */
async function startDaemon(settings: Record<string, unknown>, env: Record<string, string>) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hcnproxyctl-hang-'));
  const config = path.join(tmp, 'nri.json');
  fs.writeFileSync(config, JSON.stringify({ policy: POLICY, ...settings }));
  const runtime = await startFakeNriRuntime();
  const registered = runtime.nextSession();
  const plugin = spawn(process.execPath, [MAIN, 'nri', '--socket', runtime.socketPath, '--config', config, '--log-level', 'debug'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, ...env },
  });
  let stderr = '';
  plugin.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const session = await registered;
  return {
    session,
    plugin,
    stderr: () => stderr,
    runPod: (p: PodSandbox) => session.call('StateChange', StateChangeEvent.encode({ event: Event.RUN_POD_SANDBOX, pod: p }).finish(), BUDGET_MS),
    /** SIGTERM, and how long the process took to exit (and with which code). */
    async stop(): Promise<{ ms: number; code: number | null }> {
      const t0 = Date.now();
      const exited = new Promise<number | null>((resolve) => plugin.once('exit', (code) => resolve(code)));
      plugin.kill('SIGTERM');
      const code = await Promise.race([exited, new Promise<null>((r) => setTimeout(() => r(null), 10_000))]);
      return { ms: Date.now() - t0, code };
    },
    async cleanup() {
      plugin.kill('SIGKILL');
      await runtime.stop();
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}

const exited = (p: ChildProcess) => p.exitCode !== null || p.signalCode !== null;

describe.skipIf(skip)('hardening: a hung nftables call', () => {
  const lab = netLab();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hcnproxyctl-hang-sw-'));
  const slow = new SlowSwitch(path.join(tmp, 'slow'));
  let a: Netns, b: Netns, c: Netns;
  const tables = async (ns: Netns) => (await lab.exec(ns, ['nft', 'list', 'tables'])).stdout.trim();

  beforeAll(async () => {
    [a, b, c] = await Promise.all([lab.addNetns('hga'), lab.addNetns('hgb'), lab.addNetns('hgc')]);
  });
  afterAll(() => {
    slow.fast();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('NRI, in-process: the reply comes inside the 2 s budget (the pod not redirected), libnftables is set aside, the next pod is redirected, SIGTERM still exits', async () => {
    const d = await startDaemon({ failOpen: false }, slow.env);
    try {
      slow.slow(HANG_MS);
      const t0 = Date.now();
      // Answered (with success: the CreateContainer gate enforces fail-closed) inside the budget.
      await d.runPod(pod('hung', a));
      const replyMs = Date.now() - t0;
      tally('faults', 1);
      expect(replyMs).toBeLessThan(BUDGET_MS);
      expect(d.stderr()).toMatch(/libnftables did not finish .* within \d+ ms.*"podID":"hung"/);
      expect(await tables(a)).toBe(''); // the hung call has not written anything

      slow.fast();
      await d.runPod(pod('next', b));
      expect(await tables(b)).toBe('table inet hcnproxyctl');
      expect(d.stderr()).toMatch(
        /"msg":"libnftables is not usable: nftables rules are written by spawning nsenter \+ nft".*left running; later calls spawn nsenter \+ nft/,
      );
      expect(d.stderr()).toMatch(/"podID":"next".*"outcome":"applied"/);

      // The hung call is still sleeping on a worker thread: exit() would wait for it.
      const s = await d.stop();
      expect(s.code).toBe(0);
      expect(s.ms).toBeLessThan(3000);
      expect(await tables(a)).toBe('');
    } finally {
      await d.cleanup();
    }
  });

  it('NRI, exec (nsenter + nft): an nft that never returns is killed at the deadline; fail-open starts the pod and says so', async () => {
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'hcnproxyctl-hang-bin-'));
    const marker = `${Math.floor(HANG_MS / 1000)}.${process.pid}`;
    fs.writeFileSync(
      path.join(bin, 'nft'),
      `#!/bin/sh\n[ "$1" = --version ] && { echo 'nftables v1.0.6 (Lester Gooch #5)'; exit 0; }\nexec sleep ${marker}\n`,
      { mode: 0o755 },
    );
    const d = await startDaemon({ failOpen: true, nftMode: 'exec' }, { PATH: `${bin}:${process.env.PATH}` });
    try {
      const t0 = Date.now();
      await d.runPod(pod('hung-exec', c)); // fail-open: the runtime hears success
      expect(Date.now() - t0).toBeLessThan(BUDGET_MS);
      tally('faults', 1);
      expect(d.stderr()).toMatch(/did not finish within \d+ ms.*"podID":"hung-exec"/);
      expect(d.stderr()).toMatch(/"podID":"hung-exec".*"outcome":"failed-open"/);
      // The hung nft was killed, not left behind.
      const left = spawnSync('pgrep', ['-f', `sleep ${marker}`], { encoding: 'utf8' }).stdout.trim();
      expect(left).toBe('');
      expect(await tables(c)).toBe('');
    } finally {
      await d.cleanup();
      fs.rmSync(bin, { recursive: true, force: true });
    }
  });

  it('CNI ADD, in-process: a "try again" error at the plugin deadline, and the process exits although the call is still running', async () => {
    slow.slow(HANG_MS);
    const t0 = Date.now();
    const add = spawn(process.execPath, [MAIN], {
      env: {
        PATH: process.env.PATH,
        ...slow.env,
        CNI_COMMAND: 'ADD',
        CNI_CONTAINERID: 'hang',
        CNI_NETNS: a.path,
        CNI_IFNAME: 'eth0',
        CNI_PATH: '/opt/cni/bin',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    add.stdout!.on('data', (b: Buffer) => (stdout += b.toString()));
    add.stdin!.end(
      JSON.stringify({
        cniVersion: '1.1.0',
        name: 'net',
        type: 'hcnproxyctl',
        policy: POLICY,
        prevResult: { cniVersion: '1.1.0' },
        runtimeConfig: { 'io.kubernetes.cri.pod-annotations': OPT_IN },
      }),
    );
    const code = await new Promise<number | null>((resolve) => add.once('exit', resolve));
    const ms = Date.now() - t0;
    tally('faults', 1);
    slow.fast();
    expect(exited(add)).toBe(true);
    expect(code).toBe(1);
    expect(ms).toBeLessThan(40_000); // the plugin's own 30 s deadline, plus start-up
    expect(JSON.parse(stdout)).toMatchObject({ cniVersion: '1.1.0', code: 11, msg: expect.stringMatching(/libnftables did not finish/) });
    expect(await tables(a)).toBe('');
  }, 60_000);
});
