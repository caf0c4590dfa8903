// One bench:nri run on one containerd runtime: start the harness' containerd (NRI on, no CNI entry of
// ours), run every measurement, write nri-<runtime>-latest.{json,md}, and always tear containerd and
// every pod down (also on SIGINT/SIGTERM); the run fails if the harness reports anything left behind.
import { cases as runCases } from './scenarios/cases.js';
import { gate as runGate } from './scenarios/gate.js';
import { memory as runMemory } from './scenarios/memory.js';
import { podStart as runPodStart } from './scenarios/pod-start.js';
import { storm as runStorm } from './scenarios/storm.js';
import { synchronize as runSynchronize } from './scenarios/synchronize.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { CriClient } from '../../src/cri/index.js';
import { criFor, startContainerd, type Containerd, type Runtime } from '../../test/support/harness/index.js';
import { verdict } from '../round-robin.mjs';
import { Bench } from './bench.js';
import { journal, resetJournal } from './plugin.js';
import { handling } from './handling.js';
import { buildReport, writeLatest } from './report.js';
import {
  BLOCK,
  CYCLE_CONCURRENCY,
  CYCLES,
  GATE_CONTAINERS,
  GATE_PODS,
  NRI_REQUEST_TIMEOUT,
  PLUGIN_LABEL,
  PODS,
  SMOKE,
  START_BLOCK,
  START_PODS,
  STORM,
  STORM_CONCURRENCY,
  SYNC_PODS,
} from './settings.js';

export interface RunOutcome {
  runtime: Runtime;
  status: number;
  /** The Markdown report, when one was written. */
  report?: string;
  /** PASS/MISS/n/a counts of the targets. */
  verdicts?: Record<string, number>;
  seconds: number;
}

export async function runOnRuntime(runtime: Runtime, o: { severalRuntimes: boolean }): Promise<RunOutcome> {
  resetJournal();
  const label = `bench:nri [${runtime.name}]`;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hcnproxyctl-bench-nri-'));
  const configFile = path.join(tmp, 'nri.json');
  fs.writeFileSync(configFile, JSON.stringify({ policy: { inboundPort: 15006, outboundPort: 15001, proxyUid: 1337 } }));
  // The executable's cache (koffi.node, V8 code caches) in the run's own folder, not /var/cache.
  const cacheDir = path.join(tmp, 'cache');
  fs.mkdirSync(cacheDir, { mode: 0o700 });

  let bench: Bench | undefined;
  // Ctrl-C / SIGTERM: the plugin goes first; the harness' own handler (registered later, so it runs
  // after this one) tears containerd and every pod down and re-raises the signal.
  const onSignal = (sig: NodeJS.Signals) => {
    console.error(`${label}: ${sig}: stopping the plugin and containerd`);
    try {
      bench?.plugin?.child.kill('SIGKILL');
    } catch {
      // already gone
    }
    fs.rmSync(tmp, { recursive: true, force: true });
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const started = performance.now();
  const outcome: RunOutcome = { runtime, status: 0, seconds: 0 };
  let cd: Containerd | undefined;
  let cri: CriClient | undefined;
  /** Runs one section, with its duration on the progress line. */
  const section = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    console.error(`${label}: ${what}`);
    const r = await fn();
    console.error(`${label}:   done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    return r;
  };
  try {
    cd = await startContainerd({ runtime, chain: 'none', nriRequestTimeout: NRI_REQUEST_TIMEOUT });
    cri = await criFor(cd);
    const b = new Bench(cd, cri, tmp, configFile, cacheDir, label);
    bench = b;
    console.error(`${label}: containerd ${cd.packages.versions.containerd} in ${cd.run}; plugin: ${PLUGIN_LABEL}${SMOKE ? '; SMOKE counts' : ''}`);

    const ab = await section(`a/b: ${PODS} pods per case, ${BLOCK} per case and round`, () => runCases(b));
    const podStart = await section(`g: pod start with a container, ${START_PODS} pods per case, ${START_BLOCK} per case and round`, () => runPodStart(b));
    const gate = await section(`h: ${GATE_PODS} redirected pods × ${GATE_CONTAINERS} CreateContainer`, () => runGate(b));
    const memory = await section(`d: ${CYCLES} cycles, ${CYCLE_CONCURRENCY} at a time`, () => runMemory(b));
    const storm = await section(`e: storm of ${STORM}, ${STORM_CONCURRENCY} at a time`, () => runStorm(b));
    const sync = await section(`f: Synchronize of ${SYNC_PODS} pods`, () => runSynchronize(b));
    journal.phase = 'end';
    await b.stopPlugin();

    const report = buildReport({
      runtime,
      containerdPackage: cd.packages.versions.containerd ?? runtime.version,
      ab,
      podStart,
      gate,
      memory,
      storm,
      sync,
      handled: handling(journal.lines, b.redirectedPods),
      notes: b.notes,
      wallSeconds: (performance.now() - started) / 1000,
    });
    outcome.report = writeLatest(runtime, report);
    const verdicts = report.targets.map(verdict);
    outcome.verdicts = Object.fromEntries((['PASS', 'MISS', 'n/a'] as const).map((v) => [v, verdicts.filter((x) => x === v).length]));
  } catch (e) {
    outcome.status = 1;
    console.error(`${label} failed: ${(e as Error).stack ?? String(e)}`);
    if (bench?.plugin) console.error(`plugin log (last lines):\n${bench.plugin.logTail()}`);
    if (cd) console.error(`containerd log (last lines):\n${cd.logTail(20)}`);
  } finally {
    journal.phase = 'teardown';
    if (bench) {
      await bench.stopPlugin().catch(() => undefined);
      const failed = await bench.removeAll();
      if (failed.length > 0) console.error(`${label}: could not remove ${failed.length} pods (the teardown kills them): ${failed.join('; ')}`);
    }
    cri?.close();
    if (cd) {
      try {
        await cd.stop();
        // A veth on a bridge that is not a containerd e2e run's belongs to another program running
        // meanwhile (e.g. a test suite's network lab): reported, not counted against this run.
        const bridge = cd.bridge;
        const foreign = (l: string) => {
          const m = /^link veth\S* \(new veth on (\S+)\)$/.exec(l);
          return m !== null && m[1] !== bridge && !m[1]!.startsWith('e2e-');
        };
        const all = cd.leftovers();
        const others = all.filter(foreign);
        if (others.length > 0) console.error(`${label}: not ours (another program's, created meanwhile):\n${others.join('\n')}`);
        const left = all.filter((l) => !foreign(l));
        if (left.length > 0) {
          outcome.status = 1;
          console.error(`${label}: containerd run ${cd.run} left behind:\n${left.join('\n')}`);
        }
      } catch (e) {
        outcome.status = 1;
        console.error(`${label}: ${(e as Error).message}`);
      }
    }
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    // BENCH_PLUGIN_LOG=<file>: keep the plugin's log lines (for looking into a miss); with both
    // runtimes, <file> gets the runtime's id before its extension (plugin-1.7.log, plugin-2.x.log).
    const keep = process.env.BENCH_PLUGIN_LOG;
    if (keep && fs.existsSync(path.join(tmp, 'plugin.log'))) fs.copyFileSync(path.join(tmp, 'plugin.log'), pluginLogFile(keep, runtime, o.severalRuntimes));
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  outcome.seconds = (performance.now() - started) / 1000;
  return outcome;
}

/** BENCH_PLUGIN_LOG as given for a single runtime; with the runtime's id before the extension when running several. */
function pluginLogFile(keep: string, runtime: Runtime, several: boolean): string {
  if (!several) return keep;
  const ext = path.extname(keep);
  return `${keep.slice(0, keep.length - ext.length)}-${runtime.id}${ext}`;
}
