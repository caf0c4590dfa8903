// CNI mode end to end on a real containerd 1.7.24: the conflist chains bridge + loopback + hcnproxyctl
// (the bundled executable, run by containerd as a CNI plugin). Pods created through CRI get their rules
// before RunPodSandbox returns; an app container's outbound connection lands on the proxy port; pods
// without opt-in are untouched; Stop/Remove leave nothing; `lookup` finds the pod.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CriClient } from '../../src/cri/index.js';
import { MAIN, ROOT } from '../support/cli.js';
import {
  criFor,
  e2eSkipReason,
  gatewayListener,
  netnsListener,
  removePod,
  runApp,
  runPod,
  useContainerd,
  waitForLog,
  type Pod,
  type TagListener,
} from '../support/harness/index.js';

const skip = e2eSkipReason('CNI mode on containerd 1.7.24');
// containerd runs the single executable (npm test builds it) as the plugin; required in CI.
const SEA = path.join(ROOT, 'dist', 'hcnproxyctl');
const pluginExecutable = fs.existsSync(SEA) ? SEA : undefined;
if (!skip && !pluginExecutable && process.env.CI === 'true') throw new Error(`${SEA} is missing: the CNI e2e suite needs it in CI (npm run build:exe)`);
const ISTIO_STATUS = '{"initContainers":null,"containers":["istio-proxy"],"volumes":["istio-envoy"],"imagePullSecrets":null,"revision":"default"}';

async function tables(pod: Pod): Promise<string> {
  const r = spawnSync('nsenter', [`--net=${pod.netnsPath}`, '--', 'nft', 'list', 'tables'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`nft in ${pod.netnsPath}: ${r.stderr}`);
  return r.stdout.trim();
}

describe.skipIf(skip)('hcnproxyctl as a chained CNI plugin under containerd', () => {
  const suite = useContainerd({
    chain: 'ours',
    ...(pluginExecutable ? { pluginExecutable } : {}),
    pluginConfig: { policy: { inboundPort: 15006, outboundPort: 15001, proxyUid: 1337 }, logLevel: 'debug' },
  });
  let cri: CriClient;
  let upstream: TagListener;
  const proxies: TagListener[] = [];

  beforeAll(async () => {
    cri = await criFor(suite.cd);
  });
  afterAll(async () => {
    for (const p of proxies) await p.close();
    await upstream?.close();
    cri?.close();
  });

  /** Starts the pod's stand-in proxy on 15001 and an app that connects to the gateway listener. */
  async function appConnects(pod: Pod): Promise<string> {
    upstream ??= await gatewayListener(suite.cd.gateway, 'upstream');
    const proxy = await netnsListener(pod.netnsPath, 15001, 'proxy');
    proxies.push(proxy);
    const app = await runApp(cri, pod, ['connect', suite.cd.gateway, String(upstream.port)]);
    return waitForLog(app, /^app: connect /);
  }

  it("an opted-in pod has its table when RunPodSandbox returns, and its app's connection lands on the proxy port", async () => {
    const pod = await runPod(suite.cd, cri, { annotations: { 'hcnproxyctl.io/enabled': 'true' } });
    expect(await tables(pod)).toBe('table inet hcnproxyctl'); // checked right after RunPodSandbox returned
    const before = upstream?.received.length ?? 0;
    expect(await appConnects(pod)).toBe(`app: connect ${suite.cd.gateway}:${upstream.port} -> proxy`);
    expect(upstream.received.length).toBe(before);
    await removePod(cri, pod);
  });

  it('an Istio-injected pod is handled with no extra node configuration', async () => {
    const pod = await runPod(suite.cd, cri, { annotations: { 'sidecar.istio.io/status': ISTIO_STATUS } });
    const rules = spawnSync('nsenter', [`--net=${pod.netnsPath}`, '--', 'nft', 'list', 'table', 'inet', 'hcnproxyctl'], { encoding: 'utf8' }).stdout;
    expect(rules).toContain('redirect to :15001');
    expect(rules).toContain('tcp dport { 15020, 15021, 15090 } return');
    expect(rules).toContain('meta skuid 1337 return');
    await removePod(cri, pod);
  });

  it('a pod without opt-in is untouched: no table, its connection reaches the real destination', async () => {
    const pod = await runPod(suite.cd, cri, { annotations: { app: 'plain' } });
    expect(await tables(pod)).toBe('');
    expect(await appConnects(pod)).toBe(`app: connect ${suite.cd.gateway}:${upstream.port} -> upstream`);
    await removePod(cri, pod);
  });

  it("a pod with a malformed opt-in annotation fails to start, with the plugin's message", async () => {
    await expect(runPod(suite.cd, cri, { annotations: { 'hcnproxyctl.io/enabled': 'true', 'hcnproxyctl.io/outbound-port': 'http' } })).rejects.toThrow(
      /hcnproxyctl\.io\/outbound-port/,
    );
    // the failed sandbox is cleaned up by containerd (both DELs succeed)
    expect((await cri.listPodSandbox()).filter((p) => p.annotations?.['hcnproxyctl.io/outbound-port'])).toEqual([]);
  });

  it("lookup on the app container reports the pod's netns, IP and redirect", async () => {
    const pod = await runPod(suite.cd, cri, { annotations: { 'hcnproxyctl.io/enabled': 'true' } });
    const app = await runApp(cri, pod, []);
    await waitForLog(app, /^app: started/);
    const r = spawnSync(process.execPath, [MAIN, 'lookup', app.id.slice(0, 12), '--runtime-endpoint', suite.cd.endpoint, '-o', 'json'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toMatchObject({
      kind: 'container',
      containerId: app.id,
      podSandboxId: pod.id,
      netnsPath: pod.netnsPath,
      podIps: [pod.ip],
      hostNetwork: false,
      redirect: { present: true, table: 'inet hcnproxyctl' },
    });
    const text = spawnSync(process.execPath, [MAIN, 'lookup', pod.id, '--runtime-endpoint', suite.cd.endpoint], { encoding: 'utf8' }).stdout;
    expect(text).toContain(`network:     ${pod.netnsPath}\n`);
    expect(text).toContain('redirect:    present (table inet hcnproxyctl)\n');
    await removePod(cri, pod);
  });

  it('Stop and Remove leave nothing behind (both DELs succeed; the netns is gone)', async () => {
    const pod = await runPod(suite.cd, cri, { annotations: { 'hcnproxyctl.io/enabled': 'true' } });
    await cri.stopPodSandbox(pod.id);
    await cri.removePodSandbox(pod.id);
    expect(spawnSync('nsenter', [`--net=${pod.netnsPath}`, 'true']).status).not.toBe(0);
    expect((await cri.listPodSandbox()).map((p) => p.id)).not.toContain(pod.id);
    const log = suite.cd.logTail(400);
    expect(log).not.toMatch(/failed to destroy network for sandbox/);
  });
});
