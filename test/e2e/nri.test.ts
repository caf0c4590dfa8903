// The NRI face on a real containerd — 1.7.24 or 2.1.9, whichever HCNPROXYCTL_E2E_RUNTIME selects (NRI
// enabled, conflist WITHOUT our CNI entry): the plugin (`hcnproxyctl nri`, the bundled executable) applies
// the rules before RunPodSandbox returns, skips pods without opt-in and host-network pods, fixes pods that
// existed before it started (Synchronize), reconnects after a containerd restart, and when it is gone, pods
// still start (NRI's semantics). A pod whose redirect cannot be applied (fail-closed) gets its sandbox —
// RunPodSandbox is answered with success, since containerd 2.1 leaks a sandbox whose RunPodSandbox a plugin
// fails — but none of its containers (the CreateContainer gate), and Stop+Remove leave nothing behind.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NamespaceMode, type CriClient } from '../../src/cri/index.js';
import { MAIN } from '../support/cli.js';
import {
  criFor,
  criReady,
  e2eSkipReason,
  selectedRuntime,
  netnsTables,
  gatewayListener,
  netnsListener,
  removePod,
  runApp,
  runPod,
  useContainerd,
  waitForLog,
  type Pod,
} from '../support/harness/index.js';
import { footprint, type Footprint } from '../support/harness/pods.js';
import { sleep } from '../support/harness/proc.js';

const runtime = selectedRuntime();
const skip = e2eSkipReason(`NRI plugin on ${runtime.name}`);
const OPT_IN = { 'hcnproxyctl.io/enabled': 'true' };

const tables = netnsTables;

describe.skipIf(skip)(`hcnproxyctl nri under ${runtime.name}`, () => {
  const suite = useContainerd({ chain: 'none', nriRequestTimeout: '2s' });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hcnproxyctl-nri-e2e-'));
  const config = path.join(tmp, 'nri.json');
  let cri: CriClient;
  let plugin: ChildProcess | undefined;
  let pluginLog = '';
  let before: Pod;
  const closers: (() => Promise<void>)[] = [];

  /** Starts the plugin and waits until it registered (its own log line). */
  async function startPlugin(): Promise<void> {
    pluginLog = '';
    const child = spawn(
      process.execPath,
      [MAIN, 'nri', '--socket', suite.cd.nriSocket, '--config', config, '--runtime-endpoint', suite.cd.endpoint, '--log-level', 'debug'],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    plugin = child;
    child.stderr!.on('data', (d: Buffer) => {
      pluginLog += d.toString();
    });
    await waitFor(() => /"msg":"synchronized"/.test(pluginLog), 15_000, 'the plugin to register and synchronize');
  }

  async function waitFor(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!cond()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; plugin log:\n${pluginLog}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  beforeAll(async () => {
    fs.writeFileSync(config, JSON.stringify({ policy: { inboundPort: 15006, outboundPort: 15001, proxyUid: 1337 } }));
    cri = await criFor(suite.cd);
    // A pod that exists before the plugin: nothing redirects it yet.
    before = await runPod(suite.cd, cri, { annotations: OPT_IN });
    expect(tables(before.netnsPath)).toBe('');
    await startPlugin();
  });

  afterAll(async () => {
    plugin?.kill('SIGKILL');
    for (const c of closers) await c();
    cri?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('fixes a pod that existed before the plugin started (Synchronize)', () => {
    expect(tables(before.netnsPath)).toBe('table inet hcnproxyctl');
  });

  it("applies the rules before RunPodSandbox returns; the app's first outbound connection is redirected", async () => {
    const pod = await runPod(suite.cd, cri, { annotations: OPT_IN });
    expect(tables(pod.netnsPath)).toBe('table inet hcnproxyctl');
    const upstream = await gatewayListener(suite.cd.gateway, 'upstream');
    const proxy = await netnsListener(pod.netnsPath, 15001, 'proxy');
    closers.push(upstream.close, proxy.close);
    const app = await runApp(cri, pod, ['connect', suite.cd.gateway, String(upstream.port)]);
    expect(await waitForLog(app, /^app: connect /)).toBe(`app: connect ${suite.cd.gateway}:${upstream.port} -> proxy`);
    expect(upstream.received).toEqual([]);
    await removePod(cri, pod);
  });

  it('leaves pods without opt-in and host-network pods untouched', async () => {
    const plain = await runPod(suite.cd, cri, { annotations: { app: 'plain' } });
    expect(tables(plain.netnsPath)).toBe('');
    const name = `hostnet-${process.pid}`;
    const hostPod = await cri.runPodSandbox({
      metadata: { name, uid: `${suite.cd.tag}-${name}`, namespace: 'e2e', attempt: 0 },
      hostname: '',
      annotations: OPT_IN,
      linux: {
        cgroupParent: suite.cd.cgroupParent,
        securityContext: { namespaceOptions: { network: NamespaceMode.NODE, pid: NamespaceMode.CONTAINER, ipc: NamespaceMode.POD } },
      },
    });
    expect(tables('/proc/self/ns/net')).not.toContain('hcnproxyctl'); // the host's own netns stays clean
    expect(pluginLog).toContain('host network: the pod has no network namespace');
    await removePod(cri, plain);
    await removePod(cri, hostPod);
  });

  it('a pod whose redirect cannot be applied (fail-closed) gets its sandbox but no container — init and app refused, naming pod, container and the bad key; Stop+Remove leave no container, shim, netns or sandbox; the plugin stays connected', async () => {
    const settle = async (want: Footprint): Promise<Footprint> => {
      // Shims and pause processes exit asynchronously after RemovePodSandbox: give them a moment.
      const deadline = Date.now() + 10_000;
      for (;;) {
        const f = await footprint(suite.cd, cri);
        if (JSON.stringify(f) === JSON.stringify(want) || Date.now() > deadline) return f;
        await sleep(50);
      }
    };
    const f0 = await footprint(suite.cd, cri);
    const pod = await runPod(suite.cd, cri, { annotations: { ...OPT_IN, 'hcnproxyctl.io/outbound-port': 'http' } });
    expect(pod.netnsPath).not.toBe('');
    expect(tables(pod.netnsPath)).toBe('');
    expect(pluginLog).toMatch(new RegExp(`"event":"RunPodSandbox","podID":"${pod.id}","outcome":"not applied: its containers are refused until it is"`));
    const f1 = await footprint(suite.cd, cri);
    // The sandbox is there and visible (the kubelet sees it, retries into it and deletes it).
    expect(f1.criSandboxes).toEqual([...f0.criSandboxes, pod.id].sort());
    expect(f1.containers).toEqual([...f0.containers, pod.id].sort());
    expect(f1.netns).toContain(pod.netnsPath);

    const refusal = (container: string) => new RegExp(`hcnproxyctl: pod e2e/${pod.name}: container ${container} not created: .*hcnproxyctl\\.io/outbound-port`);
    // The first container of a pod is often an init container: refused, and again on the kubelet's retry
    // (same name and attempt: the refusal left no name reservation behind).
    const errors: string[] = [];
    for (let i = 0; i < 2; i++) {
      const e = await runApp(cri, pod, [], 'init').then(
        () => undefined,
        (x: Error) => x,
      );
      expect(e?.message).toMatch(refusal('init'));
      errors.push(e!.message);
    }
    await expect(runApp(cri, pod, ['connect', suite.cd.gateway, '9'], 'app')).rejects.toThrow(refusal('app'));
    console.log(`${runtime.name}: a refused CreateContainer reaches the CRI client as: ${errors[0]}`);
    expect(await cri.listContainers({ podSandboxId: pod.id })).toEqual([]);
    const f2 = await footprint(suite.cd, cri);
    expect(f2).toEqual(f1); // no container, task, shim or process more than the sandbox's own
    expect((pluginLog.match(new RegExp(`"event":"CreateContainer","podID":"${pod.id}","outcome":"refused"`, 'g')) ?? []).length).toBe(3);

    // The kubelet's cleanup of a pod that cannot start: StopPodSandbox + RemovePodSandbox.
    await removePod(cri, pod);
    const f3 = await settle(f0);
    console.log(
      `${runtime.name}: fail-closed pod: shims ${f0.shims.length} before, ${f1.shims.length} with its sandbox, ${f3.shims.length} after Stop+Remove; ` +
        `ctr containers ${f0.containers.length} / ${f1.containers.length} / ${f3.containers.length}; ` +
        `ctr sandboxes ${f0.sandboxes.length} / ${f1.sandboxes.length} / ${f3.sandboxes.length}; ` +
        `netns ${f0.netns.length} / ${f1.netns.length} / ${f3.netns.length}; pod processes ${f0.podProcesses.length} / ${f1.podProcesses.length} / ${f3.podProcesses.length}`,
    );
    expect(f3).toEqual(f0);
    expect(f1.shims.length).toBeGreaterThan(f0.shims.length);

    const next = await runPod(suite.cd, cri, { annotations: OPT_IN });
    expect(tables(next.netnsPath)).toBe('table inet hcnproxyctl');
    await removePod(cri, next);
  });

  it('reconnects after containerd restarts, resynchronizes, and handles the next pod', async () => {
    const registrations = () => (pluginLog.match(/"msg":"registered"/g) ?? []).length;
    const seen = registrations();
    await suite.cd.restart();
    await waitFor(() => registrations() > seen, 20_000, 'the plugin to register again');
    await criReady(cri);
    const pod = await runPod(suite.cd, cri, { annotations: OPT_IN });
    expect(tables(pod.netnsPath)).toBe('table inet hcnproxyctl');
    await removePod(cri, pod);
  });

  it("when the plugin is killed, pods still start — without rules (containerd's NRI semantics)", async () => {
    const exited = new Promise((r) => plugin!.once('exit', r));
    plugin!.kill('SIGKILL');
    await exited;
    const t0 = Date.now();
    const pod = await runPod(suite.cd, cri, { annotations: OPT_IN });
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(tables(pod.netnsPath)).toBe('');
    // Started again, the plugin catches up with that pod through Synchronize.
    await startPlugin();
    expect(tables(pod.netnsPath)).toBe('table inet hcnproxyctl');
    await removePod(cri, pod);
    await removePod(cri, before);
  });
});

describe.skipIf(skip)(`hcnproxyctl nri, pre-installed (started by ${runtime.name} with NRI_PLUGIN_SOCKET=3)`, () => {
  const suite = useContainerd({
    chain: 'none',
    nriPreinstalled: { name: '10-hcnproxyctl', config: JSON.stringify({ policy: { outboundPort: 15001, proxyUid: 1337 } }) },
  });
  let cri: CriClient;
  const log = () => {
    const file = path.join(suite.cd.run, 'nri-10-hcnproxyctl.log');
    return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  };

  beforeAll(async () => {
    cri = await criFor(suite.cd);
  });
  afterAll(() => cri?.close());

  it('runs over the inherited descriptor, takes its settings from the .conf file, and redirects opted-in pods', async () => {
    const pod = await runPod(suite.cd, cri, { annotations: OPT_IN });
    expect(tables(pod.netnsPath)).toBe('table inet hcnproxyctl');
    const rules = spawnSync('nsenter', [`--net=${pod.netnsPath}`, '--', 'nft', 'list', 'table', 'inet', 'hcnproxyctl'], { encoding: 'utf8' }).stdout;
    expect(rules).toContain('redirect to :15001');
    expect(rules).not.toContain('15006'); // the .conf sets no inbound port
    expect(log()).toContain('"msg":"registered","plugin":"10-hcnproxyctl","face":"nri","fd":3');
    await removePod(cri, pod);
  });

  it('exits when containerd goes away, and containerd starts a fresh one', async () => {
    await suite.cd.restart();
    await criReady(cri);
    const pod = await runPod(suite.cd, cri, { annotations: OPT_IN });
    expect(tables(pod.netnsPath)).toBe('table inet hcnproxyctl');
    expect(log()).toContain('"msg":"connection to the runtime closed"');
    expect((log().match(/"msg":"registered"/g) ?? []).length).toBe(2);
    await removePod(cri, pod);
  });
});
