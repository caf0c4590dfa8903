// `hcnproxyctl explain --pod` and `hcnproxyctl check` on a real containerd 1.7.24 with our CNI entry
// chained: the pod's annotations and namespace come from the runtime (CRI), the decision from the pod
// path, and what is on the node is compared through the pod path's CHECK — "in place", "missing" (the
// table deleted behind our back), "differs" (a rule removed), "not applicable" (a pod not opted in);
// `check --fix` repairs the two through the pod path's ADD.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CriClient } from '../../src/cri/index.js';
import { MAIN } from '../support/cli.js';
import { criFor, e2eSkipReason, netnsTables, removePod, runCheck, runPod, useContainerd, type Pod } from '../support/harness/index.js';

const skip = e2eSkipReason('explain --pod on containerd 1.7.24');
const OPT_IN = { 'hcnproxyctl.io/enabled': 'true' };

describe.skipIf(skip)('hcnproxyctl explain --pod and check against containerd', () => {
  const suite = useContainerd({ chain: 'ours', pluginConfig: { policy: { inboundPort: 15006, outboundPort: 15001, proxyUid: 1337 } } });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hcnproxyctl-explain-e2e-'));
  const conflist = path.join(tmp, 'net.conflist');
  let cri: CriClient;
  const pods: Pod[] = [];

  const explain = (pod: Pod, format: 'json' | 'text' = 'json') => {
    const r = spawnSync(
      process.execPath,
      [MAIN, 'explain', '--pod', pod.id.slice(0, 12), '--runtime-endpoint', suite.cd.endpoint, '--conflist', conflist, '-o', format],
      {
        encoding: 'utf8',
        timeout: 30_000,
      },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    return format === 'json' ? (JSON.parse(r.stdout) as { decision: string; pod: { source: string }; onNode?: { state: string; detail?: string } }) : r.stdout;
  };
  const nft = (pod: Pod, args: string[]) => spawnSync('nsenter', [`--net=${pod.netnsPath}`, '--', 'nft', ...args], { encoding: 'utf8' });

  beforeAll(async () => {
    fs.writeFileSync(conflist, JSON.stringify(suite.cd.conflist));
    cri = await criFor(suite.cd);
  });
  afterAll(async () => {
    for (const p of pods) await removePod(cri, p).catch(() => undefined);
    cri?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('an opted-in pod with its table: in place', async () => {
    const pod = await runPod(suite.cd, cri, { annotations: OPT_IN });
    pods.push(pod);
    const j = explain(pod) as { decision: string; pod: { source: string }; onNode?: { state: string } };
    expect(j).toMatchObject({ decision: 'redirect', pod: { source: `the runtime (pod e2e/${pod.name})` }, onNode: { state: 'in place' } });
    expect(explain(pod, 'text')).toMatch(/\non the node: in place — in \/.*\n$/);
  });

  it('its table deleted behind our back: missing; a rule removed: differs, naming it', async () => {
    const gone = await runPod(suite.cd, cri, { annotations: OPT_IN });
    const changed = await runPod(suite.cd, cri, { annotations: OPT_IN });
    pods.push(gone, changed);
    expect(nft(gone, ['delete', 'table', 'inet', 'hcnproxyctl']).status).toBe(0);
    expect(netnsTables(gone.netnsPath)).toBe('');
    expect(explain(gone)).toMatchObject({
      decision: 'redirect',
      onNode: { state: 'missing', detail: expect.stringContaining('is not in the network namespace') },
    });
    expect(nft(changed, ['flush', 'chain', 'inet', 'hcnproxyctl', 'inbound']).status).toBe(0);
    expect(explain(changed)).toMatchObject({ decision: 'redirect', onNode: { state: 'differs', detail: expect.stringContaining('redirect to :15006') } });
    console.log(`explain --pod (a rule removed):\n${explain(changed, 'text') as string}`);
  });

  it('a pod without opt-in: not redirected, nothing to compare', async () => {
    const plain = await runPod(suite.cd, cri, { annotations: { app: 'web' } });
    pods.push(plain);
    expect(explain(plain)).toMatchObject({ decision: 'skip', onNode: { state: 'not applicable' } });
  });

  const check = (extra: string[] = [], format: 'json' | 'text' = 'json') => {
    const r = runCheck(suite.cd, ['-o', format, ...extra]);
    expect(r.stderr).toBe('');
    return { code: r.code, out: r.stdout };
  };
  interface Report {
    ok: boolean;
    hook: { installed: boolean; cni: { entry: boolean; file?: string } };
    rules: { ok: boolean; detail: string };
    pods: { id: string; decision: string; onNode: string; fixed?: boolean }[];
  }
  const rowOf = (r: Report, pod: Pod) => r.pods.find((p) => p.id === pod.id);

  it('check: the hook (our entry in the conflist containerd uses), the rules, and every pod — the two broken ones reported, exit 1', () => {
    const { code, out } = check();
    expect(code).toBe(1);
    const r = JSON.parse(out) as Report;
    expect(r).toMatchObject({
      ok: false,
      hook: { installed: true, cni: { entry: true } },
      rules: { ok: true, detail: expect.stringMatching(/^libnftables [\d.]+ \(in-process\)$/) },
    });
    expect(r.pods).toHaveLength(4);
    const [inPlace, gone, changed, plain] = pods;
    expect(rowOf(r, inPlace!)).toMatchObject({ decision: 'redirect', onNode: 'in place' });
    expect(rowOf(r, gone!)).toMatchObject({ decision: 'redirect', onNode: 'missing' });
    expect(rowOf(r, changed!)).toMatchObject({ decision: 'redirect', onNode: 'differs' });
    expect(rowOf(r, plain!)).toMatchObject({ decision: 'skip', onNode: 'not applicable' });
    const text = check([], 'text').out;
    expect(text).toMatch(/^pods: 4 running: 1 in place, 1 missing, 1 differ, 1 not redirected$/m);
    expect(text).toMatch(/\nresult: needs attention\n$/);
    console.log(`check:\n${text}`);
  });

  it('check --fix applies the missing and differing redirects through the pod path; the next check is clean, exit 0', () => {
    const fixed = check(['--fix'], 'text');
    expect(fixed.code).toBe(0);
    expect(fixed.out).toMatch(/ missing → fixed /);
    expect(fixed.out).toMatch(/ differs → fixed /);
    expect(fixed.out).toMatch(/\nresult: ok\n$/);
    console.log(`check --fix:\n${fixed.out}`);
    for (const p of pods.slice(0, 3)) expect(netnsTables(p.netnsPath)).toBe('table inet hcnproxyctl');
    const again = check();
    expect(again.code).toBe(0);
    expect((JSON.parse(again.out) as Report).pods.map((p) => p.onNode).sort()).toEqual(['in place', 'in place', 'in place', 'not applicable']);
  });
});
