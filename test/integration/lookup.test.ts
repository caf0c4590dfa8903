// `lookup` against a CRI runtime on a socket (a fake one here: Windows pods cannot exist on this
// machine; the real-containerd suite covers Linux pods), with the Windows path going through koffi into
// the HCN double and the HNS simulator.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getEndpointFromContainer } from '../../src/lookup/index.js';
import { runCliAsync } from '../support/cli.js';
import { startFakeCri, type FakeCriState } from '../support/fakes/cri.js';
import { sampleSeed, startHnsSim } from '../support/hns-sim.js';

const seed = sampleSeed();
const NS_A = seed.Endpoints[0]!.HostComputeNamespace as string;
const EPS_A = seed.Endpoints.filter((e) => e.HostComputeNamespace === NS_A).map((e) => e.ID);
const WIN_CTR = 'c0ffee01' + 'a'.repeat(56);
const WIN_POD = 'deadbeef' + 'b'.repeat(56);
const LINUX_CTR = 'c0ffee02' + 'c'.repeat(56);
const LINUX_POD = 'feedface' + 'd'.repeat(56);

function windowsPod(state: FakeCriState): void {
  state.containers.push({
    list: { id: WIN_CTR, podSandboxId: WIN_POD, metadata: { name: 'app', attempt: 0 } },
    status: {
      status: { id: WIN_CTR, metadata: { name: 'app' } },
      info: { info: JSON.stringify({ sandboxID: WIN_POD, runtimeSpec: { windows: { network: { networkNamespace: NS_A } } } }) },
    },
  });
  state.pods.push({
    list: { id: WIN_POD, metadata: { name: 'win', namespace: 'default' } },
    status: {
      status: { id: WIN_POD, metadata: { name: 'win', namespace: 'default' }, network: { ip: '10.244.1.7' } },
      info: { info: JSON.stringify({ runtimeSpec: { windows: { network: { networkNamespace: NS_A } } } }) },
    },
  });
}

function linuxPod(state: FakeCriState): void {
  state.containers.push({
    list: { id: LINUX_CTR, podSandboxId: LINUX_POD },
    status: {
      status: { id: LINUX_CTR },
      info: { info: JSON.stringify({ sandboxID: LINUX_POD, runtimeSpec: { linux: { namespaces: [{ type: 'network', path: '/proc/1/ns/net' }] } } }) },
    },
  });
  state.pods.push({
    list: { id: LINUX_POD },
    status: {
      status: { id: LINUX_POD, metadata: { name: 'web', namespace: 'shop' }, network: { ip: '10.88.1.2', additionalIps: [{ ip: 'fd00::2' }] } },
      info: { info: JSON.stringify({ runtimeSpec: { linux: { namespaces: [{ type: 'pid' }, { type: 'network', path: '/nonexistent/netns/cni-1234' }] } } }) },
    },
  });
}

let cri: Awaited<ReturnType<typeof startFakeCri>>;
let sim: Awaited<ReturnType<typeof startHnsSim>>;

beforeAll(async () => {
  cri = await startFakeCri();
  sim = await startHnsSim(seed);
});
afterAll(async () => {
  await cri?.stop();
  await sim?.stop();
});
beforeEach(() => {
  cri.state.containers = [];
  cri.state.pods = [];
  cri.state.calls = [];
  cri.state.prefixes = true;
  windowsPod(cri.state);
  linuxPod(cri.state);
});

const lookup = (...args: string[]) => runCliAsync(['lookup', ...args, '--runtime-endpoint', cri.endpoint], sim.env);

describe('lookup', () => {
  it("Windows: prints the HNS endpoint IDs of the container's namespace, comma-separated, with two CRI calls", async () => {
    const r = await lookup(WIN_CTR);
    expect(r.stderr).toBe('');
    expect(r).toMatchObject({ code: 0, stdout: `${EPS_A.join(',')}\n` });
    expect(cri.state.calls).toEqual(['containerStatus', 'podSandboxStatus']);
  });

  it('accepts a pod sandbox ID, an unambiguous prefix, and the original --runtimeendpoint flag', async () => {
    expect((await lookup(WIN_POD)).stdout).toBe(`${EPS_A.join(',')}\n`);
    expect((await lookup(WIN_CTR.slice(0, 8))).stdout).toBe(`${EPS_A.join(',')}\n`);
    cri.state.prefixes = false; // a runtime that does not resolve prefixes: we do
    expect((await lookup(WIN_CTR.slice(0, 8))).stdout).toBe(`${EPS_A.join(',')}\n`);
    const legacy = await runCliAsync(['lookup', WIN_CTR, '--runtimeendpoint', cri.endpoint], sim.env);
    expect(legacy.stdout).toBe(`${EPS_A.join(',')}\n`);
  });

  it('JSON output', async () => {
    const r = await lookup(WIN_CTR, '-o', 'json');
    expect(JSON.parse(r.stdout)).toMatchObject({
      kind: 'container',
      containerId: WIN_CTR,
      podSandboxId: WIN_POD,
      hnsNamespace: NS_A,
      endpointIds: EPS_A,
      podIps: ['10.244.1.7'],
    });
  });

  it("Linux: the pod's netns (from the sandbox, not the container's /proc path), IPs and redirect state", async () => {
    const r = await lookup(LINUX_CTR);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`container:   ${LINUX_CTR}\n`);
    expect(r.stdout).toContain(`pod sandbox: ${LINUX_POD}\n`);
    expect(r.stdout).toContain('pod:         shop/web\n');
    expect(r.stdout).toContain('network:     /nonexistent/netns/cni-1234\n');
    expect(r.stdout).toContain('pod IPs:     10.88.1.2, fd00::2\n');
    expect(r.stdout).toContain('redirect:    unknown (network namespace /nonexistent/netns/cni-1234 does not exist)\n');
  });

  it('says what is wrong: unknown ID, ambiguous prefix, unreachable runtime, not an ID', async () => {
    expect(await lookup('0123456789')).toMatchObject({ code: 1, stderr: 'hcnproxyctl: could not find a container or pod sandbox with ID 0123456789\n' });
    cri.state.prefixes = false;
    const amb = await lookup('c0ffee0');
    expect(amb.code).toBe(1);
    expect(amb.stderr).toContain('ID prefix c0ffee0 is ambiguous: container c0ffee01aaaaa, container c0ffee02ccccc');
    const down = await runCliAsync(['lookup', WIN_CTR, '--runtime-endpoint', 'unix:///nonexistent/cri.sock', '--timeout', '2000']);
    expect(down.code).toBe(1);
    expect(down.stderr).toContain('cannot reach the container runtime at unix:///nonexistent/cri.sock');
    expect(await lookup('../etc')).toMatchObject({ code: 2 });
  });

  it('the library call of the original tool', async () => {
    Object.assign(process.env, sim.env);
    await expect(getEndpointFromContainer(WIN_CTR, cri.endpoint)).resolves.toBe(EPS_A.join(','));
    await expect(getEndpointFromContainer(LINUX_CTR, cri.endpoint)).rejects.toThrow('has no HNS network namespace');
  });
});
