// bench:nri must not rot: dist/bench-nri.cjs runs end to end with BENCH_SMOKE=1 (tiny counts, the same
// code path: its own containerd from the harness — the runtime of this e2e pass, HCNPROXYCTL_E2E_RUNTIME —
// `node dist/main.cjs nri` as the plugin, results into a temporary directory, never bench/results),
// exits 0 — which also means its containerd run left nothing behind — and writes the runtime's
// nri-<runtime>-latest.{json,md} with every section (a–h) filled and labelled with that runtime: the
// pod start with a container (g) in every case, CreateContainer answered from memory for redirected pods
// (h, and c's judged figure). No timing is asserted here: speed is judged by the benchmark itself, not by
// tests. About 12 s per runtime on a 2-vCPU VM.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { e2eSkipReason, RUNTIME_ENV, selectedRuntime } from '../support/harness/index.js';
import { REPO_ROOT } from '../support/harness/packages.js';
import { captureOutput } from '../support/process-output.js';

const skip = e2eSkipReason('bench:nri smoke run (dist/bench-nri.cjs)');
const BENCH = path.join(REPO_ROOT, 'dist', 'bench-nri.cjs');
const SECTIONS = ['a_runPodSandbox', 'b_stopRemove', 'c_handling', 'd_memory', 'e_storm', 'f_synchronize', 'g_podStart', 'h_gate'] as const;
const CASES = ['no plugin', 'plugin, opted-in', 'plugin, not opted-in'];
/** Every BENCH_* count the benchmark reads: the smoke run uses its own tiny defaults. */
const COUNTS = [
  'BENCH_PODS',
  'BENCH_BLOCK',
  'BENCH_START_PODS',
  'BENCH_START_BLOCK',
  'BENCH_GATE_PODS',
  'BENCH_GATE_CONTAINERS',
  'BENCH_CYCLES',
  'BENCH_STORM',
  'BENCH_SYNC_PODS',
];

function run(env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BENCH], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const output = captureOutput(child);
    // SIGINT first: the benchmark then tears its containerd down.
    const timer = setTimeout(() => child.kill('SIGINT'), timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, ...output });
    });
  });
}

interface Stats {
  n: number;
  median: number | null;
  ratioMedian: number | null;
  overBaseMs: number | null;
}

describe.skipIf(skip)('bench:nri smoke run', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'hcnproxyctl-bench-nri-smoke-'));
  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));
  const runtime = selectedRuntime();

  it(`exits 0 and writes ${runtime.name}'s results with every section filled, the pod start and the CreateContainer gate included`, async () => {
    expect(fs.existsSync(BENCH), `${BENCH} is missing: npm run build`).toBe(true);
    const env: NodeJS.ProcessEnv = { ...process.env, BENCH_SMOKE: '1', BENCH_PLUGIN: 'node', BENCH_RESULTS_DIR: out, [RUNTIME_ENV]: runtime.id };
    for (const k of COUNTS) delete env[k];
    const r = await run(env, 60_000);
    expect(r.code, `dist/bench-nri.cjs exited ${r.code} (${r.signal ?? 'no signal'}):\n${r.stderr}\n${r.stdout}`).toBe(0);

    // One runtime (this pass's), one "-latest" pair, nothing timestamped.
    expect(fs.readdirSync(out).sort()).toEqual([`nri-${runtime.id}-latest.json`, `nri-${runtime.id}-latest.md`]);
    const result = JSON.parse(fs.readFileSync(path.join(out, `nri-${runtime.id}-latest.json`), 'utf8')) as Record<string, unknown>;
    expect(result.smoke).toBe(true);
    expect(result.runtime).toMatchObject({ id: runtime.id, name: runtime.name });
    for (const s of SECTIONS) {
      const section = result[s] as { count?: unknown } | undefined;
      expect(section, s).toBeTypeOf('object');
      expect(section!.count, `${s}.count`).toBeGreaterThan(0);
    }
    const a = result.a_runPodSandbox as { cases: Record<string, Stats> };
    const b = result.b_stopRemove as { cases: Record<string, Stats> };
    const g = result.g_podStart as { cases: Record<string, Stats & { parts: Record<string, Stats> }>; unexpectedTables: Record<string, number> };
    for (const c of CASES) {
      expect(a.cases[c]?.n, `a: ${c}`).toBeGreaterThan(0);
      expect(b.cases[c]?.n, `b: ${c}`).toBeGreaterThan(0);
      expect(g.cases[c]?.n, `g: ${c}`).toBeGreaterThan(0);
      // The milliseconds over the baseline beside the ratio, and each CRI call's share.
      expect(g.cases[c]?.overBaseMs, `g: ${c} ms over no plugin`).toBeTypeOf('number');
      for (const part of ['run', 'create', 'start']) expect(g.cases[c]?.parts[part]?.n, `g: ${c} ${part}`).toBeGreaterThan(0);
      expect(g.unexpectedTables[c], `g: ${c}: table state after the container started`).toBe(0);
    }
    const c = result.c_handling as {
      rows: { event: string; outcome: string }[];
      createContainerRedirected: { n: number; p99: number | null; outcomes: Record<string, number> };
    };
    for (const e of ['RunPodSandbox', 'StopPodSandbox', 'RemovePodSandbox', 'Synchronize', 'CreateContainer']) {
      expect(
        c.rows.some((row) => row.event === e),
        `c: "event handled" lines of ${e}`,
      ).toBe(true);
    }
    // CreateContainer of every redirected pod (g's opted-in pods, h's containers) answered from memory.
    const h = result.h_gate as { pods: number; containersPerPod: number; failures: number; podsWithoutTable: number };
    expect(h.failures).toBe(0);
    expect(h.podsWithoutTable).toBe(0);
    const gOptedIn = g.cases['plugin, opted-in']!.n;
    expect(c.createContainerRedirected.outcomes).toEqual({ 'in-place (known)': gOptedIn + h.pods * h.containersPerPod });
    expect(c.createContainerRedirected.p99).toBeTypeOf('number');
    const d = result.d_memory as { samples: unknown[] };
    expect(d.samples.length).toBeGreaterThan(1);
    const e = result.e_storm as { pods: number };
    const f = result.f_synchronize as { pods: number };
    expect(e.pods).toBeGreaterThan(0);
    expect(f.pods).toBeGreaterThan(0);

    const targets = result.targets as { what: string; runtime: string; pass: boolean | null }[];
    expect(targets.length).toBeGreaterThan(0);
    for (const t of targets) expect(t.runtime, t.what).toBe(runtime.id);
    for (const want of [/^c\. handling p99, CreateContainer of a redirected pod/, /^g\. pod start .*opted-in/]) {
      const t = targets.find((x) => want.test(x.what));
      expect(t, String(want)).toBeDefined();
      expect(t!.pass, `${t!.what} was measured`).not.toBeNull();
    }
    const md = fs.readFileSync(path.join(out, `nri-${runtime.id}-latest.md`), 'utf8');
    expect(md).toContain(`# NRI benchmark on ${runtime.name}`);
    expect(md).toContain(`## g. Pod start`);
    expect(md).toContain(`## Targets — ${runtime.name}`);
  }, 75_000);
});
