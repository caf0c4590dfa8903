// Loopback addresses for a mesh's proxy (Kuma's ::6/128), against the real kernel: added to lo in the
// pod's namespace through in-process rtnetlink (a second time: still a success), bindable there
// afterwards, read back for CHECK; a missing namespace or a kernel refusal is a clear NftError; the
// thread is always back home, no descriptor is left open; and strace shows that no process is spawned.
// The nsenter + ip fallback (koffi not loadable) does the same.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetnsSwitcher, NftError, findBinary } from '../../src/nft/index.js';
import { addLoopbackAddresses, loopbackAddressesPresent } from '../../src/nft/loopback-address.js';
import { loadNetlink } from '../../src/nft/netlink-socket.js';
import { ROOT } from '../support/cli.js';
import { rejection } from '../support/errors.js';
import { netLab, skipUnlessNetAdmin, type Netns } from '../support/netns.js';

const skip = skipUnlessNetAdmin('test/integration/loopback-address.test.ts');
const here = () => fs.readlinkSync('/proc/thread-self/ns/net');
const fds = () => fs.readdirSync('/proc/self/fd').length;
const soon = () => Date.now() + 10_000;

// Binds a TCP listener to the address inside the namespace: prints "bound", or the error code.
const BIND = `const s = require('node:net').createServer();
s.on('error', (e) => { console.log(e.code); process.exit(0); });
s.listen({ host: process.argv[1], port: 0 }, () => { console.log('bound'); s.close(); });`;

describe.skipIf(skip)('loopback addresses in a pod network namespace', () => {
  const lab = netLab();
  let ns: Netns;
  let home: string;
  const ip6 = async (n: Netns) => (await lab.exec(n, ['ip', '-6', 'addr', 'show', 'dev', 'lo'])).stdout;
  const bind = async (n: Netns, addr: string) => (await lab.exec(n, [process.execPath, '-e', BIND, addr])).stdout.trim();

  beforeAll(async () => {
    ns = await lab.addNetns('lo');
    home = here();
  });

  it('adds ::6/128 to lo in-process, after which ::6 can be bound there (and not before)', async () => {
    expect(await bind(ns, '::6')).toBe('EADDRNOTAVAIL');
    await addLoopbackAddresses(ns.path, ['::6/128'], soon());
    expect(here()).toBe(home);
    expect(await ip6(ns)).toMatch(/inet6 ::6\/128 .*nodad/);
    expect(await bind(ns, '::6')).toBe('bound');
    // Only inside the pod: the host's lo is untouched.
    expect(execFileSync('ip', ['-6', 'addr', 'show', 'dev', 'lo'], { encoding: 'utf8' })).not.toContain('::6/128');
  });

  it('a second call is a successful no-op', async () => {
    const before = await ip6(ns);
    await addLoopbackAddresses(ns.path, ['::6/128'], soon());
    expect(await ip6(ns)).toBe(before);
    expect((before.match(/inet6 ::6\//g) ?? []).length).toBe(1);
    expect(here()).toBe(home);
  });

  it('closes every descriptor it opens (100 adds and reads)', async () => {
    await loopbackAddressesPresent(ns.path, ['::6/128'], soon()); // koffi, libc and the home namespace stay open
    const before = fds();
    for (let i = 0; i < 100; i++) {
      await addLoopbackAddresses(ns.path, ['::6/128'], soon());
      await loopbackAddressesPresent(ns.path, ['::6/128'], soon());
    }
    expect(fds()).toBe(before);
    expect(here()).toBe(home);
  });

  it('IPv4 as well, several in one call, a bare address as a host address', async () => {
    await addLoopbackAddresses(ns.path, ['192.0.2.6/32', '::7'], soon());
    const all = (await lab.exec(ns, ['ip', 'addr', 'show', 'dev', 'lo'])).stdout;
    expect(all).toMatch(/inet 192\.0\.2\.6\/32 scope host lo/);
    expect(all).toMatch(/inet6 ::7\/128 /);
    expect(await bind(ns, '192.0.2.6')).toBe('bound');
  });

  it('CHECK reports what lo has and what it lacks, as given', async () => {
    const same = ['::6/128', '::0:6', '0:0:0:0:0:0:0:6', '::0.0.0.6', '0::6/64'];
    const check = await loopbackAddressesPresent(
      ns.path,
      [...same, '192.0.2.6/32', '127.0.0.1/8', '::1', '::8/128', '198.51.100.1', '::ffff:192.0.2.6'],
      soon(),
    );
    expect(check).toEqual({ present: [...same, '192.0.2.6/32', '127.0.0.1/8', '::1'], missing: ['::8/128', '198.51.100.1', '::ffff:192.0.2.6'] });
    expect(here()).toBe(home);
    await lab.exec(ns, ['ip', 'addr', 'del', '::7/128', 'dev', 'lo']);
    expect(await loopbackAddressesPresent(ns.path, ['::7/128'], soon())).toEqual({ present: [], missing: ['::7/128'] });
  });

  it('works on a namespace whose lo is still down (before the loopback plugin ran)', async () => {
    const fresh = await lab.addNetns('down');
    await lab.exec(fresh, ['ip', 'link', 'set', 'lo', 'down']);
    await addLoopbackAddresses(fresh.path, ['::6/128'], soon());
    expect(await loopbackAddressesPresent(fresh.path, ['::6/128'], soon())).toEqual({ present: ['::6/128'], missing: [] });
    await lab.exec(fresh, ['ip', 'link', 'set', 'lo', 'up']);
    expect(await bind(fresh, '::6')).toBe('bound');
  });

  it('lo is found by name inside the pod (index 1 there), not in the host namespace', async () => {
    const native = loadNetlink();
    const switcher = new NetnsSwitcher(native);
    const other = await lab.addNetns('peer');
    await lab.veth(ns, 'va', [], other, 'vb', []); // made inside the namespaces: never in the host's
    expect(switcher.inNetns(ns.path, () => native.ifIndex('lo'))).toBe(1);
    expect(switcher.inNetns(ns.path, () => native.ifIndex(lab.name('va')))).toBeGreaterThan(1);
    expect(native.ifIndex(lab.name('va'))).toBe(0);
    expect(here()).toBe(home);
  });

  it('a missing namespace, a file that is not one, a kernel refusal, a bad address, a passed deadline: clear NftErrors, thread home', async () => {
    const missing = await rejection(addLoopbackAddresses('/run/netns/hpt-does-not-exist', ['::6/128'], soon()), NftError);
    expect(missing.code).toBe('NETNS_NOT_FOUND');
    expect(missing.message).toBe('network namespace /run/netns/hpt-does-not-exist does not exist');
    const notNs = await rejection(loopbackAddressesPresent('/proc/self/status', ['::6/128'], soon()), NftError);
    expect(notNs.code).toBe('NETNS_NOT_FOUND');
    expect(notNs.message).toMatch(/is not a usable network namespace/);
    expect(here()).toBe(home);

    const noV6 = await lab.addNetns('nov6');
    await lab.exec(noV6, ['sysctl', '-qw', 'net.ipv6.conf.lo.disable_ipv6=1']);
    const refused = await rejection(addLoopbackAddresses(noV6.path, ['::6/128'], soon()), NftError);
    expect(refused.code).toBe('NETNS_FAILED');
    expect(refused.message).toMatch(new RegExp(`^cannot add ::6/128 to lo in ${noV6.path}: Permission denied \\(errno 13\\)`));
    expect(refused.message).toMatch(/IPv6 is disabled/); // the kernel's own reason (extended ack)
    expect(here()).toBe(home);

    const bad = await rejection(addLoopbackAddresses(ns.path, ['::6/129'], soon()), NftError);
    expect(bad.message).toBe('loopback address "::6/129": the prefix length must be 0-128');
    for (const wrong of ['fe80::6%lo', ':::6', '1::2::3', '12345::', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7', '::6/', '256.0.0.1', 'lo']) {
      expect((await rejection(addLoopbackAddresses(ns.path, [wrong], soon()), NftError)).message, wrong).toMatch(
        /is not an IPv4 or IPv6 address|prefix length/,
      );
    }
    expect((await rejection(addLoopbackAddresses(ns.path, ['::6/128'], Date.now() - 1), NftError)).code).toBe('TIMEOUT');
    expect(here()).toBe(home);
  });
});

if (!findBinary('strace') && process.env.CI === 'true') throw new Error('strace is not installed (build/prepare.mjs and .ci/run install it)');

describe.skipIf(skip || !findBinary('strace'))('adding loopback addresses spawns no process', () => {
  const lab = netLab();
  let dir: string;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hcnproxyctl-loopback-'));
  });
  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('strace: the only execve is node itself; the work is setns + a NETLINK_ROUTE socket', async () => {
    const ns = await lab.addNetns('strc');
    const entry = path.join(dir, 'entry.ts');
    fs.writeFileSync(
      entry,
      `import { addLoopbackAddresses, loopbackAddressesPresent } from ${JSON.stringify(path.join(ROOT, 'src/nft/loopback-address.ts'))};
void (async () => {
  await addLoopbackAddresses(process.argv[2]!, ['::6/128'], Date.now() + 10_000);
  const check = await loopbackAddressesPresent(process.argv[2]!, ['::6/128'], Date.now() + 10_000);
  console.log(JSON.stringify({ check }));
})();
`,
    );
    const bundle = path.join(dir, 'entry.cjs');
    await esbuild.build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', target: 'node22', outfile: bundle, logLevel: 'error' });
    const trace = path.join(dir, 'trace');
    const r = spawnSync(findBinary('strace')!, ['-f', '-qq', '-e', 'trace=execve,setns,socket', '-o', trace, process.execPath, bundle, ns.path], {
      // The bundle sits outside the repository: koffi's native package comes from its node_modules. No
      // libnftables (the exec runner's case): the addresses are still added in-process.
      env: { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules'), HCNPROXYCTL_LIBNFTABLES: '/nonexistent/libnftables.so.1' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ check: { present: ['::6/128'], missing: [] } });
    const lines = fs.readFileSync(trace, 'utf8').split('\n');
    const execs = lines.filter((l) => /execve\(/.test(l));
    expect(execs).toHaveLength(1);
    expect(execs[0]).toContain(JSON.stringify(process.execPath));
    // In and out of the pod's namespace twice (ADD, CHECK), a route netlink socket each time.
    expect(lines.filter((l) => /setns\(\d+, CLONE_NEWNET\)\s+= 0/.test(l))).toHaveLength(4);
    expect(lines.filter((l) => /socket\(AF_NETLINK, SOCK_RAW\|SOCK_CLOEXEC, NETLINK_ROUTE\)\s+= \d+/.test(l))).toHaveLength(2);
    expect(await lab.exec(ns, ['ip', '-6', 'addr', 'show', 'dev', 'lo']).then((o) => o.stdout)).toMatch(/inet6 ::6\/128 /);
  });
});
