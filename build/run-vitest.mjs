#!/usr/bin/env node
// Runs the test suites, then prints one plain closing line ("N passed, N failed, N skipped") that CI
// and people can read without knowing vitest's format. Vitest runs: the unit/integration suites (files
// in parallel), then test/e2e (real containerd, one file at a time) once per containerd runtime —
// 1.7 (1.7.24) and 2.x (2.1.9) — each pass with HCNPROXYCTL_E2E_RUNTIME set for the harness
// (test/support/harness/runtime.ts). Arguments go to every run; `--e2e-only` / `--no-e2e` pick; `--unit-only`
// runs test/unit alone (no build needed: the inner loop). One runtime only: `--e2e-runtime=2.x`, or
// HCNPROXYCTL_E2E_RUNTIME=1.7|2.x in the environment. Exits non-zero if any run failed.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
const OWN = ['--e2e-only', '--no-e2e', '--unit-only'];
const RUNTIME_FLAG = '--e2e-runtime=';
const args = process.argv.slice(2).filter((a) => !OWN.includes(a) && !a.startsWith(RUNTIME_FLAG));

// The containerd runtimes the e2e files run on, one vitest pass each (same ids as test/support/harness/runtime.ts).
const E2E_RUNTIMES = new Map([
  ['1.7', 'containerd 1.7.24'],
  ['2.x', 'containerd 2.1.9'],
]);
const pinnedRuntime = process.argv.find((a) => a.startsWith(RUNTIME_FLAG))?.slice(RUNTIME_FLAG.length) || process.env.HCNPROXYCTL_E2E_RUNTIME || '';
if (pinnedRuntime && !E2E_RUNTIMES.has(pinnedRuntime)) {
  console.error(`run-vitest: unknown e2e runtime "${pinnedRuntime}" (expected ${[...E2E_RUNTIMES.keys()].join(' or ')})`);
  process.exit(2);
}
const e2eRuns = (pinnedRuntime ? [pinnedRuntime] : [...E2E_RUNTIMES.keys()]).map((rt) => ({
  name: `e2e-${rt}`,
  label: `e2e on ${E2E_RUNTIMES.get(rt)} (HCNPROXYCTL_E2E_RUNTIME=${rt})`,
  env: { HCNPROXYCTL_VITEST_E2E: '1', HCNPROXYCTL_E2E_RUNTIME: rt },
}));
const runs = process.argv.includes('--unit-only')
  ? [{ name: 'unit', label: 'unit', env: { HCNPROXYCTL_VITEST_UNIT: '1' } }]
  : [
      ...(process.argv.includes('--e2e-only') ? [] : [{ name: 'main', label: 'unit + integration', env: {} }]),
      ...(process.argv.includes('--no-e2e') ? [] : e2eRuns),
    ];

// The single executable caches koffi.node and V8 code caches; as root that would be /var/cache. Tests
// keep it in the repo's git-ignored .cache (fresh per run).
const exeCache = path.join(root, '.cache', 'test-exe-cache');
fs.rmSync(exeCache, { recursive: true, force: true });
fs.mkdirSync(exeCache, { recursive: true, mode: 0o700 });
fs.chmodSync(exeCache, 0o700);

// The hardening suites append their counts here (test/support/tally.ts).
const tallyFile = path.join(root, '.cache', 'hardening-tally.jsonl');
fs.rmSync(tallyFile, { force: true });

const total = { passed: 0, failed: 0, skipped: 0 };
/** One line per run, printed before the closing line when there is more than one run or an e2e run (its runtime). */
const perRun = [];
const labelled = runs.length > 1 || e2eRuns.some((r) => runs.includes(r));
let status = 0;
for (const run of runs) {
  const report = path.join(root, '.cache', `vitest-report-${run.name}.json`);
  fs.mkdirSync(path.dirname(report), { recursive: true });
  fs.rmSync(report, { force: true });
  if (labelled) console.log(`\n=== ${run.label} ===`);
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [vitest, 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, '--passWithNoTests', ...args], {
    cwd: root,
    stdio: 'inherit',
    env: { HCNPROXYCTL_CACHE_DIR: exeCache, ...process.env, ...run.env },
  });
  if (r.status !== 0) status = r.status ?? 1;
  const counts = { passed: 0, failed: 0, skipped: 0 };
  if (fs.existsSync(report)) {
    const j = JSON.parse(fs.readFileSync(report, 'utf8'));
    counts.passed = j.numPassedTests;
    counts.failed = j.numFailedTests;
    counts.skipped = (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0);
  } else {
    counts.failed = 1; // vitest wrote no report: count the run as a failure
  }
  for (const k of Object.keys(total)) total[k] += counts[k];
  const secs = ((Date.now() - t0) / 1000).toFixed(0);
  perRun.push(
    `${run.label}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped (${secs} s${r.status !== 0 ? `, exit ${r.status}` : ''})`,
  );
}
if (fs.existsSync(tallyFile)) {
  const t = { files: 0, inputs: 0, faults: 0, crashes: 0, hangs: 0, rulesLost: 0 };
  for (const line of fs.readFileSync(tallyFile, 'utf8').split('\n').filter(Boolean)) {
    const j = JSON.parse(line);
    t.files++;
    for (const k of ['inputs', 'faults', 'crashes', 'hangs', 'rulesLost']) t[k] += j[k] ?? 0;
  }
  console.log(
    `\nhardening (${t.files} suites): inputs tried ${t.inputs}, faults injected ${t.faults}, crashes ${t.crashes}, hangs ${t.hangs}, rules lost ${t.rulesLost}`,
  );
}
if (labelled) console.log(`\n${perRun.join('\n')}`);
console.log(`\ntests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(status);
