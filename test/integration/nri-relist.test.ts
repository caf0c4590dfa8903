// Pods created while Synchronize ran get no NRI callback at all (containerd#13698): after Synchronize
// the plugin lists the runtime's ready sandboxes over CRI and sends the ones it did not know through the
// pod path. Here the runtime side is the protocol-level NRI runtime and an in-process CRI service, with
// real nftables in network namespaces this suite creates.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigureRequest, SynchronizeRequest, type PodSandbox } from '../../src/gen/nri/api.js';
import { MAIN } from '../support/cli.js';
import { startFakeCri } from '../support/fakes/cri.js';
import { startFakeNriRuntime, type PluginSession } from '../support/fakes/nri-runtime.js';
import { netLab, skipUnlessNetAdmin, type Netns } from '../support/netns.js';

const skip = skipUnlessNetAdmin('NRI relist after Synchronize (applies nftables rules in network namespaces)');
const OPT_IN = { 'hcnproxyctl.io/enabled': 'true' };

describe.skipIf(skip)('after Synchronize: the pods it did not list', () => {
  const lab = skip ? undefined! : netLab();
  let nri: Awaited<ReturnType<typeof startFakeNriRuntime>>;
  let cri: Awaited<ReturnType<typeof startFakeCri>>;
  const plugins: ChildProcess[] = [];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hcnproxyctl-relist-'));
  const config = path.join(tmp, 'nri.json');
  let listed: Netns;
  let during: Netns;
  let plain: Netns;

  const nriPod = (id: string, ns: Netns): PodSandbox => ({
    id,
    name: id,
    namespace: 'test',
    annotations: OPT_IN,
    linux: { namespaces: [{ type: 'network', path: ns.path }] },
  });
  const criPod = (id: string, ns: Netns, annotations: Record<string, string>) => ({
    list: { id, metadata: { name: id, namespace: 'test' } },
    status: {
      status: { id, metadata: { name: id, namespace: 'test' }, annotations },
      info: { info: JSON.stringify({ runtimeSpec: { linux: { namespaces: [{ type: 'network', path: ns.path }] } } }) },
    },
  });
  const tables = async (ns: Netns) => (await lab.exec(ns, ['nft', 'list', 'tables'])).stdout.trim();

  async function plugin(endpoint: string): Promise<{ session: PluginSession; log: () => string }> {
    let stderr = '';
    const registered = nri.nextSession();
    const child = spawn(
      process.execPath,
      [MAIN, 'nri', '--socket', nri.socketPath, '--config', config, '--runtime-endpoint', endpoint, '--log-level', 'debug'],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    plugins.push(child);
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const session = await registered;
    await session.call('Configure', ConfigureRequest.encode({ runtimeName: 'containerd', runtimeVersion: '2.1.9' }).finish());
    return { session, log: () => stderr };
  }

  async function until(cond: () => boolean | Promise<boolean>, what: string, ms = 5000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!(await cond())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  beforeAll(async () => {
    [listed, during, plain] = await Promise.all([lab.addNetns('lst'), lab.addNetns('dur'), lab.addNetns('pln')]);
    fs.writeFileSync(config, JSON.stringify({ policy: { inboundPort: 15006, outboundPort: 15001, proxyUid: 1337 } }));
    nri = await startFakeNriRuntime();
    cri = await startFakeCri();
  });

  afterAll(async () => {
    for (const p of plugins) p.kill('SIGKILL');
    await nri?.stop();
    await cri?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('a ready sandbox the runtime lists but Synchronize did not is redirected after the answer; a plain one is left alone', async () => {
    // "during" and "plain" were created while Synchronize ran: the runtime lists them, Synchronize did not.
    cri.state.pods = [criPod('listed', listed, OPT_IN), criPod('during', during, OPT_IN), criPod('plain', plain, { app: 'web' })];
    const { session, log } = await plugin(cri.endpoint);
    await session.call('Synchronize', SynchronizeRequest.encode({ pods: [nriPod('listed', listed)] }).finish());
    expect(await tables(listed)).toBe('table inet hcnproxyctl');
    await until(async () => (await tables(during)) === 'table inet hcnproxyctl', 'the pod created during Synchronize to be redirected');
    await until(() => /"msg":"relisted after synchronize"/.test(log()), 'the relist log line');
    expect(log()).toMatch(/"msg":"relisted after synchronize".*"listed":3,"unknown":2,"applied":1/);
    expect(await tables(plain)).toBe('');
    expect(cri.state.calls).toContain('listPodSandbox');
  });

  it('a runtime whose CRI does not answer: one warning, and the plugin stays in service', async () => {
    const { session, log } = await plugin(`unix://${path.join(tmp, 'no-such.sock')}`);
    await session.call('Synchronize', SynchronizeRequest.encode({ pods: [] }).finish());
    await until(() => /pods created while Synchronize ran cannot be looked for/.test(log()), 'the warning');
    await session.call('Synchronize', SynchronizeRequest.encode({ pods: [] }).finish()); // still answering
  });
});
