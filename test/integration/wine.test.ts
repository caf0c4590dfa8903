// The Windows executable under Wine: dist/hcnproxyctl.exe (Node 22 single executable, koffi's win32
// module from its asset) → koffi → computenetwork.dll (the mingw-w64 build of the HCN double) → the HNS
// simulator on 127.0.0.1 (Wine has no Unix sockets). The same checks as hns-cli / cni-windows on Linux,
// with process.platform === 'win32', ole32's CoTaskMemFree and Windows DLL search. Outside CI, until the
// executable exists, the pinned Windows node.exe runs the staged dist/main.cjs instead (test/support/wine/wine.ts).
// Each Wine start costs ≈0.5–0.9 s even with the persistent wineserver: keep the number of runs small.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPolicy } from '../../src/policy/index.js';
import { renderL4WfpProxy } from '../../src/hns/model.js';
import { expectGolden } from '../support/golden.js';
import { sampleSeed, startHnsSim } from '../support/hns-sim.js';
import { README_FLAGS, README_INPUT, README_SID } from '../fixtures/readme-example.js';
import {
  buildWindowsDouble,
  prepareWinePrefix,
  ROOT,
  runTimes,
  startWineserver,
  stopWineserver,
  toWindowsPath,
  WINE_CACHE,
  WINE_PREFIX,
  winePids,
  windowsProgram,
  wineSkipReason,
  type RunWindowsOptions,
  type WindowsProgram,
} from '../support/wine/wine.js';

type Sim = Awaited<ReturnType<typeof startHnsSim>>;

const skip = wineSkipReason('test/integration/wine.test.ts (the Windows executable under Wine)');

const seed = sampleSeed();
const EP = seed.Endpoints[0]!.ID; // namespace A, carries an OutBoundNAT policy
const EP_A2 = seed.Endpoints[1]!.ID; // namespace A
const EP_B = seed.Endpoints[2]!.ID; // namespace B
const NS_A = seed.Endpoints[0]!.HostComputeNamespace as string;
const CONTAINER_A = String(seed.Endpoints[0]!.Name).split('_')[0]!;
const SID = README_SID;
const expectedReadme = renderL4WfpProxy(buildPolicy(README_INPUT));

const CAP = 'io.kubernetes.cri.pod-annotations';
/** sdnbridge's result: interface named CNI_IFNAME, ips with interface 0 (microsoft/windows-container-networking cni/cni.go). */
const sdnbridgeResult = {
  cniVersion: '1.0.0',
  interfaces: [{ name: 'eth0', mac: '00-15-5D-01-02-07' }],
  ips: [{ address: '10.244.1.7/24', gateway: '10.244.1.1', interface: 0 }],
  dns: {},
};
const istioPod = { 'sidecar.istio.io/status': '{"containers":["istio-proxy"]}' };
const netconf = {
  cniVersion: '1.0.0',
  name: 'cbr0',
  type: 'hcnproxyctl',
  capabilities: { [CAP]: true },
  policy: { proxySid: SID },
  prevResult: sdnbridgeResult,
  runtimeConfig: { [CAP]: istioPod },
};
const expectedIstio = renderL4WfpProxy(
  buildPolicy({ inboundPort: 15006, outboundPort: 15001, proxySid: SID, inboundExcludePorts: '15020,15021,15090', outboundExcludePorts: '15020' }),
);

let sim: Sim;
let runDir: string;
/** The program with computenetwork.dll beside it (found by its bare default name). */
let prog: WindowsProgram;
/** The same program alone in another folder: the DLL only through an explicit Z:\… path. */
let bare: WindowsProgram;
let cacheDir: string;
let prefixInfo: ReturnType<typeof prepareWinePrefix>;

/** What every run gets: the simulator's address and the koffi extraction folder (both as the Windows process sees them). */
const baseEnv = (): Record<string, string> => ({ HCNPROXYCTL_HNS_SIM: sim.addr, HCNPROXYCTL_CACHE_DIR: toWindowsPath(cacheDir) });
const win = (args: string[], opts: RunWindowsOptions = {}) => prog.run(args, { ...opts, env: { ...baseEnv(), ...opts.env } });

async function policiesOf(id: string): Promise<{ Type: string }[]> {
  const state = (await sim.dump()) as { Endpoints: { ID: string; Policies?: { Type: string }[] }[] };
  return state.Endpoints.find((e) => e.ID.toLowerCase() === id.toLowerCase())?.Policies ?? [];
}
const proxyPolicies = async (id: string) => (await policiesOf(id)).filter((p) => p.Type === 'L4WFPPROXY');
async function modifyCount(): Promise<number> {
  return ((await sim.control({ op: 'counts' })) as { counts: Record<string, number> }).counts.HcnModifyEndpoint ?? 0;
}
/** koffi.node files the single executable extracted into HCNPROXYCTL_CACHE_DIR. */
function extractedKoffi(): string[] {
  if (!fs.existsSync(cacheDir)) return [];
  return (fs.readdirSync(cacheDir, { recursive: true }) as string[]).filter((f) => path.basename(f) === 'koffi.node');
}

function cni(command: 'ADD' | 'CHECK' | 'DEL', conf: unknown) {
  return win([], {
    env: { CNI_COMMAND: command, CNI_CONTAINERID: CONTAINER_A, CNI_NETNS: NS_A, CNI_IFNAME: 'eth0', CNI_PATH: toWindowsPath(prog.dir) },
    input: JSON.stringify(conf),
  });
}

describe.skipIf(skip !== null)('the Windows executable under Wine (HCN double DLL, HNS simulator over TCP)', () => {
  beforeAll(async () => {
    const dll = buildWindowsDouble();
    prefixInfo = prepareWinePrefix();
    startWineserver();
    runDir = fs.mkdtempSync(path.join(WINE_CACHE, 'run-'));
    cacheDir = path.join(runDir, 'cache');
    prog = windowsProgram(path.join(runDir, 'bin'));
    // Found by their default names beside the executable, as the system DLLs are on Windows: the HCN
    // API, and vmcompute.dll for HNSCall (the HNS version check); the double exports both.
    fs.copyFileSync(dll, path.join(prog.dir, 'computenetwork.dll'));
    fs.copyFileSync(dll, path.join(prog.dir, 'vmcompute.dll'));
    bare = windowsProgram(path.join(runDir, 'bare'));
    sim = await startHnsSim(seed, { tcp: true });
    console.log(`wine suite: ${prog.describe}; prefix ${prefixInfo.created ? `created in ${(prefixInfo.ms / 1000).toFixed(1)} s` : 'reused'}`);
  }, 300_000);

  afterAll(async () => {
    await sim?.stop();
    try {
      await stopWineserver(WINE_PREFIX); // throws when a process of this prefix is left behind (also when beforeAll failed half-way)
    } finally {
      if (runDir) fs.rmSync(runDir, { recursive: true, force: true });
      if (runTimes.length > 0) {
        const sorted = [...runTimes].sort((a, b) => a - b);
        console.log(
          `wine suite: ${runTimes.length} runs, median ${Math.round(sorted[Math.floor(sorted.length / 2)]!)} ms, max ${Math.round(sorted.at(-1)!)} ms`,
        );
      }
    }
    expect(winePids(WINE_PREFIX)).toEqual([]);
  }, 60_000);

  it('version: win32-x64 on Node v22.23.3, without loading koffi', () => {
    const v = win(['version']);
    expect(v.stderr).toBe('');
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/^hcnproxyctl \d+\.\d+\.\d+ \(commit (?:[0-9a-f]{12}|unknown), node v22\.23\.3, win32-x64\)\n$/);
    if (prog.kind === 'sea') expect(extractedKoffi()).toEqual([]);
  });

  it('add with the README flags: exactly the expected L4WFPPROXY policy, DLL found beside the executable', async () => {
    await sim.control({ op: 'version', Major: 15, Minor: 1 }); // past 13.2: no warning about exception support
    const add = win(['add', EP, ...README_FLAGS]);
    expect(add.stderr).toBe('');
    expect(add).toMatchObject({ code: 0, stdout: 'Successfully added the policy\n' });
    const policies = await policiesOf(EP);
    expect(policies).toEqual([seed.Endpoints[0]!.Policies![0], expectedReadme]);
    expectGolden('hns/readme-example.policy.json', `${JSON.stringify(policies[1])}\n`);
    // the single executable extracted koffi's native module from its asset into HCNPROXYCTL_CACHE_DIR
    if (prog.kind === 'sea') expect(extractedKoffi()).toHaveLength(1);
  });

  it.skipIf(process.env.HCNPROXYCTL_WINE_PROGRAM === 'node')(
    'a koffi.node planted in the cache folder (same size, other bytes) is replaced with the embedded one before anything loads it',
    () => {
      if (prog.kind !== 'sea') return;
      const file = path.join(cacheDir, extractedKoffi()[0]!);
      const good = fs.readFileSync(file);
      const planted = Buffer.from(good);
      planted[planted.length >> 1]! ^= 0xff; // a module that would still load: only its content tells
      fs.writeFileSync(file, planted);
      const list = win(['list', EP, '-o', 'json']);
      expect(list.stderr).toBe('');
      expect(list.code).toBe(0);
      expect(fs.readFileSync(file).equals(good)).toBe(true);
    },
  );

  it('list: text and -o json', async () => {
    const list = win(['list', EP]);
    expect(list.stderr).toBe('');
    expect(list.code).toBe(0);
    expectGolden('cli/list-readme-example.txt', list.stdout.replaceAll(EP, '<endpoint>'));
    const json = win(['list', EP, '-o', 'json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ endpoint: EP, policies: [expectedReadme] });
  });

  it('re-adding the identical policy is a no-op (no modify request)', async () => {
    const before = await modifyCount();
    const again = win(['add', EP, ...README_FLAGS, '-o', 'json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ endpoint: EP, result: 'unchanged' });
    expect(await modifyCount()).toBe(before);
    expect(await proxyPolicies(EP)).toEqual([expectedReadme]);
  });

  it('the DLL by an explicit Z:\\… path (HCNPROXYCTL_HCN_DLL) when none is beside the executable', () => {
    const none = bare.run(['list', EP], { env: baseEnv() });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('cannot load the HCN library computenetwork.dll');
    const dll = toWindowsPath(path.join(ROOT, 'dist', 'hcn-double', 'computenetwork.dll'));
    const explicit = bare.run(['list', EP, '-o', 'json'], { env: { ...baseEnv(), HCNPROXYCTL_HCN_DLL: dll } });
    expect(explicit.stderr).toBe('');
    expect(explicit.code).toBe(0);
    expect(JSON.parse(explicit.stdout)).toEqual({ endpoint: EP, policies: [expectedReadme] });
  });

  it('clear removes the L4WFPPROXY policy and keeps the other types; every handle closed', async () => {
    const clear = win(['clear', EP]);
    expect(clear).toMatchObject({ code: 0, stdout: 'Removed 1 policies\n', stderr: '' });
    expect(await policiesOf(EP)).toEqual(seed.Endpoints[0]!.Policies);
    expect(await sim.control({ op: 'handles' })).toMatchObject({ handles: 0 });
  });

  it('bad input (port 90001): exit 2, one line, HNS untouched', async () => {
    const before = await modifyCount();
    const r = win(['add', EP, '--port', '9191', '--exclude-ports', '90001']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('--exclude-ports: excluded port "90001" is out of range: ports are 1-65535');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(await modifyCount()).toBe(before);
  });

  it('CNI ADD / CHECK / DEL with CNI_NETNS = the namespace GUID', async () => {
    await sim.control({ op: 'reset', state: seed });
    const add = cni('ADD', netconf);
    expect(add.stderr).not.toContain('"level":"error"');
    expect(add.code).toBe(0);
    expect(add.stdout).toBe(`${JSON.stringify(sdnbridgeResult)}\n`); // exactly prevResult, nothing else
    expect(await proxyPolicies(EP)).toEqual([expectedIstio]);
    expect(await proxyPolicies(EP_A2)).toEqual([expectedIstio]);
    expect(await proxyPolicies(EP_B)).toEqual([]);

    expect(cni('CHECK', netconf)).toMatchObject({ code: 0, stdout: '' });

    const del = cni('DEL', netconf);
    expect(del).toMatchObject({ code: 0, stdout: '' });
    expect(await proxyPolicies(EP)).toEqual([]);
    expect(await proxyPolicies(EP_A2)).toEqual([]);
    expect(await policiesOf(EP)).toEqual(seed.Endpoints[0]!.Policies); // OutBoundNAT kept
    expect(await sim.control({ op: 'handles' })).toMatchObject({ handles: 0 });
  });

  it('lookup dials the named pipe of every endpoint form kubelet accepts, as \\\\.\\pipe\\<name>', () => {
    for (const endpoint of ['npipe://./pipe/hpt-no-such-pipe', 'npipe:////./pipe/hpt-no-such-pipe', 'npipe:\\\\.\\pipe\\hpt-no-such-pipe']) {
      const r = win(['lookup', '0123456789ab', '--runtime-endpoint', endpoint, '--timeout', '5000']);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('(\\\\.\\pipe\\hpt-no-such-pipe)');
    }
  });

  it('nri: containerd has no NRI on Windows', () => {
    const r = win(['nri']);
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('containerd has no NRI on Windows');
  });
});
