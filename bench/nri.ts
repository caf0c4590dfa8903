// NRI benchmark (npm run bench:nri; bundled into dist/bench-nri.cjs by build/bundle.mjs): the NRI face
// (`hcnproxyctl nri`, the single executable, or `node dist/main.cjs nri` with BENCH_PLUGIN=node) on the
// e2e harness' real containerd — 1.7.24 and 2.1.9 (test/support/harness/runtime.ts), one after the other
// unless one is chosen — driven through CRI. What it measures, per runtime:
//   a. RunPodSandbox wall time (the CRI call, client side): no plugin connected; plugin + opted-in pod;
//      plugin + pod not opted in. Interleaved: rounds of BLOCK pods per case, the order rotated each
//      round, the plugin started for the plugin cases and stopped (SIGTERM, exit awaited) for the other.
//   b. StopPodSandbox + RemovePodSandbox wall time of the same pods (same plugin state).
//   c. The plugin's own handling time per event, from its `"msg":"event handled"` log lines; judged:
//      each pod event in a/b, and CreateContainer of a pod it redirected at RunPodSandbox (g, h).
//   d. The plugin's RSS (/proc/<pid>/status VmRSS, and the rss/heapUsed/external it logs on SIGUSR2
//      after a forced GC) after connecting and every SAMPLE_EVERY of CYCLES opted-in Run+Stop+Remove
//      cycles (4 at a time); growth from the middle of the cycles to the end.
//   e. A storm: STORM opted-in pods created 10 at a time; failures, and pods without their table when
//      RunPodSandbox returned.
//   f. Synchronize: SYNC_PODS opted-in pods created with the plugin stopped, then the plugin started: the
//      time to answer Synchronize and until every pod has its table (the plugin's log), verified in
//      every pod's netns.
//   g. Pod start — RunPodSandbox + CreateContainer + StartContainer of one app container, back to back —
//      in the three cases of a, interleaved the same way: medians, ratios and milliseconds over "no
//      plugin", and each call's share.
//   h. The gate's fast path: GATE_CONTAINERS containers created (CreateContainer only) in each of
//      GATE_PODS redirected pods, so that c's CreateContainer p99 has enough samples.
// Targets are judged PASS/MISS and never fail the run. Needs root (the containerd e2e prerequisites).
// Runtime: `--runtime=1.7|2.x|both`, else HCNPROXYCTL_E2E_RUNTIME (one), else both.
// Env: BENCH_PODS (pods per case in a/b, default 60), BENCH_BLOCK (per case and round, default 5),
// BENCH_START_PODS / BENCH_START_BLOCK (the same for g, default 60 / 5), BENCH_GATE_PODS /
// BENCH_GATE_CONTAINERS (h, default 10 × 20), BENCH_CYCLES (default 1000), BENCH_STORM (default 50),
// BENCH_SYNC_PODS (default 110), BENCH_SMOKE=1 (tiny counts, same code path), BENCH_PLUGIN=node,
// BENCH_PLUGIN_LOG=<file>, BENCH_RESULTS_DIR=<dir> (instead of bench/results). Writes, per runtime,
// nri-<runtime>-latest.json and nri-<runtime>-latest.md (overwritten each run).
// The parts: bench/nri/ (settings, plugin process, measurements, report, one runtime's run).
import fs from 'node:fs';
import { missingPrerequisites, type Runtime } from '../test/support/harness/index.js';
import { runOnRuntime, type RunOutcome } from './nri/run.js';
import { EXE, MAIN, selectedRuntimes, useExe } from './nri/settings.js';

async function main(): Promise<number> {
  let runtimes: Runtime[];
  try {
    runtimes = selectedRuntimes();
  } catch (e) {
    console.error(`bench:nri: ${(e as Error).message}`);
    return 2;
  }
  const missing = missingPrerequisites();
  if (missing.length > 0) {
    console.error(`bench:nri needs ${missing.join(', ')} (it runs a real containerd with pods)`);
    return 2;
  }
  if (!fs.existsSync(useExe ? EXE : MAIN)) {
    console.error(`${useExe ? EXE : MAIN} is missing: npm run build${useExe ? ':exe' : ''}`);
    return 2;
  }
  const several = runtimes.length > 1;
  if (several) console.error(`bench:nri: on ${runtimes.map((r) => r.name).join(', then ')} (one only: HCNPROXYCTL_E2E_RUNTIME=1.7|2.x)`);
  const outcomes: RunOutcome[] = [];
  // One after the other, never side by side: each run has the machine to itself.
  for (const rt of runtimes) outcomes.push(await runOnRuntime(rt, { severalRuntimes: several }));
  if (several) {
    console.error('bench:nri: summary');
    for (const o of outcomes) {
      const v = o.verdicts ? Object.entries(o.verdicts).map(([k, n]) => `${n} ${k}`) : [];
      console.error(`  ${o.runtime.name}: ${o.status === 0 ? 'ok' : 'FAILED'} in ${o.seconds.toFixed(0)} s${o.report ? `; ${v.join(', ')}; ${o.report}` : ''}`);
    }
  }
  return Math.max(0, ...outcomes.map((o) => o.status));
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(`bench:nri: ${(e as Error).stack ?? String(e)}`);
    process.exitCode = 1;
  },
);
