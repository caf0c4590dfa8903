// The in-process path's promises, against the real kernel: the main thread enters the pod's network
// namespace and always comes back (injected failures included, checked on /proc/thread-self/ns/net),
// every descriptor it opened is closed, nested entry is refused, and when libnftables cannot be loaded
// the plugin falls back to nsenter + nft and says so (CNI STATUS reports the mode in use).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyScript, inProcessRunner, loadNativeNft, NetnsSwitcher, NftError, type NftRunner } from '../../src/nft/index.js';
import { buildPolicy } from '../../src/policy/index.js';
import { MAIN } from '../support/cli.js';
import { rejection } from '../support/errors.js';
import { netLab, skipUnlessNetAdmin, type Netns } from '../support/netns.js';

const skip = skipUnlessNetAdmin('test/integration/nft-inprocess.test.ts');
const here = () => fs.readlinkSync('/proc/thread-self/ns/net');
const fds = () => fs.readdirSync('/proc/self/fd').length;
const ISTIO = buildPolicy({ inboundPort: 15006, outboundPort: 15001, proxyUid: 1337 });
const soon = () => Date.now() + 10_000;

describe.skipIf(skip)('in-process network namespace switching', () => {
  const lab = netLab();
  let ns: Netns;
  let switcher: NetnsSwitcher;
  let runner: NftRunner;
  let home: string;

  beforeAll(async () => {
    ns = await lab.addNetns('inp');
    home = here();
    switcher = new NetnsSwitcher(loadNativeNft());
    runner = inProcessRunner(loadNativeNft(), switcher);
  });

  it('runs the callback inside the pod namespace and returns home', () => {
    const inside = switcher.inNetns(ns.path, here);
    expect(inside).not.toBe(home);
    expect(inside).toBe(`net:[${fs.statSync(ns.path).ino}]`); // the bind-mounted namespace's inode
    expect(here()).toBe(home);
    expect(switcher.home).toBe(home);
  });

  it('a failure injected inside: the error comes out and the thread is back home', () => {
    expect(() =>
      switcher.inNetns(ns.path, () => {
        throw new Error('injected');
      }),
    ).toThrow('injected');
    expect(here()).toBe(home);
    expect(() =>
      switcher.inScratch(() => {
        expect(here()).not.toBe(home);
        throw new Error('injected in scratch');
      }),
    ).toThrow('injected in scratch');
    expect(here()).toBe(home);
  });

  it('a ruleset nft rejects: a clear NftError, nothing applied, the thread back home', async () => {
    const e = await rejection(
      runner.run(ns.path, 'table inet hcnproxyctl {\n\tchain c {\n\t\tmeta l4proto tcp redirect to :99999\n\t}\n}\n', soon()),
      NftError,
    );
    expect(e.code).toBe('NFT_FAILED');
    expect(e.message).toMatch(/^nft failed in \/run\/netns\/.*: Error: /);
    expect(e.stderr).toContain('redirect to :99999');
    expect(here()).toBe(home);
    expect(await runner.listTable(ns.path, 'json', soon())).toBeUndefined();
  });

  it('a path that is missing or not a network namespace: NETNS_NOT_FOUND, still home', async () => {
    expect((await rejection(runner.run('/run/netns/hpt-none', applyScript(ISTIO), soon()), NftError)).code).toBe('NETNS_NOT_FOUND');
    expect((await rejection(runner.run('/etc/hostname', applyScript(ISTIO), soon()), NftError)).code).toBe('NETNS_NOT_FOUND');
    expect(here()).toBe(home);
  });

  it('nested entry is refused (nothing may re-enter while the thread is inside a pod)', () => {
    expect(() => switcher.inNetns(ns.path, () => switcher.inNetns(ns.path, here))).toThrow(/nested network namespace switch/);
    expect(here()).toBe(home);
    expect(switcher.inNetns(ns.path, () => 1)).toBe(1); // and usable again afterwards
  });

  it('a deadline already passed: TIMEOUT before anything is entered', async () => {
    expect((await rejection(runner.run(ns.path, applyScript(ISTIO), Date.now() - 1), NftError)).code).toBe('TIMEOUT');
  });

  it('closes every descriptor it opens (200 applies, reads and scratch checks)', async () => {
    await runner.run(ns.path, applyScript(ISTIO), soon());
    const before = fds();
    for (let i = 0; i < 200; i++) {
      await runner.run(ns.path, applyScript(ISTIO), soon());
      await runner.listTable(ns.path, 'json', soon());
      if (i % 20 === 0) await runner.scratchTable(applyScript(ISTIO), soon());
    }
    expect(fds()).toBe(before);
    expect(here()).toBe(home);
  });

  it('a thread that cannot get home strands the switcher: every later call is refused', () => {
    const native = loadNativeNft();
    const rescue = fs.openSync('/proc/thread-self/ns/net', 'r');
    let homeFd = -1;
    const broken = new NetnsSwitcher({
      unshare: native.unshare,
      setns(fd, type) {
        // The first setns enters the pod; the way back (the home descriptor) fails.
        if (homeFd === -1) homeFd = -2;
        else throw new Error('EPERM (injected)');
        native.setns(fd, type);
      },
    });
    try {
      expect(() => broken.inNetns(ns.path, () => 0)).toThrow(/cannot return to the host network namespace/);
    } finally {
      native.setns(rescue, 0x40000000); // the test brings the thread home itself
      fs.closeSync(rescue);
    }
    expect(here()).toBe(home);
    expect(() => broken.inNetns(ns.path, () => 0)).toThrow(/refusing further nftables calls/);
  });
});

describe.skipIf(skip)('without libnftables: the exec fallback', () => {
  const run = (command: string, extra: Record<string, unknown>, netns: string) =>
    spawnSync(process.execPath, [MAIN], {
      env: {
        PATH: process.env.PATH,
        HCNPROXYCTL_LIBNFTABLES: '/nonexistent/libnftables.so.1',
        CNI_COMMAND: command,
        CNI_CONTAINERID: 'fb',
        CNI_NETNS: netns,
        CNI_IFNAME: 'eth0',
        CNI_PATH: '/opt/cni/bin',
      },
      input: JSON.stringify({
        cniVersion: '1.1.0',
        name: 'net',
        type: 'hcnproxyctl',
        policy: { outboundPort: 15001, proxyUid: 1337 },
        prevResult: { cniVersion: '1.1.0' },
        runtimeConfig: { 'io.kubernetes.cri.pod-annotations': { 'hcnproxyctl.io/enabled': 'true' } },
        ...extra,
      }),
      encoding: 'utf8',
      timeout: 30_000,
    });
  const lab = netLab();
  let ns: Netns;
  beforeAll(async () => {
    ns = await lab.addNetns('fbk');
  });

  it('auto: STATUS works (nft and nsenter are there: no probe of libnftables); ADD applies by spawning nsenter + nft, and says why once', async () => {
    const status = run('STATUS', { logLevel: 'debug' }, '');
    expect(status.status, status.stdout).toBe(0);
    expect(status.stderr).toMatch(/"msg":"status ok".*"detail":"nft and nsenter are installed/);
    expect(status.stderr).not.toContain('libnftables is not usable');
    const add = run('ADD', {}, ns.path);
    expect(add.status, add.stdout).toBe(0);
    expect(add.stderr.match(/libnftables is not usable/g)).toHaveLength(1);
    expect(add.stderr).toContain('/nonexistent/libnftables.so.1');
    expect(add.stderr).toContain('(exec)');
    expect((await lab.exec(ns, ['nft', 'list', 'tables'])).stdout).toBe('table inet hcnproxyctl\n');
  });

  it('nftMode "libnftables" insists: STATUS fails with code 50 naming the library', () => {
    const status = run('STATUS', { nftMode: 'libnftables' }, '');
    expect(status.status).toBe(1);
    expect(JSON.parse(status.stdout)).toMatchObject({ code: 50, msg: expect.stringContaining('/nonexistent/libnftables.so.1 cannot be used in-process') });
  });
});
