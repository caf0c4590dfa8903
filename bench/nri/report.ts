// bench:nri results for one runtime: the judged targets and the report, from the handling times
// (handling.ts) and the case tables (tables.ts), and the files — bench/results/nri-<runtime>-latest.json and .md, overwritten each run
// (BENCH_RESULTS_DIR=<dir> writes them there instead).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Runtime } from '../../test/support/harness/index.js';
import { judged, mdTable, resultsDir, verdict, type Judged, type Target } from '../round-robin.mjs';
import type { StartSample } from './bench.js';
import {
  BLOCK,
  CASES,
  CYCLE_CONCURRENCY,
  CYCLES,
  GATE_CONTAINERS,
  GATE_PODS,
  NRI_REQUEST_TIMEOUT,
  PLUGIN_LABEL,
  PODS,
  RESULTS_DIR,
  SAMPLE_EVERY,
  SMOKE,
  START_BLOCK,
  START_PODS,
  START_WARMUP_PODS,
  STORM,
  STORM_CONCURRENCY,
  SYNC_PODS,
  TARGET,
  WARMUP_PODS,
  type Case,
  type Json,
} from './settings.js';
import { fmt, fmtDelta, MiB, num, type Dist } from './util.js';
import { POD_EVENTS, type Handling } from './handling.js';
import { caseTable, startTable, type CaseStats } from './tables.js';

interface BenchTarget extends Target {
  runtime: string;
  valueText: string;
  limitText: string;
}

export interface RunData {
  runtime: Runtime;
  /** The containerd package's version (`2.1.9+ds1-5`). */
  containerdPackage: string;
  ab: { run: Record<Case, number[]>; stopRemove: Record<Case, number[]>; unexpected: Record<Case, number>; rounds: number; order: Case[][] };
  podStart: { samples: Record<Case, StartSample[]>; unexpected: Record<Case, number>; rounds: number; order: Case[][] };
  gate: Json;
  memory: Json;
  storm: Json;
  sync: Json;
  handled: Handling;
  notes: string[];
  wallSeconds: number;
}

export interface Report {
  result: { when: string } & Json;
  lines: string[];
  targets: Judged<BenchTarget>[];
}

export function buildReport(d: RunData): Report {
  const { runtime, ab, memory, storm, sync, handled, gate } = d;
  const rt = runtime.name;
  const a = caseTable(ab.run);
  const bb = caseTable(ab.stopRemove);
  const g = startTable(d.podStart.samples);
  const mib = (v: number | null) => (v === null ? null : v / MiB);
  const growth = memory.growth as Record<string, number | null>;
  const maxes = memory.max as Record<string, number | null>;
  const cc = handled.createContainerRedirected;
  const syncValue = (() => {
    const xs = [num(sync.answeredMs), num(sync.allTablesMs)].filter((x): x is number => x !== null);
    return xs.length === 2 ? Math.max(...xs) : num(sync.allTablesMs);
  })();
  const t = (what: string, value: number | null, limit: number, unit: string, digits = 1, extra = ''): BenchTarget => ({
    what,
    runtime: runtime.id,
    value,
    limit,
    unit,
    valueText: value === null ? 'n/a' : `${value.toFixed(digits)}${unit}${extra}`,
    limitText: `${limit.toFixed(digits)}${unit}`,
  });
  /** A ratio to "no plugin", with the milliseconds over it. */
  const vsBase = (what: string, s: CaseStats, limit: number) => t(what, s.ratioMedian, limit, ' ×', 3, ` (${fmtDelta(s.overBaseMs)} ms)`);
  const targets: Judged<BenchTarget>[] = judged([
    vsBase('a. RunPodSandbox, plugin + opted-in (median) vs no plugin', a.stats['plugin, opted-in'], TARGET.runOptedIn),
    vsBase('a. RunPodSandbox, plugin + not opted-in (median) vs no plugin', a.stats['plugin, not opted-in'], TARGET.runNotOptedIn),
    vsBase('b. Stop+Remove, plugin + not opted-in (median) vs no plugin', bb.stats['plugin, not opted-in'], TARGET.stopRemove),
    vsBase('b. Stop+Remove, plugin + opted-in (median) vs no plugin', bb.stats['plugin, opted-in'], TARGET.stopRemove),
    ...POD_EVENTS.map((e) => t(`c. handling p99, ${e} (phase a/b)`, handled.cases[e]?.p99 ?? null, TARGET.handlingP99Ms, ' ms', 2)),
    t(`c. handling p99, CreateContainer of a redirected pod (phases g, h; n ${cc.n})`, cc.p99, TARGET.createContainerP99Ms, ' ms', 3),
    t(`d. plugin VmRSS, max over ${String(memory.cycles)} cycles`, mib(maxes.vmRss ?? null), TARGET.rssMiB, ' MiB'),
    t(`d. VmRSS growth, cycle ${String(memory.growthFrom)} → ${String(memory.growthTo)}`, mib(growth.vmRss ?? null), TARGET.growthMiB, ' MiB'),
    t(`e. storm of ${STORM}: RunPodSandbox failures`, num(storm.failures), 0, '', 0),
    t(`e. storm of ${STORM}: pods without their table`, STORM - (num(storm.redirected) ?? 0), 0, '', 0),
    t(`f. Synchronize of ${SYNC_PODS} pods: answered, every table in place`, syncValue, TARGET.synchronizeMs, ' ms'),
    t(`f. Synchronize of ${SYNC_PODS} pods: pods without their table after it`, SYNC_PODS - (num(sync.tablesInPlace) ?? 0), 0, '', 0),
    vsBase('g. pod start (Run + Create + Start), plugin + opted-in (median) vs no plugin', g.stats['plugin, opted-in'], TARGET.podStartOptedIn),
  ]);

  const when = new Date().toISOString();
  const machine = `${os.cpus().length} cpu, ${os.cpus()[0]?.model ?? '?'}`;
  const result = {
    when,
    runtime: { id: runtime.id, name: runtime.name, package: d.containerdPackage },
    plugin: PLUGIN_LABEL,
    node: process.version,
    machine,
    containerd: d.containerdPackage,
    smoke: SMOKE,
    settings: {
      pods: PODS,
      block: BLOCK,
      rounds: ab.rounds,
      warmupPods: WARMUP_PODS,
      cycles: CYCLES,
      cycleConcurrency: CYCLE_CONCURRENCY,
      sampleEvery: SAMPLE_EVERY,
      storm: STORM,
      stormConcurrency: STORM_CONCURRENCY,
      syncPods: SYNC_PODS,
      startPods: START_PODS,
      startBlock: START_BLOCK,
      startRounds: d.podStart.rounds,
      startWarmupPods: START_WARMUP_PODS,
      gatePods: GATE_PODS,
      gateContainers: GATE_CONTAINERS,
      nriRequestTimeout: NRI_REQUEST_TIMEOUT,
    },
    a_runPodSandbox: { count: CASES.reduce((s, c) => s + ab.run[c].length, 0), cases: a.stats, unexpectedTables: ab.unexpected, order: ab.order },
    b_stopRemove: { count: CASES.reduce((s, c) => s + ab.stopRemove[c].length, 0), cases: bb.stats },
    c_handling: handled,
    d_memory: memory,
    e_storm: storm,
    f_synchronize: sync,
    g_podStart: {
      count: CASES.reduce((s, c) => s + d.podStart.samples[c].length, 0),
      cases: g.stats,
      unexpectedTables: d.podStart.unexpected,
      order: d.podStart.order,
    },
    h_gate: { ...gate, handling: cc },
    targets,
    notes: d.notes,
    wallSeconds: d.wallSeconds,
  };

  // The warm-up's lines stay in the JSON only.
  const handledRows = handled.rows
    .filter((x) => x.phase !== 'warmup')
    .map((x) => [x.phase, x.event, x.outcome, String(x.n), fmt(x.p50, 2), fmt(x.p99, 2), fmt(x.max, 2)]);
  const memRows = (memory.samples as Json[]).map((s) => [
    String(s.cycle),
    fmt(mib(num(s.vmRss))),
    fmt(mib(num(s.rssAnon))),
    fmt(mib(num(s.rssFile))),
    fmt(mib(num(s.heapUsed))),
    fmt(mib(num(s.external))),
  ]);
  const stormRun = storm.runMs as Dist;
  const gateCreate = gate.createMs as Dist;
  const outcomesText = Object.entries(cc.outcomes)
    .map(([o, n]) => `${o} ${n}`)
    .join(', ');
  const lines = [
    `# NRI benchmark on ${rt}, ${when}`,
    '',
    `Runtime: **${rt}** (package ${d.containerdPackage}; \`HCNPROXYCTL_E2E_RUNTIME=${runtime.id}\`; NRI plugin_request_timeout ${NRI_REQUEST_TIMEOUT}). ` +
      `Plugin: ${PLUGIN_LABEL}. Node ${process.version}, ${machine}${SMOKE ? '. **SMOKE run (tiny counts): not a measurement**' : ''}.`,
    `a/b: ${PODS} pods per case in ${ab.rounds} rounds of ${BLOCK} per case, case order rotated each round, after ${WARMUP_PODS} warm-up pods per case; the plugin stopped (SIGTERM, exit awaited) for "no plugin". ` +
      `g: the same with ${START_PODS} pods per case in ${d.podStart.rounds} rounds of ${START_BLOCK}, after ${START_WARMUP_PODS} warm-up pods per case, each pod with one app container.`,
    '',
    `## a. RunPodSandbox (CRI call, client side) — ${rt}`,
    '',
    ...a.lines,
    '',
    `Unexpected table state right after RunPodSandbox: ${CASES.map((c) => `${c} ${ab.unexpected[c]}`).join(', ')}.`,
    '',
    `## b. StopPodSandbox + RemovePodSandbox (CRI calls, client side) — ${rt}`,
    '',
    ...bb.lines,
    '',
    `## c. The plugin's handling time per event ("event handled" log lines, event in → reply ready) — ${rt}`,
    '',
    ...(handledRows.length > 0
      ? mdTable(['phase', 'event', 'outcome', 'n:', 'p50 ms:', 'p99 ms:', 'max ms:'], handledRows)
      : ['n/a: the plugin logged no "event handled" lines with "ms".']),
    '',
    `CreateContainer of a pod redirected at RunPodSandbox (phases "pod start" and "gate", opted-in pods that had their table): n ${cc.n}, ` +
      `p50 ${fmt(cc.median, 3)} ms, p99 ${fmt(cc.p99, 3)} ms, max ${fmt(cc.max, 3)} ms; outcomes: ${outcomesText || 'none'}.`,
    '',
    `## d. Plugin memory (${String(memory.cycles)} opted-in Run+Stop+Remove cycles, ${CYCLE_CONCURRENCY} at a time; sample after SIGUSR2 → GC) — ${rt}`,
    '',
    ...mdTable(['after cycle:', 'VmRSS MiB:', 'of it RssAnon (private):', "RssFile (the executable's pages):", 'heapUsed MiB:', 'external MiB:'], memRows),
    '',
    `Growth, cycle ${String(memory.growthFrom)} → ${String(memory.growthTo)}: VmRSS ${fmt(mib(growth.vmRss ?? null), 2)} MiB, RssAnon ${fmt(mib(growth.rssAnon ?? null), 2)} MiB, heapUsed ${fmt(mib(growth.heapUsed ?? null), 2)} MiB. ` +
      `Cycle failures: ${String(memory.failures)}; cycle wall time median ${fmt((memory.cycleMs as Dist).median)} ms; ${fmt(num(memory.wallMs) === null ? null : (memory.wallMs as number) / 1000)} s in all.`,
    '',
    `## e. Storm: ${STORM} opted-in pods, ${STORM_CONCURRENCY} RunPodSandbox at a time — ${rt}`,
    '',
    `Wall time until the last RunPodSandbox returned: ${fmt(num(storm.wallMs))} ms; RunPodSandbox median ${fmt(stormRun.median)} ms, p95 ${fmt(stormRun.p95)} ms, max ${fmt(stormRun.max)} ms. ` +
      `Failures: ${String(storm.failures)}. Redirected when RunPodSandbox returned: ${String(storm.redirected)}/${STORM}. Removal: ${fmt(num(storm.removeWallMs))} ms, ${String(storm.removeFailures)} failures.`,
    '',
    `## f. Synchronize: ${SYNC_PODS} opted-in pods created while the plugin was stopped, then the plugin started — ${rt}`,
    '',
    `Answered (its "event handled" Synchronize line): ${fmt(num(sync.answeredMs))} ms. Every pod done (its "synchronized" line): ${fmt(num(sync.allTablesMs))} ms` +
      `${sync.synchronizedCounts ? ` (${JSON.stringify(sync.synchronizedCounts)})` : ''}. Tables in place afterwards: ${String(sync.tablesInPlace)}/${SYNC_PODS} (before the plugin: ${String(sync.tablesBefore)}). ` +
      `Bench clock from spawning the plugin: registered ${fmt(num(sync.spawnToRegisteredMs))} ms, synchronized ${fmt(num(sync.spawnToSynchronizedMs))} ms.`,
    '',
    `## g. Pod start: RunPodSandbox + CreateContainer + StartContainer (CRI calls back to back, client side) — ${rt}`,
    '',
    ...g.lines,
    '',
    ...g.partLines,
    '',
    `Unexpected table state after the container started: ${CASES.map((c) => `${c} ${d.podStart.unexpected[c]}`).join(', ')}.`,
    '',
    `## h. CreateContainer in redirected pods (the gate answered from memory) — ${rt}`,
    '',
    `${String(gate.count)} containers created in ${String(gate.pods)} opted-in pods (${String(gate.containersPerPod)} each, one at a time, never started), plugin connected: ` +
      `CreateContainer (CRI call) median ${fmt(gateCreate.median)} ms, p95 ${fmt(gateCreate.p95)} ms. Failures: ${String(gate.failures)}; pods without their table: ${String(gate.podsWithoutTable)}. ` +
      `The plugin's handling: section c.`,
    '',
    `## Targets — ${rt}`,
    '',
    ...mdTable(
      ['target', 'runtime', 'value:', 'limit:', ''],
      targets.map((x) => [x.what, rt, x.valueText, x.limitText, verdict(x)]),
    ),
    '',
    ...(d.notes.length > 0 ? ['Notes:', '', ...d.notes.map((n) => `- ${n}`), ''] : []),
  ];
  return { result, lines, targets };
}

/** Writes nri-<runtime>-latest.json and .md (overwritten: no per-run files), prints the report; returns the .md path. */
export function writeLatest(runtime: Runtime, r: Report): string {
  const out = resultsDir(RESULTS_DIR);
  fs.mkdirSync(out, { recursive: true });
  const base = path.join(out, `nri-${runtime.id}-latest`);
  fs.writeFileSync(`${base}.json`, `${JSON.stringify(r.result, null, 2)}\n`);
  fs.writeFileSync(`${base}.md`, r.lines.join('\n'));
  console.log(r.lines.join('\n'));
  return `${base}.md`;
}
