// Faults injected into HNS (the double's simulator) during a CNI ADD on the Windows path, each survived
// with the right answer: access denied and an unreachable service become CNI errors with the right code
// (999 / 11 try again), an endpoint gone mid-add is an error, HNS too old is refused before any change,
// and after every failure the pod holds no half-made policy; failOpen lets the pod start instead. A call
// answered past the deadline is "try again", with nothing left on any endpoint.
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { execPlugin, makeOurBinDir } from '../support/cni.js';
import { sampleSeed, startHnsSim } from '../support/hns-sim.js';
import { tally } from '../support/tally.js';

const seed = sampleSeed();
const NS_A = seed.Endpoints[0]!.HostComputeNamespace as string;
const EP_A1 = seed.Endpoints[0]!.ID;
const CONTAINER_A = String(seed.Endpoints[0]!.Name).split('_')[0]!;
const ENDPOINTS_A = seed.Endpoints.filter((e) => e.HostComputeNamespace === NS_A).map((e) => e.ID);
const CAP = 'io.kubernetes.cri.pod-annotations';
const PREV = { cniVersion: '1.0.0', interfaces: [{ name: 'eth0' }], ips: [{ address: '10.244.1.7/24', interface: 0 }] };
const conf = (extra: Record<string, unknown> = {}) => ({
  cniVersion: '1.0.0',
  name: 'cbr0',
  type: 'hcnproxyctl',
  policy: { proxySid: 'S-1-5-32-556' },
  prevResult: PREV,
  runtimeConfig: { [CAP]: { 'sidecar.istio.io/status': '{"containers":["istio-proxy"]}' } },
  ...extra,
});

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
beforeEach(async () => {
  await sim.control({ op: 'reset', state: seed });
});

const add = (extra: Record<string, unknown> = {}, timeoutMs?: number) =>
  execPlugin(
    path.join(bin.dir, 'hcnproxyctl'),
    { command: 'ADD', containerId: CONTAINER_A, netns: NS_A, ifname: 'eth0', path: bin.dir, env: sim.env, ...(timeoutMs ? { timeoutMs } : {}) },
    conf(extra),
  );
async function proxyPolicies(endpoint = EP_A1): Promise<unknown[]> {
  const state = (await sim.dump()) as { Endpoints: { ID: string; Policies?: { Type: string }[] }[] };
  return (state.Endpoints.find((e) => e.ID === endpoint)?.Policies ?? []).filter((p) => p.Type === 'L4WFPPROXY');
}

describe('hardening: HNS faults during a CNI ADD (Windows path, HCN double)', () => {
  const faults = { injected: 0 };

  it.each([
    ['access denied on the modify', 'HcnModifyEndpoint', '0x80070005', 999, /access denied/],
    ['the endpoint gone mid-add', 'HcnModifyEndpoint', '0x80070490', 999, /not found|element not found/i],
    ['HNS unreachable (RPC server unavailable)', 'HcnOpenEndpoint', '0x800706BA', 11, /not reachable/],
  ] as const)('%s: the right CNI code, no half-made policy; failOpen lets the pod start', async (_what, fn, hresult, code, message) => {
    await sim.control({ op: 'fault', fn, hresult, times: 1000 });
    faults.injected++;
    tally('faults');
    const r = add();
    expect(r.code).toBe(1);
    expect(r.json).toMatchObject({ code, msg: expect.stringMatching(message) });
    expect(await proxyPolicies()).toEqual([]);
    const open = add({ failOpen: true });
    expect(open.code).toBe(0);
    expect(open.json).toEqual(PREV);
    expect(open.stderr).toContain('failOpen');
  });

  it('HNS too old for L4WFPPROXY: refused before anything is changed', async () => {
    await sim.control({ op: 'version', Major: 12, Minor: 0 });
    faults.injected++;
    tally('faults');
    const r = add();
    expect(r.code).toBe(1);
    expect(r.json).toMatchObject({ code: 999, msg: expect.stringContaining('13.2') });
    expect(await proxyPolicies()).toEqual([]);
  });

  // A slow HNS: one HcnModifyEndpoint answered 30.5 s late, past the plugin's 30 s deadline, on a pod
  // with two endpoints. The late call goes through, the next is not started past the deadline, what the
  // ADD added is taken back, and the runtime hears "try again".
  it('a call answered past the deadline: "try again" (11), no L4WFPPROXY policy left on any of the pod\'s endpoints', async () => {
    expect(ENDPOINTS_A).toHaveLength(2);
    await sim.control({ op: 'fault', fn: 'HcnModifyEndpoint', delayMs: 30_500 });
    faults.injected++;
    tally('faults');
    const t0 = Date.now();
    const r = add({}, 60_000);
    expect(Date.now() - t0).toBeGreaterThan(30_000);
    expect(r.code).toBe(1);
    expect(r.json).toMatchObject({ code: 11, msg: expect.stringMatching(/no time left for the L4WFPPROXY policy on HNS endpoint .*deadline has passed/) });
    for (const id of ENDPOINTS_A) expect(await proxyPolicies(id)).toEqual([]);
    expect(await sim.control({ op: 'handles' })).toMatchObject({ handles: 0 });
  }, 90_000);

  it('after the faults clear, the same ADD succeeds', async () => {
    expect(add().code).toBe(0);
    expect(await proxyPolicies()).toHaveLength(1);
    console.log(`hardening: HNS faults: ${faults.injected} kinds injected, each answered with the right code, half-made policies 0`);
  });
});
