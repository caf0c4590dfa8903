// NRI benchmark (npm run bench:nri; bundled into dist/bench-nri.cjs by build/bundle.mjs): the NRI face
// (`hcnproxyctl nri`, the single executable, or `node dist/main.cjs nri` with BENCH_PLUGIN=node) on one
// real containerd 1.7.24 from the e2e harness, driven through CRI. What it measures:
//   a. RunPodSandbox wall time (the CRI call, client side): no plugin connected; plugin + opted-in pod;
//      plugin + pod not opted in. Interleaved: rounds of BLOCK pods per case, the order rotated each
//      round, the plugin started for the plugin cases and stopped (SIGTERM, exit awaited) for the other.
//   b. StopPodSandbox + RemovePodSandbox wall time of the same pods (same plugin state).
//   c. The plugin's own handling time per event, from its `"msg":"event handled"` log lines.
//   d. The plugin's RSS (/proc/<pid>/status VmRSS, and the rss/heapUsed/external it logs on SIGUSR2
//      after a forced GC) after connecting and every SAMPLE_EVERY of CYCLES opted-in Run+Stop+Remove
//      cycles (4 at a time); growth from the middle of the cycles to the end.
//   e. A storm: STORM opted-in pods created 10 at a time; failures, and pods without their table when
//      RunPodSandbox returned.
//   f. Synchronize: SYNC_PODS opted-in pods created with the plugin stopped, then the plugin started: the
//      time to answer Synchronize and until every pod has its table (the plugin's log), verified in
//      every pod's netns.
// Targets are judged PASS/MISS and never fail the run. Needs root (the containerd e2e prerequisites).
// Env: BENCH_PODS (pods per case, default 30), BENCH_BLOCK (pods per case and round, default 5),
// BENCH_CYCLES (default 1000), BENCH_STORM (default 50), BENCH_SYNC_PODS (default 110),
// BENCH_SMOKE=1 (tiny counts, same code path), BENCH_PLUGIN=node, BENCH_RESULTS_DIR=<dir> (instead of
// bench/results). Writes nri-<timestamp>.json and nri-latest.md.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { NamespaceMode, type CriClient, type PodSandboxConfig } from '../src/cri/index.js';
import { criFor, missingPrerequisites, startContainerd, type Containerd } from '../test/e2e/harness/index.js';
import { REPO_ROOT } from '../test/e2e/harness/packages.js';
import { judged, mdTable, quantile, verdict, writeResults, type Judged, type Target } from './round-robin.mjs';

// ---- settings ------------------------------------------------------------------------------------

const SMOKE = process.env.BENCH_SMOKE === '1';
const envInt = (name: string, dflt: number, min = 1): number => {
  const v = process.env[name];
  if (v === undefined || v === '') return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer ≥ ${min}, got ${JSON.stringify(v)}`);
  return n;
};
const PODS = envInt('BENCH_PODS', SMOKE ? 3 : 60);
const BLOCK = Math.min(PODS, envInt('BENCH_BLOCK', SMOKE ? 1 : 5));
const WARMUP_PODS = SMOKE ? 1 : 2;
const CYCLES = envInt('BENCH_CYCLES', SMOKE ? 20 : 1000);
const CYCLE_CONCURRENCY = 4;
const SAMPLE_EVERY = Math.min(100, Math.max(1, Math.ceil(CYCLES / 10)));
const STORM = envInt('BENCH_STORM', SMOKE ? 10 : 50);
const STORM_CONCURRENCY = 10;
const SYNC_PODS = envInt('BENCH_SYNC_PODS', SMOKE ? 10 : 110);
const SYNC_CONCURRENCY = 10;

const TARGET = {
  runOptedIn: 1.03,
  runNotOptedIn: 1.01,
  stopRemove: 1.01,
  handlingP99Ms: 3,
  rssMiB: 80,
  growthMiB: 5,
  synchronizeMs: 200,
};

const EXE = path.join(REPO_ROOT, 'dist', 'hcnproxyctl');
const MAIN = path.join(REPO_ROOT, 'dist', 'main.cjs');
const useExe = process.env.BENCH_PLUGIN !== 'node' && fs.existsSync(EXE);
const PLUGIN_LABEL = useExe ? 'dist/hcnproxyctl nri (single executable)' : 'node dist/main.cjs nri';
const NFT = ['/usr/sbin/nft', '/sbin/nft'].find((p) => fs.existsSync(p)) ?? 'nft';
const TABLE = 'table inet hcnproxyctl';

const OPT_IN = { 'hcnproxyctl.io/enabled': 'true' };
const ISTIO = { 'sidecar.istio.io/status': '{"containers":["istio-proxy"]}' };
const PLAIN = { app: 'plain' };
/** Cycles, storm and Synchronize alternate the two opt-in forms (our annotation, Istio's injector). */
const optIn = (i: number): Record<string, string> => (i % 2 === 0 ? OPT_IN : ISTIO);

const CASES = ['no plugin', 'plugin, opted-in', 'plugin, not opted-in'] as const;
type Case = (typeof CASES)[number];
const BASE: Case = 'no plugin';

type Json = Record<string, unknown>;

// ---- small helpers -------------------------------------------------------------------------------

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const MiB = 1024 * 1024;
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const fmt = (v: number | null | undefined, digits = 1): string => (v === null || v === undefined || Number.isNaN(v) ? 'n/a' : v.toFixed(digits));

interface Dist {
  n: number;
  median: number | null;
  p95: number | null;
  p99: number | null;
  min: number | null;
  max: number | null;
}
function dist(xs: readonly number[]): Dist {
  if (xs.length === 0) return { n: 0, median: null, p95: null, p99: null, min: null, max: null };
  return { n: xs.length, median: quantile(xs, 0.5), p95: quantile(xs, 0.95), p99: quantile(xs, 0.99), min: Math.min(...xs), max: Math.max(...xs) };
}
const ratio = (a: number | null, b: number | null): number | null => (a === null || b === null || b === 0 ? null : a / b);

/** Runs `fn` over `items` with at most `limit` in flight; results in item order. */
async function pool<T, R>(items: readonly T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) out[i] = await fn(items[i]!, i);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

function execText(cmd: string, args: readonly string[], timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { encoding: 'utf8', timeout: timeoutMs }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${cmd} ${args.join(' ')}: ${stderr.trim() || err.message}`));
      else resolve(stdout);
    });
  });
}

/** Whether our table is in the pod's network namespace. */
async function hasTable(netnsPath: string): Promise<boolean> {
  return (await execText('nsenter', [`--net=${netnsPath}`, '--', NFT, 'list', 'tables'])).includes(TABLE);
}

// ---- the plugin process --------------------------------------------------------------------------

/** The bench's current phase: every plugin log line is tagged with it when it arrives. */
let phase = 'start';
/** Every JSON line of every plugin instance, in arrival order. */
const allLines: Json[] = [];

class Plugin {
  readonly lines: Json[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly spawnedAt = performance.now();
  private tail = '';
  private waiters: (() => void)[] = [];
  private gone = false;

  constructor(
    readonly child: ChildProcess,
    private readonly logFile: string,
  ) {
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        this.gone = true;
        this.flushTail();
        resolve({ code, signal });
        this.wake();
      }),
    );
    child.stderr!.on('data', (d: Buffer) => {
      this.tail += d.toString();
      const parts = this.tail.split('\n');
      this.tail = parts.pop() ?? '';
      for (const p of parts) this.take(p);
      this.wake();
    });
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  get alive(): boolean {
    return !this.gone;
  }

  private flushTail(): void {
    if (this.tail) this.take(this.tail);
    this.tail = '';
  }

  private take(raw: string): void {
    if (!raw.trim()) return;
    fs.appendFileSync(this.logFile, `${raw}\n`);
    let line: Json;
    try {
      const parsed: unknown = JSON.parse(raw);
      line = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Json) : { raw };
    } catch {
      line = { raw };
    }
    line.benchPhase = phase;
    line.benchAt = performance.now();
    this.lines.push(line);
    allLines.push(line);
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** The first line from index `from` on that matches; null on timeout or when the process exits. */
  async waitFor(match: (l: Json) => boolean, timeoutMs: number, from = 0): Promise<Json | null> {
    const deadline = performance.now() + timeoutMs;
    for (let i = from; ;) {
      for (; i < this.lines.length; i++) if (match(this.lines[i]!)) return this.lines[i]!;
      if (this.gone || performance.now() > deadline) return null;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.max(1, deadline - performance.now()));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  logTail(n = 30): string {
    return this.lines
      .slice(-n)
      .map((l) => (typeof l.raw === 'string' ? l.raw : JSON.stringify(l)))
      .join('\n');
  }

  /** SIGTERM, wait for the exit (SIGKILL after 10 s). */
  async stop(): Promise<void> {
    if (this.gone) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await this.exited;
    clearTimeout(timer);
  }

  /** Whether the process catches `signal` (SigCgt of /proc/<pid>/status): sending an unhandled SIGUSR2 would kill it. */
  catches(signal: number): boolean {
    try {
      const m = /^SigCgt:\s*([0-9a-f]+)$/m.exec(fs.readFileSync(`/proc/${this.pid}/status`, 'utf8'));
      return m ? (BigInt(`0x${m[1]}`) & (1n << BigInt(signal - 1))) !== 0n : false;
    } catch {
      return false;
    }
  }

  /** VmRSS in bytes, null when unreadable. */
  vmRss(): number | null {
    return this.status('VmRSS');
  }

  /**
   * A /proc/<pid>/status memory line in bytes (VmRSS = RssAnon + RssFile + RssShmem). RssFile is the
   * executable's own pages mapped from the page cache (clean, shared, reclaimable); RssAnon is the
   * process's private memory.
   */
  status(key: 'VmRSS' | 'RssAnon' | 'RssFile'): number | null {
    try {
      const m = new RegExp(`^${key}:\\s*(\\d+)\\s*kB$`, 'm').exec(fs.readFileSync(`/proc/${this.pid}/status`, 'utf8'));
      return m ? Number(m[1]) * 1024 : null;
    } catch {
      return null;
    }
  }
}

const isMsg = (msg: string) => (l: Json) => l.msg === msg;
const isHandled = (event: string) => (l: Json) => l.msg === 'event handled' && l.event === event;

// ---- the benchmark -------------------------------------------------------------------------------

class Bench {
  plugin: Plugin | undefined;
  readonly live = new Set<string>();
  private seq = 0;
  readonly notes: string[] = [];

  constructor(
    readonly cd: Containerd,
    readonly cri: CriClient,
    readonly tmp: string,
    readonly configFile: string,
    readonly cacheDir: string,
  ) {}

  // -- plugin --

  /** Starts the plugin and waits until it registered and synchronized (its log lines). */
  async startPlugin(): Promise<Plugin> {
    if (this.plugin?.alive) throw new Error('the plugin is already running');
    const args = ['nri', '--socket', this.cd.nriSocket, '--config', this.configFile, '--log-level', 'debug'];
    const env: NodeJS.ProcessEnv = { ...process.env, HCNPROXYCTL_CACHE_DIR: this.cacheDir };
    // Neither the CNI face nor the pre-installed mode.
    delete env.CNI_COMMAND;
    delete env.NRI_PLUGIN_SOCKET;
    const [cmd, argv] = useExe ? [EXE, args] : [process.execPath, [MAIN, ...args]];
    const child = spawn(cmd, argv, { stdio: ['ignore', 'ignore', 'pipe'], env });
    const p = new Plugin(child, path.join(this.tmp, 'plugin.log'));
    this.plugin = p;
    const ready = await p.waitFor((l) => l.msg === 'synchronized' || (l.msg === 'event handled' && l.event === 'Synchronize'), 30_000);
    if (!ready) {
      const registered = p.lines.some(isMsg('registered'));
      if (!p.alive || !registered) throw new Error(`the plugin did not register (${p.alive ? 'still running' : 'exited'}); its log:\n${p.logTail()}`);
      this.note('the plugin registered but logged no "synchronized" line within 30 s');
    }
    return p;
  }

  async stopPlugin(): Promise<void> {
    const p = this.plugin;
    if (!p) return;
    await p.stop();
    this.plugin = undefined;
  }

  /** Plugin running or not; a short settle after a change so containerd has seen the (dis)connection. */
  async pluginState(on: boolean): Promise<void> {
    if (on === Boolean(this.plugin?.alive)) return;
    if (on) await this.startPlugin();
    else await this.stopPlugin();
    await sleep(300);
  }

  note(s: string): void {
    if (!this.notes.includes(s)) this.notes.push(s);
    console.error(`bench:nri: ${s}`);
  }

  // -- pods --

  podConfig(annotations: Record<string, string>): PodSandboxConfig {
    const name = `bench-${process.pid}-${++this.seq}`;
    const namespace = 'bench';
    const uid = `${this.cd.tag}-${name}`;
    return {
      metadata: { name, uid, namespace, attempt: 0 },
      hostname: name,
      logDirectory: this.cd.podLogDir(namespace, name, uid),
      labels: {},
      annotations,
      linux: {
        cgroupParent: this.cd.cgroupParent,
        securityContext: { namespaceOptions: { network: NamespaceMode.POD, pid: NamespaceMode.CONTAINER, ipc: NamespaceMode.POD } },
      },
    };
  }

  /** RunPodSandbox; `ms` is the CRI call alone. */
  async run(annotations: Record<string, string>): Promise<{ id: string; ms: number }> {
    const config = this.podConfig(annotations);
    const t0 = performance.now();
    const id = await this.cri.runPodSandbox(config);
    const ms = performance.now() - t0;
    this.live.add(id);
    return { id, ms };
  }

  /** StopPodSandbox + RemovePodSandbox; `ms` is both CRI calls. */
  async remove(id: string): Promise<number> {
    const t0 = performance.now();
    await this.cri.stopPodSandbox(id);
    await this.cri.removePodSandbox(id);
    const ms = performance.now() - t0;
    this.live.delete(id);
    return ms;
  }

  /** The pod's network namespace path, from the verbose PodSandboxStatus (the runtime spec). */
  async netnsOf(id: string): Promise<string> {
    const st = await this.cri.podSandboxStatus(id, true);
    let info: Json = {};
    try {
      info = JSON.parse(st.info?.info ?? '{}') as Json;
    } catch {
      // no verbose info
    }
    const spec = info.runtimeSpec as { linux?: { namespaces?: { type: string; path?: string }[] } } | undefined;
    const p = spec?.linux?.namespaces?.find((n) => n.type === 'network')?.path;
    if (!p) throw new Error(`no network namespace path for pod ${id}`);
    return p;
  }

  /** Best effort: every pod this run still has. */
  async removeAll(): Promise<string[]> {
    const failed: string[] = [];
    await pool([...this.live], 4, async (id) => {
      try {
        await this.remove(id);
      } catch (e) {
        failed.push(`${id}: ${(e as Error).message}`);
      }
    });
    return failed;
  }

  // -- a, b --

  async cases(): Promise<{
    run: Record<Case, number[]>;
    stopRemove: Record<Case, number[]>;
    unexpected: Record<Case, number>;
    rounds: number;
    order: Case[][];
  }> {
    const run = { 'no plugin': [], 'plugin, opted-in': [], 'plugin, not opted-in': [] } as Record<Case, number[]>;
    const stopRemove = { 'no plugin': [], 'plugin, opted-in': [], 'plugin, not opted-in': [] } as Record<Case, number[]>;
    const unexpected = { 'no plugin': 0, 'plugin, opted-in': 0, 'plugin, not opted-in': 0 } as Record<Case, number>;
    const order: Case[][] = [];

    const block = async (c: Case, n: number, record: boolean) => {
      await this.pluginState(c !== 'no plugin');
      const ids: string[] = [];
      for (let i = 0; i < n; i++) {
        const { id, ms } = await this.run(c === 'plugin, not opted-in' ? PLAIN : OPT_IN);
        ids.push(id);
        if (record) run[c].push(ms);
        // Outside the timing: the table is there exactly for an opted-in pod with the plugin connected.
        const want = c === 'plugin, opted-in';
        if ((await hasTable(await this.netnsOf(id))) !== want) {
          unexpected[c]++;
          this.note(`${c}: pod ${id} ${want ? 'has no table' : 'has a table'} after RunPodSandbox`);
        }
      }
      for (const id of ids) {
        const ms = await this.remove(id);
        if (record) stopRemove[c].push(ms);
      }
    };

    phase = 'warmup';
    for (const c of CASES) await block(c, WARMUP_PODS, false);
    phase = 'cases';
    const rounds = Math.ceil(PODS / BLOCK);
    for (let r = 0; r < rounds; r++) {
      const rotated = CASES.map((_, i) => CASES[(i + r) % CASES.length]!);
      order.push(rotated);
      for (const c of rotated) {
        const n = Math.min(BLOCK, PODS - run[c].length);
        if (n > 0) await block(c, n, true);
      }
    }
    return { run, stopRemove, unexpected, rounds, order };
  }

  // -- d --

  async memorySample(p: Plugin, cycle: number): Promise<Json> {
    let logged: Json | null = null;
    if (p.catches(12 /* SIGUSR2 */)) {
      const from = p.lines.length;
      p.child.kill('SIGUSR2');
      logged = await p.waitFor(isMsg('memory'), 5000, from);
      if (!logged) this.note('SIGUSR2 sent but no "memory" line within 5 s');
    } else {
      this.note('the plugin does not handle SIGUSR2 (not sent: it would end the process); memory from VmRSS only');
    }
    return {
      cycle,
      vmRss: p.vmRss(),
      rssAnon: p.status('RssAnon'),
      rssFile: p.status('RssFile'),
      rss: num(logged?.rss),
      heapUsed: num(logged?.heapUsed),
      heapTotal: num(logged?.heapTotal),
      external: num(logged?.external),
      arrayBuffers: num(logged?.arrayBuffers),
    };
  }

  async memory(): Promise<Json> {
    phase = 'memory';
    await this.pluginState(false);
    const p = await this.startPlugin();
    await sleep(300);
    const samples: Json[] = [await this.memorySample(p, 0)];
    let done = 0;
    let failures = 0;
    const errors: string[] = [];
    const cycleMs: number[] = [];
    const t0 = performance.now();
    while (done < CYCLES) {
      const batch = Math.min(SAMPLE_EVERY, CYCLES - done);
      const base = done;
      await pool(
        Array.from({ length: batch }, (_, i) => base + i),
        CYCLE_CONCURRENCY,
        async (i) => {
          const c0 = performance.now();
          try {
            const { id } = await this.run(optIn(i));
            await this.remove(id);
            cycleMs.push(performance.now() - c0);
          } catch (e) {
            failures++;
            if (errors.length < 5) errors.push((e as Error).message);
          }
        },
      );
      done += batch;
      samples.push(await this.memorySample(p, done));
    }
    const wallMs = performance.now() - t0;
    if (!p.alive) throw new Error(`the plugin exited during the cycles; its log:\n${p.logTail()}`);
    // Growth from the middle of the cycles (cycle 500 of 1000) to the last sample.
    const mid = samples.find((s) => (s.cycle as number) >= CYCLES / 2) ?? samples[0]!;
    const last = samples.at(-1)!;
    const diff = (k: string) => {
      const a = num(mid[k]);
      const b = num(last[k]);
      return a === null || b === null ? null : b - a;
    };
    const maxOf = (k: string) => {
      const xs = samples.map((s) => num(s[k])).filter((x): x is number => x !== null);
      return xs.length ? Math.max(...xs) : null;
    };
    return {
      count: done - failures,
      cycles: done,
      concurrency: CYCLE_CONCURRENCY,
      sampleEvery: SAMPLE_EVERY,
      failures,
      errors,
      wallMs,
      cycleMs: dist(cycleMs),
      afterConnect: samples[0],
      samples,
      growthFrom: mid.cycle,
      growthTo: last.cycle,
      growth: { vmRss: diff('vmRss'), rssAnon: diff('rssAnon'), rss: diff('rss'), heapUsed: diff('heapUsed'), external: diff('external') },
      max: { vmRss: maxOf('vmRss'), rssAnon: maxOf('rssAnon'), rss: maxOf('rss') },
    };
  }

  // -- e --

  async storm(): Promise<Json> {
    phase = 'storm';
    await this.pluginState(true);
    const t0 = performance.now();
    let lastRun = t0;
    const failures: string[] = [];
    const withoutTable: string[] = [];
    const runMs: number[] = [];
    const ids: string[] = [];
    await pool(
      Array.from({ length: STORM }, (_, i) => i),
      STORM_CONCURRENCY,
      async (i) => {
        let id: string;
        try {
          const r = await this.run(optIn(i));
          id = r.id;
          runMs.push(r.ms);
          lastRun = Math.max(lastRun, performance.now());
          ids.push(id);
        } catch (e) {
          failures.push((e as Error).message);
          return;
        }
        try {
          if (!(await hasTable(await this.netnsOf(id)))) withoutTable.push(id);
        } catch (e) {
          withoutTable.push(id);
          this.note(`storm: checking pod ${id}: ${(e as Error).message}`);
        }
      },
    );
    const wallMs = lastRun - t0;
    const r0 = performance.now();
    const removeFailures: string[] = [];
    await pool(ids, STORM_CONCURRENCY, async (id) => {
      try {
        await this.remove(id);
      } catch (e) {
        removeFailures.push((e as Error).message);
      }
    });
    return {
      count: STORM,
      pods: STORM,
      concurrency: STORM_CONCURRENCY,
      wallMs,
      runMs: dist(runMs),
      failures: failures.length,
      failureMessages: failures.slice(0, 5),
      redirected: ids.length - withoutTable.length,
      withoutTable: withoutTable.length,
      removeWallMs: performance.now() - r0,
      removeFailures: removeFailures.length,
    };
  }

  // -- f --

  async synchronize(): Promise<Json> {
    phase = 'synchronize (pods created, plugin stopped)';
    await this.pluginState(false);
    const created = await pool(
      Array.from({ length: SYNC_PODS }, (_, i) => i),
      SYNC_CONCURRENCY,
      async (i) => {
        const { id } = await this.run(optIn(i));
        return { id, netns: await this.netnsOf(id) };
      },
    );
    const before = (await pool(created, SYNC_CONCURRENCY, async (p) => hasTable(p.netns))).filter(Boolean).length;
    phase = 'synchronize';
    const p = await this.startPluginForSync();
    const sawAll = performance.now();
    const tables = await pool(created, SYNC_CONCURRENCY, async (pod) => hasTable(pod.netns).catch(() => false));
    const inPlace = tables.filter(Boolean).length;
    const verifyMs = performance.now() - sawAll;
    phase = 'synchronize (pods removed)';
    const r0 = performance.now();
    const removeFailures: string[] = [];
    await pool(
      created.map((c) => c.id),
      SYNC_CONCURRENCY,
      async (id) => {
        try {
          await this.remove(id);
        } catch (e) {
          removeFailures.push((e as Error).message);
        }
      },
    );
    return {
      count: SYNC_PODS,
      pods: SYNC_PODS,
      tablesBefore: before,
      ...p,
      tablesInPlace: inPlace,
      verifyMs,
      removeWallMs: performance.now() - r0,
      removeFailures: removeFailures.length,
    };
  }

  /** Starts the plugin with SYNC_PODS pods waiting; what its log and the clock say about Synchronize. */
  private async startPluginForSync(): Promise<Json> {
    const p = await this.startPlugin();
    // startPlugin returned on the first of the two lines; wait for the other as well.
    const synchronized = await p.waitFor(isMsg('synchronized'), 60_000);
    const handled = await p.waitFor(isHandled('Synchronize'), synchronized ? 2000 : 1, 0);
    const registered = p.lines.find(isMsg('registered'));
    if (!synchronized) this.note('Synchronize: no "synchronized" line within 60 s');
    if (!handled) this.note('Synchronize: no "event handled" line for Synchronize (contract not implemented yet?)');
    const since = (l: Json | null | undefined) => (l ? (l.benchAt as number) - p.spawnedAt : null);
    return {
      answeredMs: num(handled?.ms),
      answeredPods: num(handled?.pods),
      answeredOutcome: handled?.outcome ?? null,
      allTablesMs: num(synchronized?.ms),
      synchronizedCounts: synchronized
        ? { pods: num(synchronized.pods), applied: num(synchronized.applied), skipped: num(synchronized.skipped), failed: num(synchronized.failed) }
        : null,
      // Bench side, from spawning the plugin (includes its start-up and registration).
      spawnToRegisteredMs: since(registered),
      spawnToSynchronizedMs: since(synchronized),
    };
  }
}

// ---- c: the plugin's handling times ----------------------------------------------------------------

const POD_EVENTS = ['RunPodSandbox', 'StopPodSandbox', 'RemovePodSandbox'] as const;

function handling(): Json {
  const handled = allLines.filter((l) => l.msg === 'event handled' && typeof l.event === 'string');
  const groups = new Map<string, { phase: string; event: string; outcome: string; ms: number[] }>();
  let withoutMs = 0;
  for (const l of handled) {
    const ms = num(l.ms);
    if (ms === null) {
      withoutMs++;
      continue;
    }
    const outcome = l.outcome === undefined ? '-' : String(l.outcome);
    const key = `${String(l.benchPhase)}\0${String(l.event)}\0${outcome}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { phase: String(l.benchPhase), event: String(l.event), outcome, ms: [] }));
    g.ms.push(ms);
  }
  const rows = [...groups.values()].map((g) => {
    const d = dist(g.ms);
    return { phase: g.phase, event: g.event, outcome: g.outcome, n: d.n, p50: d.median, p99: d.p99, max: d.max };
  });
  // The judged figure: each pod event's p99 (all outcomes) over the sequential phase (a/b).
  const judgedPhase: Record<string, Dist> = {};
  for (const e of POD_EVENTS) {
    judgedPhase[e] = dist(
      handled
        .filter((l) => l.benchPhase === 'cases' && l.event === e)
        .map((l) => num(l.ms))
        .filter((x): x is number => x !== null),
    );
  }
  return { count: handled.length, withoutMs, rows, cases: judgedPhase };
}

// ---- report --------------------------------------------------------------------------------------

interface BenchTarget extends Target {
  valueText: string;
  limitText: string;
}

function caseTable(samples: Record<Case, number[]>): { stats: Record<Case, Json>; lines: string[] } {
  const base = dist(samples[BASE]);
  const stats = {} as Record<Case, Json>;
  const rows: string[][] = [];
  for (const c of CASES) {
    const d = dist(samples[c]);
    const r = { ...d, ratioMedian: ratio(d.median, base.median), ratioP95: ratio(d.p95, base.p95) };
    stats[c] = r;
    rows.push([c, String(d.n), fmt(d.median), fmt(d.p95), fmt(d.min), fmt(r.ratioMedian, 3), fmt(r.ratioP95, 3)]);
  }
  return { stats, lines: mdTable(['case', 'n:', 'median ms:', 'p95 ms:', 'min ms:', '× no plugin (median):', '× no plugin (p95):'], rows) };
}

async function main(): Promise<number> {
  const missing = missingPrerequisites();
  if (missing.length > 0) {
    console.error(`bench:nri needs ${missing.join(', ')} (it runs a real containerd with pods)`);
    return 2;
  }
  if (!fs.existsSync(useExe ? EXE : MAIN)) {
    console.error(`${useExe ? EXE : MAIN} is missing: npm run build${useExe ? ':exe' : ''}`);
    return 2;
  }

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
    console.error(`bench:nri: ${sig}: stopping the plugin and containerd`);
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
  let cd: Containerd | undefined;
  let cri: CriClient | undefined;
  let status = 0;
  try {
    cd = await startContainerd({ chain: 'none', nriRequestTimeout: '2s' });
    cri = await criFor(cd);
    const b = new Bench(cd, cri, tmp, configFile, cacheDir);
    bench = b;
    console.error(`bench:nri: containerd ${cd.packages.versions.containerd} in ${cd.run}; plugin: ${PLUGIN_LABEL}${SMOKE ? '; SMOKE counts' : ''}`);

    console.error(`bench:nri: a/b: ${PODS} pods per case, ${BLOCK} per case and round`);
    const ab = await b.cases();
    console.error(`bench:nri: d: ${CYCLES} cycles, ${CYCLE_CONCURRENCY} at a time`);
    const memory = await b.memory();
    console.error(`bench:nri: e: storm of ${STORM}, ${STORM_CONCURRENCY} at a time`);
    const storm = await b.storm();
    console.error(`bench:nri: f: Synchronize of ${SYNC_PODS} pods`);
    const sync = await b.synchronize();
    phase = 'end';
    await b.stopPlugin();
    const handled = handling();

    const a = caseTable(ab.run);
    const bb = caseTable(ab.stopRemove);
    const r = (t: ReturnType<typeof caseTable>, c: Case) => num(t.stats[c].ratioMedian);
    const mib = (v: number | null) => (v === null ? null : v / MiB);
    const growth = memory.growth as Record<string, number | null>;
    const maxes = memory.max as Record<string, number | null>;
    const handledCases = handled.cases as Record<string, Dist>;
    const syncValue = (() => {
      const xs = [num(sync.answeredMs), num(sync.allTablesMs)].filter((x): x is number => x !== null);
      return xs.length === 2 ? Math.max(...xs) : num(sync.allTablesMs);
    })();
    const t = (what: string, value: number | null, limit: number, unit: string, digits = 1): BenchTarget => ({
      what,
      value,
      limit,
      unit,
      valueText: value === null ? 'n/a' : `${value.toFixed(digits)}${unit}`,
      limitText: `${limit.toFixed(digits)}${unit}`,
    });
    const targets: Judged<BenchTarget>[] = judged([
      t('a. RunPodSandbox, plugin + opted-in (median) vs no plugin', r(a, 'plugin, opted-in'), TARGET.runOptedIn, ' ×', 3),
      t('a. RunPodSandbox, plugin + not opted-in (median) vs no plugin', r(a, 'plugin, not opted-in'), TARGET.runNotOptedIn, ' ×', 3),
      t('b. Stop+Remove, plugin + not opted-in (median) vs no plugin', r(bb, 'plugin, not opted-in'), TARGET.stopRemove, ' ×', 3),
      t('b. Stop+Remove, plugin + opted-in (median) vs no plugin', r(bb, 'plugin, opted-in'), TARGET.stopRemove, ' ×', 3),
      ...POD_EVENTS.map((e) => t(`c. handling p99, ${e} (phase a/b)`, handledCases[e]?.p99 ?? null, TARGET.handlingP99Ms, ' ms', 2)),
      t(`d. plugin VmRSS, max over ${String(memory.cycles)} cycles`, mib(maxes.vmRss ?? null), TARGET.rssMiB, ' MiB'),
      t(`d. VmRSS growth, cycle ${String(memory.growthFrom)} → ${String(memory.growthTo)}`, mib(growth.vmRss ?? null), TARGET.growthMiB, ' MiB'),
      t(`e. storm of ${STORM}: RunPodSandbox failures`, num(storm.failures), 0, '', 0),
      t(`e. storm of ${STORM}: pods without their table`, STORM - (num(storm.redirected) ?? 0), 0, '', 0),
      t(`f. Synchronize of ${SYNC_PODS} pods: answered, every table in place`, syncValue, TARGET.synchronizeMs, ' ms'),
      t(`f. Synchronize of ${SYNC_PODS} pods: pods without their table after it`, SYNC_PODS - (num(sync.tablesInPlace) ?? 0), 0, '', 0),
    ]);

    const when = new Date().toISOString();
    const machine = `${os.cpus().length} cpu, ${os.cpus()[0]?.model ?? '?'}`;
    const result = {
      when,
      plugin: PLUGIN_LABEL,
      node: process.version,
      machine,
      containerd: cd.packages.versions.containerd,
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
        nriRequestTimeout: '2s',
      },
      a_runPodSandbox: { count: CASES.reduce((s, c) => s + ab.run[c].length, 0), cases: a.stats, unexpectedTables: ab.unexpected, order: ab.order },
      b_stopRemove: { count: CASES.reduce((s, c) => s + ab.stopRemove[c].length, 0), cases: bb.stats },
      c_handling: handled,
      d_memory: memory,
      e_storm: storm,
      f_synchronize: sync,
      targets,
      notes: b.notes,
      wallSeconds: (performance.now() - started) / 1000,
    };

    // The warm-up's lines stay in the JSON only.
    const handledRows = (
      handled.rows as { phase: string; event: string; outcome: string; n: number; p50: number | null; p99: number | null; max: number | null }[]
    )
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
    const lines = [
      `# NRI benchmark, ${when}`,
      '',
      `Plugin: ${PLUGIN_LABEL}. containerd ${result.containerd} (NRI plugin_request_timeout 2s), Node ${process.version}, ${machine}${SMOKE ? '. **SMOKE run (tiny counts): not a measurement**' : ''}.`,
      `a/b: ${PODS} pods per case in ${ab.rounds} rounds of ${BLOCK} per case, case order rotated each round, after ${WARMUP_PODS} warm-up pods per case; the plugin stopped (SIGTERM, exit awaited) for "no plugin".`,
      '',
      '## a. RunPodSandbox (CRI call, client side)',
      '',
      ...a.lines,
      '',
      `Unexpected table state right after RunPodSandbox: ${CASES.map((c) => `${c} ${ab.unexpected[c]}`).join(', ')}.`,
      '',
      '## b. StopPodSandbox + RemovePodSandbox (CRI calls, client side)',
      '',
      ...bb.lines,
      '',
      '## c. The plugin\'s handling time per event ("event handled" log lines, event in → reply ready)',
      '',
      ...(handledRows.length > 0
        ? mdTable(['phase', 'event', 'outcome', 'n:', 'p50 ms:', 'p99 ms:', 'max ms:'], handledRows)
        : ['n/a: the plugin logged no "event handled" lines with "ms".']),
      '',
      `## d. Plugin memory (${String(memory.cycles)} opted-in Run+Stop+Remove cycles, ${CYCLE_CONCURRENCY} at a time; sample after SIGUSR2 → GC)`,
      '',
      ...mdTable(['after cycle:', 'VmRSS MiB:', 'of it RssAnon (private):', "RssFile (the executable's pages):", 'heapUsed MiB:', 'external MiB:'], memRows),
      '',
      `Growth, cycle ${String(memory.growthFrom)} → ${String(memory.growthTo)}: VmRSS ${fmt(mib(growth.vmRss ?? null), 2)} MiB, RssAnon ${fmt(mib(growth.rssAnon ?? null), 2)} MiB, heapUsed ${fmt(mib(growth.heapUsed ?? null), 2)} MiB. ` +
        `Cycle failures: ${String(memory.failures)}; cycle wall time median ${fmt((memory.cycleMs as Dist).median)} ms; ${fmt(num(memory.wallMs) === null ? null : (memory.wallMs as number) / 1000)} s in all.`,
      '',
      `## e. Storm: ${STORM} opted-in pods, ${STORM_CONCURRENCY} RunPodSandbox at a time`,
      '',
      `Wall time until the last RunPodSandbox returned: ${fmt(num(storm.wallMs))} ms; RunPodSandbox median ${fmt(stormRun.median)} ms, p95 ${fmt(stormRun.p95)} ms, max ${fmt(stormRun.max)} ms. ` +
        `Failures: ${String(storm.failures)}. Redirected when RunPodSandbox returned: ${String(storm.redirected)}/${STORM}. Removal: ${fmt(num(storm.removeWallMs))} ms, ${String(storm.removeFailures)} failures.`,
      '',
      `## f. Synchronize: ${SYNC_PODS} opted-in pods created while the plugin was stopped, then the plugin started`,
      '',
      `Answered (its "event handled" Synchronize line): ${fmt(num(sync.answeredMs))} ms. Every pod done (its "synchronized" line): ${fmt(num(sync.allTablesMs))} ms` +
        `${sync.synchronizedCounts ? ` (${JSON.stringify(sync.synchronizedCounts)})` : ''}. Tables in place afterwards: ${String(sync.tablesInPlace)}/${SYNC_PODS} (before the plugin: ${String(sync.tablesBefore)}). ` +
        `Bench clock from spawning the plugin: registered ${fmt(num(sync.spawnToRegisteredMs))} ms, synchronized ${fmt(num(sync.spawnToSynchronizedMs))} ms.`,
      '',
      '## Targets',
      '',
      ...mdTable(
        ['target', 'value:', 'limit:', ''],
        targets.map((x) => [x.what, x.valueText, x.limitText, verdict(x)]),
      ),
      '',
      ...(b.notes.length > 0 ? ['Notes:', '', ...b.notes.map((n) => `- ${n}`), ''] : []),
    ];
    writeResults('nri', result, lines, path.join(REPO_ROOT, 'bench', 'results'));
  } catch (e) {
    status = 1;
    console.error(`bench:nri failed: ${(e as Error).stack ?? String(e)}`);
    if (bench?.plugin) console.error(`plugin log (last lines):\n${bench.plugin.logTail()}`);
    if (cd) console.error(`containerd log (last lines):\n${cd.logTail(20)}`);
  } finally {
    phase = 'teardown';
    if (bench) {
      await bench.stopPlugin().catch(() => undefined);
      const failed = await bench.removeAll();
      if (failed.length > 0) console.error(`bench:nri: could not remove ${failed.length} pods (the teardown kills them): ${failed.join('; ')}`);
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
        if (others.length > 0) console.error(`bench:nri: not ours (another program's, created meanwhile):\n${others.join('\n')}`);
        const left = all.filter((l) => !foreign(l));
        if (left.length > 0) {
          status = 1;
          console.error(`bench:nri: containerd run ${cd.run} left behind:\n${left.join('\n')}`);
        }
      } catch (e) {
        status = 1;
        console.error(`bench:nri: ${(e as Error).message}`);
      }
    }
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    // BENCH_PLUGIN_LOG=<file>: keep the plugin's log lines (for looking into a miss).
    const keep = process.env.BENCH_PLUGIN_LOG;
    if (keep && fs.existsSync(path.join(tmp, 'plugin.log'))) fs.copyFileSync(path.join(tmp, 'plugin.log'), keep);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return status;
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
