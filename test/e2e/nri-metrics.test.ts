// The NRI daemon's /metrics, /healthz and /readyz (`--metrics-address`) scraped while a real containerd
// (1.7.24 or 2.1.9, per HCNPROXYCTL_E2E_RUNTIME) creates pods and containers: the counters move with each
// pod (redirected by profile, skipped by reason, failed fail-closed at RunPodSandbox), each container of an
// opted-in pod (gated: in place, refused), the handling-time histogram; /readyz is ready once registered
// and synchronized, unready while containerd restarts, ready again after the next Synchronize (with one
// more reconnect counted).
import net from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CriClient } from '../../src/cri/index.js';
import {
  criFor,
  criReady,
  e2eSkipReason,
  selectedRuntime,
  netnsTables,
  removePod,
  runApp,
  runCheck,
  runPod,
  startNriPlugin,
  useContainerd,
  type NriPlugin,
  type Pod,
} from '../support/harness/index.js';
import { sleep } from '../support/harness/proc.js';

const runtime = selectedRuntime();
const skip = e2eSkipReason(`NRI metrics on ${runtime.name}`);
const OPT_IN = { 'hcnproxyctl.io/enabled': 'true' };

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

/** One sample's value from the Prometheus text (0 when the series is not there yet). */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

describe.skipIf(skip)(`hcnproxyctl nri --metrics-address under ${runtime.name}`, () => {
  const suite = useContainerd({ chain: 'none', nriRequestTimeout: '2s' });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hcnproxyctl-nri-metrics-'));
  const config = path.join(tmp, 'nri.json');
  let cri: CriClient;
  let plugin: NriPlugin;
  let base = '';
  const pods: Pod[] = [];
  const get = async (p: string) => {
    const r = await fetch(`${base}${p}`);
    return { status: r.status, text: await r.text(), type: r.headers.get('content-type') ?? '' };
  };

  beforeAll(async () => {
    fs.writeFileSync(config, JSON.stringify({ policy: { inboundPort: 15006, outboundPort: 15001, proxyUid: 1337 } }));
    cri = await criFor(suite.cd);
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    plugin = await startNriPlugin(suite.cd, config, ['--metrics-address', `127.0.0.1:${port}`, '--runtime-endpoint', suite.cd.endpoint]);
  });
  afterAll(async () => {
    await plugin?.kill();
    for (const p of pods) await removePod(cri, p).catch(() => undefined);
    cri?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('healthz and readyz answer once registered and synchronized; metrics in the Prometheus text format', async () => {
    expect(await get('/healthz')).toMatchObject({ status: 200, text: 'ok\n' });
    expect(await get('/readyz')).toMatchObject({ status: 200, text: 'ready\n' });
    const m = await get('/metrics');
    expect(m.status).toBe(200);
    expect(m.type).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(sample(m.text, 'hcnproxyctl_nri_connected')).toBe(1);
    expect(sample(m.text, 'hcnproxyctl_rules_mode{mode="libnftables"}')).toBe(1);
    expect(sample(m.text, 'hcnproxyctl_nri_last_synchronize_timestamp_seconds')).toBeGreaterThan(Date.now() / 1000 - 60);
    expect(m.text).toContain('hcnproxyctl_process_resident_memory_bytes');
    expect((await get('/nothing')).status).toBe(404);
  });

  it('the counters move as pods and containers are created: redirected by profile, skipped by reason, containers gated, the handling histogram', async () => {
    const before = (await get('/metrics')).text;
    pods.push(await runPod(suite.cd, cri, { annotations: OPT_IN }), await runPod(suite.cd, cri, { annotations: OPT_IN }));
    pods.push(await runPod(suite.cd, cri, { annotations: { app: 'plain' } }));
    expect(netnsTables(pods[0]!.netnsPath)).toBe('table inet hcnproxyctl');
    // A container of a redirected pod passes the gate from memory; one of a plain pod is not counted.
    await runApp(cri, pods[0]!, [], 'app');
    await runApp(cri, pods[2]!, [], 'app');
    const after = (await get('/metrics')).text;
    const delta = (series: string) => sample(after, series) - sample(before, series);
    expect(delta('hcnproxyctl_pods_redirected_total{profile="hcnproxyctl"}')).toBe(2);
    expect(delta('hcnproxyctl_pods_skipped_total{reason="no-opt-in"}')).toBe(1);
    expect(delta('hcnproxyctl_event_handling_seconds_count{event="RunPodSandbox"}')).toBe(3);
    expect(delta('hcnproxyctl_event_handling_seconds_count{event="CreateContainer"}')).toBe(2);
    expect(delta('hcnproxyctl_pods_failed_total{mode="fail-closed"}')).toBe(0);
    expect(delta('hcnproxyctl_containers_gated_total{result="in-place"}')).toBe(1);
    for (const r of ['applied-late', 'refused', 'failed-open']) expect(delta(`hcnproxyctl_containers_gated_total{result="${r}"}`)).toBe(0);

    // Fail-closed: counted at RunPodSandbox (which succeeds), and each refused container at the gate.
    const bad = await runPod(suite.cd, cri, { annotations: { ...OPT_IN, 'hcnproxyctl.io/outbound-port': 'http' } });
    expect(sample((await get('/metrics')).text, 'hcnproxyctl_pods_failed_total{mode="fail-closed"}')).toBe(1);
    await expect(runApp(cri, bad, [], 'init')).rejects.toThrow(/container init not created: .*hcnproxyctl\.io\/outbound-port/);
    await expect(runApp(cri, bad, [], 'app')).rejects.toThrow(/container app not created/);
    const last = (await get('/metrics')).text;
    expect(sample(last, 'hcnproxyctl_pods_failed_total{mode="fail-closed"}')).toBe(1);
    expect(sample(last, 'hcnproxyctl_containers_gated_total{result="refused"}') - sample(before, 'hcnproxyctl_containers_gated_total{result="refused"}')).toBe(
      2,
    );
    expect(sample(last, 'hcnproxyctl_containers_gated_total{result="in-place"}') - sample(after, 'hcnproxyctl_containers_gated_total{result="in-place"}')).toBe(
      0,
    );
    await removePod(cri, bad);
  });

  it('readyz is unready while containerd restarts and ready again after the next Synchronize; one reconnect counted', async () => {
    const reconnects = sample((await get('/metrics')).text, 'hcnproxyctl_nri_reconnects_total');
    // Observed while containerd is down (not racing its start: a loaded machine could reconnect first).
    await suite.cd.restart({
      whileStopped: async () => {
        const until = Date.now() + 5000;
        let during = await get('/readyz');
        while (during.status !== 503 && Date.now() < until) {
          await sleep(20);
          during = await get('/readyz');
        }
        expect(during.status).toBe(503);
        expect(during.text).toMatch(/^not ready: /);
        expect(sample((await get('/metrics')).text, 'hcnproxyctl_nri_connected')).toBe(0);
      },
    });
    await criReady(cri);
    const deadline = Date.now() + 10_000;
    while ((await get('/readyz')).status !== 200) {
      if (Date.now() > deadline) throw new Error(`not ready again; plugin log:\n${plugin.log()}`);
      await sleep(50);
    }
    expect(sample((await get('/metrics')).text, 'hcnproxyctl_nri_reconnects_total')).toBe(reconnects + 1);
  });

  it('check finds the NRI plugin and asks its /readyz: registered with containerd and synchronized; the pods in place', () => {
    const r = runCheck(suite.cd, ['--config', config, '-o', 'json']);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as {
      ok: boolean;
      hook: { installed: boolean; cni: { entry: boolean }; nri: { plugins: { pid: number; ready?: boolean; readiness?: string }[] } };
      pods: { id: string; onNode: string }[];
    };
    expect(report.hook.cni.entry).toBe(false);
    expect(report.hook.nri.plugins).toContainEqual({
      pid: plugin.child.pid,
      metrics: expect.stringMatching(/^127\.0\.0\.1:\d+$/),
      ready: true,
      readiness: 'ready',
    });
    expect(report.hook.installed).toBe(true);
    for (const p of pods.slice(0, 2)) expect(report.pods.find((x) => x.id === p.id)?.onNode).toBe('in place');
    expect(report.ok).toBe(true);
    expect(r.code).toBe(0);
  });
});
