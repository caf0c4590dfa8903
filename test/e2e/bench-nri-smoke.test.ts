// bench:nri must not rot: dist/bench-nri.cjs runs end to end with BENCH_SMOKE=1 (tiny counts, the same
// code path: its own containerd 1.7.24 from the harness, `node dist/main.cjs nri` as the plugin, results
// into a temporary directory, never bench/results), exits 0 — which also means its containerd run left
// nothing behind — and writes a result with every section (a–f) filled. No timing is asserted here:
// speed is judged by the benchmark itself, not by tests.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { e2eSkipReason } from './harness/index.js';
import { REPO_ROOT } from './harness/packages.js';

const skip = e2eSkipReason('bench:nri smoke run (dist/bench-nri.cjs)');
const BENCH = path.join(REPO_ROOT, 'dist', 'bench-nri.cjs');
const SECTIONS = ['a_runPodSandbox', 'b_stopRemove', 'c_handling', 'd_memory', 'e_storm', 'f_synchronize'] as const;
const CASES = ['no plugin', 'plugin, opted-in', 'plugin, not opted-in'];

function run(env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BENCH], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    // SIGINT first: the benchmark then tears its containerd down.
    const timer = setTimeout(() => child.kill('SIGINT'), timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

describe.skipIf(skip)('bench:nri smoke run', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'hcnproxyctl-bench-nri-smoke-'));
  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

  it('exits 0 and writes a JSON result with every section filled', async () => {
    expect(fs.existsSync(BENCH), `${BENCH} is missing: npm run build`).toBe(true);
    const env: NodeJS.ProcessEnv = { ...process.env, BENCH_SMOKE: '1', BENCH_PLUGIN: 'node', BENCH_RESULTS_DIR: out };
    for (const k of ['BENCH_PODS', 'BENCH_BLOCK', 'BENCH_CYCLES', 'BENCH_STORM', 'BENCH_SYNC_PODS']) delete env[k];
    const r = await run(env, 220_000);
    expect(r.code, `dist/bench-nri.cjs exited ${r.code} (${r.signal ?? 'no signal'}):\n${r.stderr}\n${r.stdout}`).toBe(0);

    const files = fs.readdirSync(out);
    const json = files.filter((f) => /^nri-.+\.json$/.test(f));
    expect(json).toHaveLength(1);
    expect(files).toContain('nri-latest.md');
    const result = JSON.parse(fs.readFileSync(path.join(out, json[0]!), 'utf8')) as Record<string, unknown>;
    expect(result.smoke).toBe(true);
    for (const s of SECTIONS) {
      const section = result[s] as { count?: unknown } | undefined;
      expect(section, s).toBeTypeOf('object');
      expect(section!.count, `${s}.count`).toBeGreaterThan(0);
    }
    const a = result.a_runPodSandbox as { cases: Record<string, { n: number }> };
    const b = result.b_stopRemove as { cases: Record<string, { n: number }> };
    for (const c of CASES) {
      expect(a.cases[c]?.n, `a: ${c}`).toBeGreaterThan(0);
      expect(b.cases[c]?.n, `b: ${c}`).toBeGreaterThan(0);
    }
    const c = result.c_handling as { rows: { event: string }[] };
    for (const e of ['RunPodSandbox', 'StopPodSandbox', 'RemovePodSandbox', 'Synchronize']) {
      expect(
        c.rows.some((row) => row.event === e),
        `c: "event handled" lines of ${e}`,
      ).toBe(true);
    }
    const d = result.d_memory as { samples: unknown[] };
    expect(d.samples.length).toBeGreaterThan(1);
    const e = result.e_storm as { pods: number };
    const f = result.f_synchronize as { pods: number };
    expect(e.pods).toBeGreaterThan(0);
    expect(f.pods).toBeGreaterThan(0);
    const targets = result.targets as { what: string; pass: boolean | null }[];
    expect(targets.length).toBeGreaterThan(0);
    expect(fs.readFileSync(path.join(out, 'nri-latest.md'), 'utf8')).toContain('# NRI benchmark');
  }, 240_000);
});
