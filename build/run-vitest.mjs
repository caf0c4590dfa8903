#!/usr/bin/env node
// Runs the test suites, then prints one plain closing line ("N passed, N failed, N skipped") that CI
// and people can read without knowing vitest's format. Two vitest runs: the unit/integration suites
// (files in parallel), then test/e2e (real containerd, one file at a time). Arguments go to both runs;
// `--e2e-only` / `--no-e2e` pick one; `--unit-only` runs test/unit alone (no build needed: the inner loop).
// Exits non-zero if either run failed.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
const OWN = ['--e2e-only', '--no-e2e', '--unit-only'];
const args = process.argv.slice(2).filter((a) => !OWN.includes(a));
const runs = process.argv.includes('--unit-only')
  ? [{ name: 'unit', env: { HCNPROXYCTL_VITEST_UNIT: '1' } }]
  : [
      ...(process.argv.includes('--e2e-only') ? [] : [{ name: 'main', env: {} }]),
      ...(process.argv.includes('--no-e2e') ? [] : [{ name: 'e2e', env: { HCNPROXYCTL_VITEST_E2E: '1' } }]),
    ];

// The single executable caches koffi.node and V8 code caches; as root that would be /var/cache. Tests
// keep it in the repo's git-ignored .cache (fresh per run).
const exeCache = path.join(root, '.cache', 'test-exe-cache');
fs.rmSync(exeCache, { recursive: true, force: true });
fs.mkdirSync(exeCache, { recursive: true, mode: 0o700 });
fs.chmodSync(exeCache, 0o700);

// The hardening suites append their counts here (test/hardening/tally.ts).
const tallyFile = path.join(root, '.cache', 'hardening-tally.jsonl');
fs.rmSync(tallyFile, { force: true });

const total = { passed: 0, failed: 0, skipped: 0 };
let status = 0;
for (const run of runs) {
  const report = path.join(root, '.cache', `vitest-report-${run.name}.json`);
  fs.mkdirSync(path.dirname(report), { recursive: true });
  fs.rmSync(report, { force: true });
  const r = spawnSync(process.execPath, [vitest, 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, '--passWithNoTests', ...args], {
    cwd: root,
    stdio: 'inherit',
    env: { HCNPROXYCTL_CACHE_DIR: exeCache, ...process.env, ...run.env },
  });
  if (r.status !== 0) status = r.status ?? 1;
  if (fs.existsSync(report)) {
    const j = JSON.parse(fs.readFileSync(report, 'utf8'));
    total.passed += j.numPassedTests;
    total.failed += j.numFailedTests;
    total.skipped += (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0);
  } else {
    total.failed += 1; // vitest wrote no report: count the run as a failure
  }
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
console.log(`\ntests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(status);
