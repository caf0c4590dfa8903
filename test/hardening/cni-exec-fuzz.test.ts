// Fuzzing the real plugin (the bundled entry, spawned as a runtime spawns it) against a real network
// namespace: generated pod annotations and container IDs, hostile values included. After every ADD
// the pod's table is either absent or exactly the intended one (CHECK of the same request passes),
// never partial; a failed ADD leaves no table; DEL leaves none. HARDENING_EXEC_RUNS sets the count
// (npm test: 40; npm run fuzz: 500).
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAIN } from '../support/cli.js';
import { netLab, skipUnlessNetAdmin, type Netns } from '../support/netns.js';
import { annotations, hostileString } from './arbitraries.js';
import { tally } from '../support/tally.js';

const RUNS = Number(process.env.HARDENING_EXEC_RUNS ?? 40);
const CAP = 'io.kubernetes.cri.pod-annotations';
const skip = skipUnlessNetAdmin('test/hardening/cni-exec-fuzz.test.ts');

describe.skipIf(skip)('hardening: the real plugin under fuzzed pods, in a real netns', () => {
  const lab = netLab();
  let ns: Netns;
  beforeAll(async () => {
    ns = await lab.addNetns('fzz');
  });

  const run = (command: string, containerId: string, podAnnotations: Record<string, string>) =>
    spawnSync(process.execPath, [MAIN], {
      env: { PATH: process.env.PATH, CNI_COMMAND: command, CNI_CONTAINERID: containerId, CNI_NETNS: ns.path, CNI_IFNAME: 'eth0', CNI_PATH: '/opt/cni/bin' },
      input: JSON.stringify({
        cniVersion: '1.0.0',
        name: 'net',
        type: 'hcnproxyctl',
        policy: { inboundPort: 15006, outboundPort: 15001, proxyUid: 1337 },
        prevResult: { cniVersion: '1.0.0', interfaces: [{ name: 'eth0' }], ips: [{ address: '10.1.0.5/24', interface: 0 }] },
        runtimeConfig: { [CAP]: podAnnotations },
      }),
      encoding: 'utf8',
      timeout: 20_000,
    });
  const tables = async () => (await lab.exec(ns, ['nft', 'list', 'tables'])).stdout.trim();

  it(`${RUNS} generated pods: the table is absent or exactly the intended one, never partial`, async () => {
    const counts = { tried: 0, redirected: 0, refused: 0, untouched: 0 };
    await fc.assert(
      fc.asyncProperty(
        annotations,
        fc.oneof({ weight: 4, arbitrary: fc.constant('c1') }, { weight: 1, arbitrary: hostileString.filter((s) => !s.includes('\u0000')) }),
        async (a, id) => {
          counts.tried++;
          tally('inputs');
          const add = run('ADD', id, a);
          // spawnSync's timeout is a hang; an error, a signal or another exit code is a crash.
          if ((add.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT') tally('hangs');
          else if (add.error || add.signal || (add.status !== 0 && add.status !== 1)) tally('crashes');
          expect(add.status === 0 || add.status === 1, add.stderr).toBe(true);
          expect(add.stdout.trim().split('\n')).toHaveLength(1);
          const after = await tables();
          if (add.status !== 0) {
            counts.refused++;
            expect(JSON.parse(add.stdout)).toMatchObject({ code: expect.any(Number), msg: expect.any(String) });
            if (after !== '') tally('rulesLost'); // a failed ADD left a table behind
            expect(after).toBe('');
            return;
          }
          if (after === '') {
            counts.untouched++;
            return;
          }
          counts.redirected++;
          if (after !== 'table inet hcnproxyctl') tally('rulesLost'); // not exactly the intended table
          expect(after).toBe('table inet hcnproxyctl');
          const check = run('CHECK', id, a);
          if (check.status !== 0) tally('rulesLost'); // the table is not exactly the intended one
          expect(check.status, `${check.stdout}${check.stderr}`).toBe(0);
          expect(run('DEL', id, a).status).toBe(0);
          expect(await tables()).toBe('');
        },
      ),
      { numRuns: RUNS },
    );
    console.log(
      `hardening: CNI executable: ${counts.tried} pods tried (${counts.redirected} redirected and checked, ${counts.untouched} not opted in, ${counts.refused} refused), crashes 0, hangs 0, partial tables 0`,
    );
  }, 600_000);
});
