// bench:cni must not rot: bench/cni.mjs runs end to end (2 rounds, `node dist/main.cjs` as the plugin,
// results into a temporary directory, never bench/results) and writes a result with every case. No
// timing is asserted here: speed is judged by the benchmark itself, not by tests.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/cli.js';
import { skipUnlessNetAdmin } from '../support/netns.js';

const skip = skipUnlessNetAdmin('the bench:cni smoke run (bench/cni.mjs)');

const CASES = [
  'node -e 0',
  'nft -f (one transaction)',
  'ADD opted-in',
  'CHECK opted-in',
  'DEL opted-in',
  'ADD opted-in (nftMode exec)',
  'CHECK opted-in (nftMode exec)',
  'DEL opted-in (nftMode exec)',
  'ADD not opted-in',
  'STATUS (cniVersion 1.1.0)',
];

describe.skipIf(skip)('bench:cni smoke run', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'hcnproxyctl-bench-cni-smoke-'));
  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

  it('exits 0 and writes a JSON result with every case and the targets', () => {
    const env: NodeJS.ProcessEnv = { ...process.env, BENCH_ROUNDS: '2', BENCH_PLUGIN: 'node', BENCH_RESULTS_DIR: out };
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bench', 'cni.mjs')], { cwd: ROOT, env, encoding: 'utf8', timeout: 120_000 });
    expect(r.status, `bench/cni.mjs exited ${r.status} (${r.signal ?? 'no signal'}):\n${r.stderr}\n${r.stdout}`).toBe(0);

    const files = fs.readdirSync(out);
    expect(files.sort()).toEqual(['cni-latest.json', 'cni-latest.md']);
    const result = JSON.parse(fs.readFileSync(path.join(out, 'cni-latest.json'), 'utf8')) as {
      rounds: number;
      stats: Record<string, { median: number; p95: number; min: number }>;
      targets: { what: string; value: number; limit: number; pass: boolean | null }[];
    };
    expect(result.rounds).toBe(2);
    expect(Object.keys(result.stats).sort()).toEqual([...CASES].sort());
    for (const c of CASES) {
      for (const k of ['median', 'p95', 'min'] as const) expect(Number.isFinite(result.stats[c]![k]), `${c}.${k}`).toBe(true);
    }
    // Judged, whatever the verdict: opted-in ADD/CHECK/DEL and not-opted-in ADD.
    expect(result.targets).toHaveLength(4);
    for (const t of result.targets) expect(typeof t.pass, t.what).toBe('boolean');
    expect(fs.readFileSync(path.join(out, 'cni-latest.md'), 'utf8')).toContain('# CNI benchmark');
  }, 180_000);
});
