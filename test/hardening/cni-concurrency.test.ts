// Concurrency: 50 CNI ADDs at once on 50 pods end with every pod holding exactly its table (CHECK
// passes), and concurrent DELs leave none; concurrent ADDs and a CHECK on the same pod (what a runtime
// retrying after a timeout can cause) converge on one table, never a doubled or partial one.
import { spawn } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAIN } from '../support/cli.js';
import { captureOutput } from '../support/process-output.js';
import { netLab, skipUnlessNetAdmin, type Netns } from '../support/netns.js';
import { tally } from '../support/tally.js';

const skip = skipUnlessNetAdmin('test/hardening/cni-concurrency.test.ts');
const CAP = 'io.kubernetes.cri.pod-annotations';
const PODS = 50;

function plugin(command: string, id: string, netns: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  tally('inputs');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MAIN], {
      env: { PATH: process.env.PATH, CNI_COMMAND: command, CNI_CONTAINERID: id, CNI_NETNS: netns, CNI_IFNAME: 'eth0', CNI_PATH: '/opt/cni/bin' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const output = captureOutput(child);
    child.on('close', (code) => resolve({ code, ...output }));
    child.stdin.end(
      JSON.stringify({
        cniVersion: '1.0.0',
        name: 'net',
        type: 'hcnproxyctl',
        policy: { inboundPort: 15006, outboundPort: 15001, proxyUid: 1337 },
        prevResult: { cniVersion: '1.0.0', interfaces: [{ name: 'eth0' }], ips: [{ address: '10.1.0.5/24', interface: 0 }] },
        runtimeConfig: { [CAP]: { 'hcnproxyctl.io/enabled': 'true' } },
      }),
    );
  });
}

describe.skipIf(skip)('hardening: concurrent CNI calls', () => {
  const lab = netLab();
  const pods: Netns[] = [];
  beforeAll(async () => {
    for (let i = 0; i < PODS; i++) pods.push(await lab.addNetns(`c${i}`));
  }, 120_000);

  const rules = async (ns: Netns) => (await lab.exec(ns, ['nft', 'list', 'ruleset'])).stdout;

  it(`${PODS} ADDs at once on ${PODS} pods: each holds exactly its table; ${PODS} DELs at once leave none`, async () => {
    const adds = await Promise.all(pods.map((ns, i) => plugin('ADD', `pod${i}`, ns.path)));
    for (const r of adds) expect(r.code, r.stdout + r.stderr).toBe(0);
    const checks = await Promise.all(pods.map((ns, i) => plugin('CHECK', `pod${i}`, ns.path)));
    for (const r of checks) expect(r.code, r.stdout + r.stderr).toBe(0);
    const dels = await Promise.all(pods.map((ns, i) => plugin('DEL', `pod${i}`, ns.path)));
    for (const r of dels) expect(r.code, r.stdout + r.stderr).toBe(0);
    for (const ns of pods) expect(await rules(ns)).toBe('');
    console.log(`hardening: ${PODS} concurrent ADD/CHECK/DEL: every pod correct`);
  }, 180_000);

  it('concurrent ADDs and a CHECK on one pod converge on one table, not a doubled one', async () => {
    const ns = pods[0]!;
    const runs = await Promise.all([plugin('ADD', 'same', ns.path), plugin('ADD', 'same', ns.path), plugin('ADD', 'same', ns.path)]);
    for (const r of runs) expect(r.code, r.stdout + r.stderr).toBe(0);
    expect((await plugin('CHECK', 'same', ns.path)).code).toBe(0);
    expect((await lab.exec(ns, ['nft', 'list', 'tables'])).stdout).toBe('table inet hcnproxyctl\n');
    const both = await Promise.all([plugin('ADD', 'same', ns.path), plugin('CHECK', 'same', ns.path)]);
    expect(both[0].code).toBe(0);
    // A CHECK racing an ADD may see the old table or the new one, both the same policy: never a partial one.
    expect(both[1].code, both[1].stdout).toBe(0);
    expect((await plugin('DEL', 'same', ns.path)).code).toBe(0);
    expect(await rules(ns)).toBe('');
  }, 60_000);
});
