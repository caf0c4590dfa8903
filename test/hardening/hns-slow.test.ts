// A slow HNS (the simulator answering one HcnModifyEndpoint 30.5 s late, past the plugin's 30 s
// deadline) during a CNI ADD on a pod with two endpoints: the late call goes through, the next one is
// not started past the deadline, what the ADD added is taken back, and the runtime hears "try again"
// (code 11) — no half-made policy.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execPlugin, makeOurBinDir } from '../helpers/cni.js';
import { sampleSeed, startHnsSim } from '../helpers/hns-sim.js';
import { tally } from './tally.js';

const seed = sampleSeed();
const NS_A = seed.Endpoints[0]!.HostComputeNamespace as string;
const CONTAINER_A = String(seed.Endpoints[0]!.Name).split('_')[0]!;
const ENDPOINTS_A = seed.Endpoints.filter((e) => e.HostComputeNamespace === NS_A).map((e) => e.ID);
const CAP = 'io.kubernetes.cri.pod-annotations';

describe('hardening: a slow HNS call past the deadline (Windows path, HCN double)', () => {
  let sim: Awaited<ReturnType<typeof startHnsSim>>;
  let bin: ReturnType<typeof makeOurBinDir>;
  beforeAll(async () => {
    sim = await startHnsSim(seed);
    bin = makeOurBinDir();
  });
  afterAll(async () => {
    await sim?.stop();
    bin?.cleanup();
  });

  it('the ADD answers "try again" and leaves no L4WFPPROXY policy on any of the pod\'s endpoints', async () => {
    expect(ENDPOINTS_A).toHaveLength(2);
    await sim.control({ op: 'fault', fn: 'HcnModifyEndpoint', delayMs: 30_500 });
    tally('faults');
    const t0 = Date.now();
    const add = execPlugin(
      path.join(bin.dir, 'hcnproxyctl'),
      { command: 'ADD', containerId: CONTAINER_A, netns: NS_A, ifname: 'eth0', path: bin.dir, env: sim.env, timeoutMs: 60_000 },
      {
        cniVersion: '1.0.0',
        name: 'cbr0',
        type: 'hcnproxyctl',
        policy: { proxySid: 'S-1-5-32-556' },
        prevResult: { cniVersion: '1.0.0', interfaces: [{ name: 'eth0' }], ips: [{ address: '10.244.1.7/24', interface: 0 }] },
        runtimeConfig: { [CAP]: { 'sidecar.istio.io/status': '{"containers":["istio-proxy"]}' } },
      },
    );
    expect(Date.now() - t0).toBeGreaterThan(30_000);
    expect(add.code).toBe(1);
    expect(add.json).toMatchObject({ code: 11, msg: expect.stringMatching(/no time left for the L4WFPPROXY policy on HNS endpoint .*deadline has passed/) });
    const state = (await sim.dump()) as { Endpoints: { ID: string; Policies?: { Type: string }[] }[] };
    for (const id of ENDPOINTS_A) {
      expect((state.Endpoints.find((e) => e.ID === id)?.Policies ?? []).filter((p) => p.Type === 'L4WFPPROXY')).toEqual([]);
    }
    expect(await sim.control({ op: 'handles' })).toMatchObject({ handles: 0 });
  }, 90_000);
});
