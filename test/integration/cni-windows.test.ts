// The CNI face on the Windows path: CNI_NETNS is an HNS namespace GUID (containerd on Windows), the
// chained plugin finds the pod's endpoints and puts the L4WFPPROXY policy on them — through koffi into
// the HCN double and the HNS simulator. prevResult has the shapes sdnbridge and win-bridge produce.
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildPolicy } from '../../src/policy/index.js';
import { renderL4WfpProxy } from '../../src/hns/model.js';
import { execPlugin, makeOurBinDir, type CniCall } from '../support/cni.js';
import { sampleSeed, startHnsSim } from '../support/hns-sim.js';

type Sim = Awaited<ReturnType<typeof startHnsSim>>;

const seed = sampleSeed();
const NS_A = seed.Endpoints[0]!.HostComputeNamespace as string;
const EP_A1 = seed.Endpoints[0]!.ID;
const EP_A2 = seed.Endpoints[1]!.ID;
const EP_B = seed.Endpoints[2]!.ID;
const CONTAINER_A = String(seed.Endpoints[0]!.Name).split('_')[0]!;
const CONTAINER_B = String(seed.Endpoints[2]!.Name).split('_')[0]!;
const CAP = 'io.kubernetes.cri.pod-annotations';
const SID = 'S-1-5-32-556';

/** sdnbridge's result: interface named CNI_IFNAME, ips with interface 0 (microsoft/windows-container-networking cni/cni.go). */
const sdnbridgeResult = {
  cniVersion: '1.0.0',
  interfaces: [{ name: 'eth0', mac: '00-15-5D-01-02-07' }],
  ips: [{ address: '10.244.1.7/24', gateway: '10.244.1.1', interface: 0 }],
  dns: {},
};
/** win-bridge's result: interface named after the endpoint, ips without interface (microsoft/windows-container-networking's win-bridge). */
const winBridgeResult = (endpointName: string) => ({
  cniVersion: '1.0.0',
  interfaces: [{ name: endpointName, mac: '00-15-5d-01-02-09' }],
  ips: [{ address: '10.244.1.9/24', gateway: '10.244.1.1' }],
  dns: {},
});

const netconf = (prevResult: unknown, annotations: Record<string, string>, cniVersion = '1.0.0') => ({
  cniVersion,
  name: 'cbr0',
  type: 'hcnproxyctl',
  capabilities: { [CAP]: true },
  policy: { proxySid: SID },
  ...(prevResult ? { prevResult } : {}),
  runtimeConfig: { [CAP]: annotations },
});

const istioPod = { 'sidecar.istio.io/status': '{"containers":["istio-proxy"]}' };
const expectedIstio = renderL4WfpProxy(
  buildPolicy({ inboundPort: 15006, outboundPort: 15001, proxySid: SID, inboundExcludePorts: '15020,15021,15090', outboundExcludePorts: '15020' }),
);

let sim: Sim;
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

function cni(command: CniCall['command'], netns: string, containerId: string, conf: unknown) {
  return execPlugin(
    path.join(bin.dir, 'hcnproxyctl'),
    { command, containerId, netns, ifname: 'eth0', path: bin.dir, env: sim.env },
    conf as Record<string, unknown>,
  );
}

async function proxyPolicies(id: string): Promise<unknown[]> {
  const state = (await sim.dump()) as { Endpoints: { ID: string; Policies?: { Type: string }[] }[] };
  return (state.Endpoints.find((e) => e.ID === id)?.Policies ?? []).filter((p) => p.Type === 'L4WFPPROXY');
}

describe('CNI on the Windows path (GUID CNI_NETNS, HNS double)', () => {
  it('ADD puts exactly the expected L4WFPPROXY policy on every endpoint of the namespace', async () => {
    const add = cni('ADD', NS_A, CONTAINER_A, netconf(sdnbridgeResult, istioPod));
    expect(add.stderr).not.toContain('"level":"error"');
    expect(add.code).toBe(0);
    expect(add.json).toEqual(sdnbridgeResult);
    expect(await proxyPolicies(EP_A1)).toEqual([expectedIstio]);
    expect(await proxyPolicies(EP_A2)).toEqual([expectedIstio]);
    expect(await proxyPolicies(EP_B)).toEqual([]);
    // a second ADD converges: nothing changes
    expect(cni('ADD', NS_A, CONTAINER_A, netconf(sdnbridgeResult, istioPod)).code).toBe(0);
    expect(await proxyPolicies(EP_A1)).toEqual([expectedIstio]);
  });

  it('CHECK passes, then fails when the policy is removed or differs', async () => {
    expect(cni('ADD', NS_A, CONTAINER_A, netconf(sdnbridgeResult, istioPod)).code).toBe(0);
    expect(cni('CHECK', NS_A, CONTAINER_A, netconf(sdnbridgeResult, istioPod))).toMatchObject({ code: 0, stdout: '' });
    const differs = cni(
      'CHECK',
      NS_A,
      CONTAINER_A,
      netconf(sdnbridgeResult, { ...istioPod, 'hcnproxyctl.io/enabled': 'true', 'hcnproxyctl.io/outbound-port': '15009' }),
    );
    expect(differs.code).toBe(1);
    await sim.control({ op: 'reset', state: seed });
    const missing = cni('CHECK', NS_A, CONTAINER_A, netconf(sdnbridgeResult, istioPod));
    expect(missing.code).toBe(1);
    expect(missing.json).toMatchObject({ cniVersion: '1.0.0', code: 100, msg: 'pod redirect is missing' });
  });

  it('DEL removes only the L4WFPPROXY policies; DEL again, with no netns or an unknown one, succeeds', async () => {
    expect(cni('ADD', NS_A, CONTAINER_A, netconf(sdnbridgeResult, istioPod)).code).toBe(0);
    const del = cni('DEL', NS_A, CONTAINER_A, netconf(sdnbridgeResult, istioPod));
    expect(del).toMatchObject({ code: 0, stdout: '' });
    expect(await proxyPolicies(EP_A1)).toEqual([]);
    const state = (await sim.dump()) as { Endpoints: { ID: string; Policies: unknown[] }[] };
    expect(state.Endpoints.find((e) => e.ID === EP_A1)!.Policies).toEqual(seed.Endpoints[0]!.Policies); // OutBoundNAT kept
    expect(cni('DEL', NS_A, CONTAINER_A, netconf(undefined, istioPod)).code).toBe(0);
    expect(cni('DEL', '', CONTAINER_A, netconf(undefined, istioPod)).code).toBe(0);
    expect(cni('DEL', '01234567-89ab-cdef-0123-456789abcdef', 'gone', netconf(undefined, istioPod)).code).toBe(0);
  });

  it('finds the endpoint by the interface name of a win-bridge result, then by <containerID>_<network>', async () => {
    const unknownNs = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
    const byIfName = cni('ADD', unknownNs, 'whatever', netconf(winBridgeResult(String(seed.Endpoints[2]!.Name)), istioPod));
    expect(byIfName.code).toBe(0);
    expect(await proxyPolicies(EP_B)).toEqual([expectedIstio]);
    await sim.control({ op: 'reset', state: seed });
    const byConvention = cni('ADD', unknownNs, CONTAINER_B, netconf(sdnbridgeResult, istioPod));
    expect(byConvention.code).toBe(0);
    expect(await proxyPolicies(EP_B)).toEqual([expectedIstio]);
  });

  it('a pod without an opt-in is untouched and costs no HNS call', async () => {
    const add = cni('ADD', NS_A, CONTAINER_A, netconf(sdnbridgeResult, { app: 'web' }));
    expect(add.code).toBe(0);
    expect(add.json).toEqual(sdnbridgeResult);
    const counts = (await sim.control({ op: 'counts' })) as { counts: Record<string, number> };
    expect(counts.counts).toEqual({});
  });

  it('refuses what HNS cannot do, naming it (IPv6 exclusion)', async () => {
    const add = cni('ADD', NS_A, CONTAINER_A, netconf(sdnbridgeResult, { 'hcnproxyctl.io/enabled': 'true', 'hcnproxyctl.io/outbound-port': '15001' }, '1.0.0'));
    expect(add.code).toBe(0);
    const v6 = cni('ADD', NS_A, CONTAINER_A, {
      ...netconf(sdnbridgeResult, { 'hcnproxyctl.io/enabled': 'true' }),
      policy: { proxySid: SID, outboundPort: 15001, outboundExcludeIps: 'fd00::/8' },
    });
    expect(v6.code).toBe(1);
    expect(v6.json).toMatchObject({ code: 7, msg: expect.stringContaining('fd00::/8 is IPv6: HNS L4WFPPROXY redirects TCP over IPv4 only') });
  });

  it('STATUS reports code 50 when HNS is too old for L4WFPPROXY', async () => {
    const status = (netns: string) =>
      execPlugin(
        path.join(bin.dir, 'hcnproxyctl'),
        { command: 'STATUS', path: bin.dir, env: sim.env, ...(netns ? { netns } : {}) },
        { cniVersion: '1.1.0', name: 'cbr0', type: 'hcnproxyctl', backend: 'hns' },
      );
    expect(status('').code).toBe(0);
    await sim.control({ op: 'version', Major: 13, Minor: 1 });
    const old = status('');
    expect(old.code).toBe(1);
    expect(old.json).toMatchObject({ cniVersion: '1.1.0', code: 50, msg: expect.stringContaining('HNS 13.1 does not support L4WFPPROXY') });
  });
});
