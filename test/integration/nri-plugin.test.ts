// `hcnproxyctl nri` (the bundled executable, a separate process) against an NRI runtime speaking the
// real protocol (our ttrpc + mux playing containerd's part), applying real nftables rules in network
// namespaces this suite creates. The real-containerd suite (test/e2e) proves the same with containerd.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConfigureRequest,
  ConfigureResponse,
  CreateContainerRequest,
  CreateContainerResponse,
  Event,
  RunPodSandboxRequest,
  StateChangeEvent,
  SynchronizeRequest,
  SynchronizeResponse,
  type PodSandbox,
} from '../../src/gen/nri/api.js';
import { TtrpcError } from '../../src/ttrpc/index.js';
import { MAIN } from '../support/cli.js';
import { startFakeNriRuntime, type PluginSession } from '../support/fakes/nri-runtime.js';
import { netLab, skipUnlessNetAdmin, type Netns } from '../support/netns.js';

const skip = skipUnlessNetAdmin('NRI plugin protocol suite (applies nftables rules in network namespaces)');
const OPT_IN = { 'hcnproxyctl.io/enabled': 'true' };

describe.skipIf(skip)('hcnproxyctl nri against an NRI runtime', () => {
  const lab = skip ? undefined! : netLab();
  let runtime: Awaited<ReturnType<typeof startFakeNriRuntime>>;
  let plugin: ChildProcess;
  let stderr = '';
  let session: PluginSession;
  let existing: Netns;
  let fresh: Netns;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hcnproxyctl-nri-conf-'));
  const config = path.join(tmp, 'nri.json');

  const pod = (id: string, ns: Netns | undefined, annotations: Record<string, string> = OPT_IN): PodSandbox => ({
    id,
    name: id,
    namespace: 'test',
    uid: `u-${id}`,
    annotations,
    linux: { namespaces: [{ type: 'pid' }, ...(ns ? [{ type: 'network', path: ns.path }] : [])] },
  });
  const tables = async (ns: Netns) => (await lab.exec(ns, ['nft', 'list', 'tables'])).stdout.trim();
  const stateChange = (event: Event, p: PodSandbox) => session.call('StateChange', StateChangeEvent.encode({ event, pod: p }).finish());

  beforeAll(async () => {
    existing = await lab.addNetns('old');
    fresh = await lab.addNetns('new');
    fs.writeFileSync(config, JSON.stringify({ policy: { inboundPort: 15006, outboundPort: 15001, proxyUid: 1337 } }));
    runtime = await startFakeNriRuntime();
    const registered = runtime.nextSession();
    plugin = spawn(process.execPath, [MAIN, 'nri', '--socket', runtime.socketPath, '--config', config, '--index', '42', '--log-level', 'debug'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    plugin.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    session = await registered;
  });

  afterAll(async () => {
    plugin?.kill('SIGKILL');
    await runtime?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('registers under its name and index', () => {
    expect([session.name, session.index]).toEqual(['hcnproxyctl', '42']);
    // The backend was loaded before connecting (the line is there by the time it registers): no pod
    // pays for loading koffi and libnftables.
    expect(stderr).toMatch(/"msg":"backend ready".*"detail":"libnftables [\d.]+ \(in-process\)"/);
  });

  it('answers Configure with the mask of its handlers (pod events and CreateContainer: 0xF), well inside the timeout', async () => {
    const t0 = Date.now();
    const res = ConfigureResponse.decode(
      await session.call('Configure', ConfigureRequest.encode({ runtimeName: 'containerd', runtimeVersion: '1.7.24~ds1' }).finish()),
    );
    expect(res.events).toBe(0xf);
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('Synchronize fixes pods that existed before the plugin, and answers within the timeout', async () => {
    const t0 = Date.now();
    const res = await session.call('Synchronize', SynchronizeRequest.encode({ pods: [pod('old', existing), pod('hostnet', undefined)] }).finish());
    expect(SynchronizeResponse.decode(res)).toEqual({ update: [], more: false });
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(await tables(existing)).toBe('table inet hcnproxyctl');
  });

  it('answers a split-Synchronize chunk with more=true and no updates', async () => {
    const res = await session.call('Synchronize', SynchronizeRequest.encode({ pods: [], more: true }).finish());
    expect(Buffer.from(res).toString('hex')).toBe('1001');
  });

  it('RUN_POD_SANDBOX applies the table before answering; STOP and REMOVE leave the netns to the runtime', async () => {
    await stateChange(Event.RUN_POD_SANDBOX, pod('p1', fresh));
    expect(await tables(fresh)).toBe('table inet hcnproxyctl');
    // containerd sends StopPodSandbox before the CNI teardown that destroys the netns, and the table with
    // it (pkg/cri/server/sandbox_stop.go @v1.7.24): the plugin spends no nft call on a dying netns.
    await stateChange(Event.STOP_POD_SANDBOX, { id: 'p1', name: 'p1', namespace: 'test' });
    await stateChange(Event.REMOVE_POD_SANDBOX, { id: 'p1' });
    expect(await tables(fresh)).toBe('table inet hcnproxyctl');
    const handled = stderr
      .split('\n')
      .filter((l) => l.includes('"msg":"event handled"'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(handled.filter((h) => h.podID === 'p1').map((h) => [h.event, h.outcome])).toEqual([
      ['RunPodSandbox', 'applied'],
      ['StopPodSandbox', 'redirected'],
      ['RemovePodSandbox', 'forgotten'],
    ]);
    for (const h of handled) expect(h.ms).toEqual(expect.any(Number));
    await lab.exec(fresh, ['nft', 'delete', 'table', 'inet', 'hcnproxyctl']); // what the netns' end would do
  });

  it('leaves pods without opt-in and host-network pods alone', async () => {
    await stateChange(Event.RUN_POD_SANDBOX, pod('p2', fresh, { app: 'web' }));
    await stateChange(Event.RUN_POD_SANDBOX, pod('p3', undefined));
    expect(await tables(fresh)).toBe('');
  });

  it('a pod whose redirect cannot be applied (fail-closed): RunPodSandbox succeeds, every CreateContainer is refused naming pod, container and problem', async () => {
    const badPod = pod('p4', fresh, { ...OPT_IN, 'hcnproxyctl.io/outbound-port': 'http' });
    // No error at RunPodSandbox: containerd 2.1 would leak the sandbox (see src/nri/plugin.ts).
    expect((await stateChange(Event.RUN_POD_SANDBOX, badPod)).length).toBe(0);
    const create = (p: PodSandbox, name: string) =>
      session.call('CreateContainer', CreateContainerRequest.encode({ pod: p, container: { id: `${p.id}-${name}`, podSandboxId: p.id!, name } }).finish());
    for (const name of ['init', 'app']) {
      const refused = create(badPod, name);
      await expect(refused).rejects.toBeInstanceOf(TtrpcError);
      await expect(refused).rejects.toMatchObject({
        code: 2,
        message: expect.stringMatching(new RegExp(`^hcnproxyctl: pod test/p4: container ${name} not created: .*hcnproxyctl\\.io/outbound-port`)),
      });
    }
    const gonePod = pod('p5', { name: 'x', path: '/nonexistent/netns' });
    expect((await stateChange(Event.RUN_POD_SANDBOX, gonePod)).length).toBe(0);
    await expect(create(gonePod, 'app')).rejects.toMatchObject({ code: 2, message: expect.stringContaining('redirect not applied') });
  });

  it('the gate: a pod started while the plugin was away gets its table at its first container; known pods pass from memory', async () => {
    const away = await lab.addNetns('away');
    const p = pod('p9', away);
    const create = (name: string) =>
      session.call('CreateContainer', CreateContainerRequest.encode({ pod: p, container: { id: `p9-${name}`, podSandboxId: 'p9', name } }).finish());
    expect(await tables(away)).toBe(''); // no RunPodSandbox was seen for it
    expect(CreateContainerResponse.decode(await create('init'))).toEqual({});
    expect(await tables(away)).toBe('table inet hcnproxyctl');
    expect(stderr).toMatch(/"msg":"redirect applied at container creation".*"podID":"p9"/);
    await create('app');
    expect(stderr).toMatch(/"event":"CreateContainer","podID":"p9","outcome":"in-place \(known\)"/);
    // A pod that is not opted in passes (and is remembered as such).
    const plain = pod('p10', away, { app: 'web' });
    expect((await session.call('CreateContainer', CreateContainerRequest.encode({ pod: plain, container: { id: 'c', name: 'c' } }).finish())).length).toBe(0);
  });

  it('speaks the NRI v0.12 per-event methods, and answers 12 to methods it does not serve', async () => {
    await session.call('RunPodSandbox', RunPodSandboxRequest.encode({ pod: pod('p6', fresh) }).finish());
    expect(await tables(fresh)).toBe('table inet hcnproxyctl');
    await expect(session.call('PostCreateContainer', new Uint8Array())).rejects.toMatchObject({ code: 12, message: 'method PostCreateContainer' });
    expect((await session.call('Shutdown', new Uint8Array())).length).toBe(0);
  });

  it('reconnects and registers again when the runtime goes away', async () => {
    const again = runtime.nextSession();
    session.close();
    session = await again;
    expect(session.index).toBe('42');
    expect(ConfigureResponse.decode(await session.call('Configure', ConfigureRequest.encode({}).finish())).events).toBe(0xf);
  });

  it('exits cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => plugin.once('exit', (code) => resolve(code)));
    plugin.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toContain('"msg":"stopped"');
    for (const line of stderr.trim().split('\n')) expect(() => JSON.parse(line)).not.toThrow();
  });
});

describe('hcnproxyctl nri, fail-open', () => {
  it.skipIf(skip)('lets the pod start and logs loudly when the redirect cannot be applied', async () => {
    const runtime = await startFakeNriRuntime();
    const registered = runtime.nextSession();
    const child = spawn(process.execPath, [MAIN, 'nri', '--socket', runtime.socketPath, '--fail-open', '--outbound-port', '15001', '--proxy-uid', '1337'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
    });
    try {
      const s = await registered;
      await s.call('Configure', ConfigureRequest.encode({}).finish());
      const p: PodSandbox = {
        id: 'x',
        name: 'x',
        namespace: 't',
        annotations: OPT_IN,
        linux: { namespaces: [{ type: 'network', path: '/nonexistent/netns' }] },
      };
      expect((await s.call('StateChange', StateChangeEvent.encode({ event: Event.RUN_POD_SANDBOX, pod: p }).finish())).length).toBe(0);
      expect(err).toContain('failOpen: the pod starts without its traffic going through the proxy');
    } finally {
      child.kill('SIGKILL');
      await runtime.stop();
    }
  });
});

describe('hcnproxyctl nri: settings are checked before connecting', () => {
  it('a relative log file (flag or settings file) is refused naming the key, exit 2', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hcnproxyctl-nri-rel-'));
    try {
      const flag = spawnSync(process.execPath, [MAIN, 'nri', '--socket', path.join(tmp, 'none.sock'), '--log-file', 'nri.log'], {
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(flag.status).toBe(2);
      expect(flag.stderr).toContain('logFile must be an absolute path, got "nri.log"');
      const config = path.join(tmp, 'nri.json');
      fs.writeFileSync(config, JSON.stringify({ logFile: 'logs/nri.log', policy: { outboundPort: 15001, proxyUid: 1337 } }));
      const file = spawnSync(process.execPath, [MAIN, 'nri', '--socket', path.join(tmp, 'none.sock'), '--config', config], {
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(file.status).toBe(2);
      expect(file.stderr).toContain('logFile must be an absolute path, got "logs/nri.log"');
      expect(fs.readdirSync(tmp).sort()).toEqual(['nri.json']); // nothing created relative to anywhere
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe('hcnproxyctl nri: reconnecting after runtime restarts', () => {
  it('is registered again promptly after every restart of a burst (5 restarts, 2 s apart): the backoff resets', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hcnproxyctl-nri-restarts-'));
    const socketPath = path.join(dir, 'nri.sock');
    let runtime = await startFakeNriRuntime({ socketPath });
    const child = spawn(process.execPath, [MAIN, 'nri', '--socket', socketPath, '--outbound-port', '15001', '--proxy-uid', '1337'], {
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    try {
      await runtime.nextSession();
      const delays: number[] = [];
      for (let i = 0; i < 5; i++) {
        await runtime.stop(); // the socket is gone: the plugin keeps retrying
        await new Promise((r) => setTimeout(r, 2000));
        runtime = await startFakeNriRuntime({ socketPath });
        const t0 = Date.now();
        await runtime.nextSession(10_000);
        delays.push(Date.now() - t0);
      }
      console.log(`nri re-registration after each restart: ${delays.join(', ')} ms`);
      // Retries stay at most 250 ms apart while the socket refuses (it used to double up to 5 s, so pods
      // created right after a restart started without their rules). The bound leaves room for a busy CI.
      expect(Math.max(...delays), `re-registration delays: ${delays.join(', ')} ms`).toBeLessThan(1000);
    } finally {
      child.kill('SIGKILL');
      await runtime.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('a runtime that closes the connection right after its Synchronize (a crash loop) is reconnected at once every time; one that closes before it (refusing us) is backed off', async () => {
    const runtime = await startFakeNriRuntime();
    const child = spawn(process.execPath, [MAIN, 'nri', '--socket', runtime.socketPath, '--outbound-port', '15001', '--proxy-uid', '1337'], {
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    try {
      // Ten sessions that reach Synchronize and are closed right away.
      let session = await runtime.nextSession();
      const delays: number[] = [];
      for (let i = 0; i < 10; i++) {
        await session.call('Configure', ConfigureRequest.encode({ runtimeName: 'containerd', runtimeVersion: '1.7.24' }).finish());
        await session.call('Synchronize', SynchronizeRequest.encode({ pods: [] }).finish());
        const next = runtime.nextSession();
        const t0 = Date.now();
        session.close();
        session = await next;
        delays.push(Date.now() - t0);
      }
      console.log(`nri re-registration after a close that followed Synchronize: ${delays.join(', ')} ms`);
      expect(Math.max(...delays), `delays: ${delays.join(', ')} ms`).toBeLessThan(1000);

      // Sessions closed right after registering, before any Synchronize: the retries slow down.
      const before = runtime.sessions.length;
      const t0 = Date.now();
      while (Date.now() - t0 < 3000) {
        session.close();
        session = await runtime.nextSession(10_000);
      }
      const refused = runtime.sessions.length - before;
      console.log(`registrations in 3 s while the runtime refuses the plugin: ${refused}`);
      expect(refused).toBeLessThan(12); // 25 ms retries with no backoff would be over 50
    } finally {
      child.kill('SIGKILL');
      await runtime.stop();
    }
  }, 60_000);
});
