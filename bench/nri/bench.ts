// The measurements against one containerd, through CRI: a/b (RunPodSandbox, Stop+Remove, interleaved
// cases), d (memory over cycles), e (storm), f (Synchronize), g (pod start with a container,
// interleaved cases), h (CreateContainer of redirected pods: the gate's fast path).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { NamespaceMode, type ContainerConfig, type CriClient, type PodSandboxConfig } from '../../src/cri/index.js';
import { IMAGE_NAME, type Containerd } from '../../test/support/harness/index.js';
import { isHandled, isMsg, journal, Plugin } from './plugin.js';
import {
  BLOCK,
  CASES,
  CYCLE_CONCURRENCY,
  CYCLES,
  EXE,
  GATE_CONTAINERS,
  GATE_PODS,
  MAIN,
  OPT_IN,
  optIn,
  perCase,
  PLAIN,
  PODS,
  SAMPLE_EVERY,
  START_BLOCK,
  START_PODS,
  START_WARMUP_PODS,
  STORM,
  STORM_CONCURRENCY,
  SYNC_CONCURRENCY,
  SYNC_PODS,
  useExe,
  WARMUP_PODS,
  type Case,
  type Json,
} from './settings.js';
import { dist, hasTable, num, pool, sleep } from './util.js';

/** g: one pod start's CRI calls, client side. */
export interface StartSample {
  run: number;
  create: number;
  start: number;
  total: number;
}

export class Bench {
  plugin: Plugin | undefined;
  readonly live = new Set<string>();
  /** Opted-in pods of g and h that had their table when checked: their CreateContainer is the judged fast path. */
  readonly redirectedPods = new Set<string>();
  private seq = 0;
  readonly notes: string[] = [];

  constructor(
    readonly cd: Containerd,
    readonly cri: CriClient,
    readonly tmp: string,
    readonly configFile: string,
    readonly cacheDir: string,
    /** Prefixes every progress line: `bench:nri [containerd 2.1.9]`. */
    readonly label: string,
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
    console.error(`${this.label}: ${s}`);
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

  /** An app container of the e2e image (`/app`: prints its addresses, then waits for a signal). */
  containerConfig(name: string): ContainerConfig {
    return {
      metadata: { name, attempt: 0 },
      image: { image: IMAGE_NAME },
      command: ['/app'],
      args: [],
      logPath: `${name}.log`,
      labels: {},
      annotations: {},
      linux: { securityContext: { namespaceOptions: { network: NamespaceMode.POD, pid: NamespaceMode.CONTAINER, ipc: NamespaceMode.POD } } },
    };
  }

  /** g: RunPodSandbox + CreateContainer + StartContainer, back to back; each CRI call timed client side. */
  async startPod(annotations: Record<string, string>): Promise<{ id: string } & StartSample> {
    const config = this.podConfig(annotations);
    const t0 = performance.now();
    const id = await this.cri.runPodSandbox(config);
    const t1 = performance.now();
    this.live.add(id);
    const cid = await this.cri.createContainer(id, this.containerConfig('app'), config);
    const t2 = performance.now();
    await this.cri.startContainer(cid);
    const t3 = performance.now();
    return { id, run: t1 - t0, create: t2 - t1, start: t3 - t2, total: t3 - t0 };
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
    const run = perCase<number[]>(() => []);
    const stopRemove = perCase<number[]>(() => []);
    const unexpected = perCase(() => 0);
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

    journal.phase = 'warmup';
    for (const c of CASES) await block(c, WARMUP_PODS, false);
    journal.phase = 'cases';
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
    journal.phase = 'memory';
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
    journal.phase = 'storm';
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
    journal.phase = 'synchronize (pods created, plugin stopped)';
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
    journal.phase = 'synchronize';
    const p = await this.startPluginForSync();
    const sawAll = performance.now();
    const tables = await pool(created, SYNC_CONCURRENCY, async (pod) => hasTable(pod.netns).catch(() => false));
    const inPlace = tables.filter(Boolean).length;
    const verifyMs = performance.now() - sawAll;
    journal.phase = 'synchronize (pods removed)';
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

  // -- g --

  /**
   * Pod start with its app container, the three cases interleaved like a/b: rounds of START_BLOCK pods
   * per case, the order rotated each round. Each pod: RunPodSandbox + CreateContainer + StartContainer
   * (timed together and each), then — outside the timing — its netns checked for the table; the pods
   * of a block are removed after it (untimed).
   */
  async podStart(): Promise<{
    samples: Record<Case, StartSample[]>;
    unexpected: Record<Case, number>;
    rounds: number;
    order: Case[][];
  }> {
    const samples = perCase<StartSample[]>(() => []);
    const unexpected = perCase(() => 0);
    const order: Case[][] = [];

    const block = async (c: Case, n: number, record: boolean) => {
      await this.pluginState(c !== 'no plugin');
      const ids: string[] = [];
      for (let i = 0; i < n; i++) {
        const { id, ...sample } = await this.startPod(c === 'plugin, not opted-in' ? PLAIN : OPT_IN);
        ids.push(id);
        if (record) samples[c].push(sample);
        const want = c === 'plugin, opted-in';
        if ((await hasTable(await this.netnsOf(id))) !== want) {
          unexpected[c]++;
          this.note(`g. ${c}: pod ${id} ${want ? 'has no table' : 'has a table'} after its container started`);
        } else if (want) {
          this.redirectedPods.add(id);
        }
      }
      for (const id of ids) await this.remove(id);
    };

    journal.phase = 'warmup';
    if (START_WARMUP_PODS > 0) for (const c of CASES) await block(c, START_WARMUP_PODS, false);
    journal.phase = 'pod start';
    const rounds = Math.ceil(START_PODS / START_BLOCK);
    for (let r = 0; r < rounds; r++) {
      const rotated = CASES.map((_, i) => CASES[(i + r) % CASES.length]!);
      order.push(rotated);
      for (const c of rotated) {
        const n = Math.min(START_BLOCK, START_PODS - samples[c].length);
        if (n > 0) await block(c, n, true);
      }
    }
    return { samples, unexpected, rounds, order };
  }

  // -- h --

  /**
   * The gate's fast path: GATE_PODS opted-in pods started with the plugin connected (redirected at
   * RunPodSandbox), then GATE_CONTAINERS containers created in each, one at a time (CreateContainer
   * only: the event the plugin handles). The plugin's own time comes from its log (c); the CRI call's
   * client-side time is reported beside it.
   */
  async gate(): Promise<Json> {
    journal.phase = 'gate';
    await this.pluginState(true);
    const createMs: number[] = [];
    let withoutTable = 0;
    let failures = 0;
    const errors: string[] = [];
    for (let p = 0; p < GATE_PODS; p++) {
      const config = this.podConfig(optIn(p));
      const id = await this.cri.runPodSandbox(config);
      this.live.add(id);
      if (await hasTable(await this.netnsOf(id))) this.redirectedPods.add(id);
      else {
        withoutTable++;
        this.note(`h. pod ${id} has no table after RunPodSandbox`);
      }
      for (let k = 0; k < GATE_CONTAINERS; k++) {
        const t0 = performance.now();
        try {
          await this.cri.createContainer(id, this.containerConfig(`gate-${k}`), config);
          createMs.push(performance.now() - t0);
        } catch (e) {
          failures++;
          if (errors.length < 5) errors.push((e as Error).message);
        }
      }
      // RemovePodSandbox removes its (created, never started) containers too.
      await this.remove(id);
    }
    return {
      count: createMs.length,
      pods: GATE_PODS,
      containersPerPod: GATE_CONTAINERS,
      podsWithoutTable: withoutTable,
      failures,
      errors,
      createMs: dist(createMs),
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
