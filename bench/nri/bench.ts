// What every measurement against one containerd stands on: the plugin under test (started, stopped,
// waited for), pods through CRI (run, remove, start with a container, their netns), notes. The
// measurements themselves are bench/nri/scenarios: a/b cases.ts, d memory.ts, e storm.ts,
// f synchronize.ts, g pod-start.ts, h gate.ts (run.ts runs them: a/b, g, h, d, e, f).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { NamespaceMode, type ContainerConfig, type CriClient, type PodSandboxConfig } from '../../src/cri/index.js';
import { IMAGE_NAME, type Containerd } from '../../test/support/harness/index.js';
import { isMsg, Plugin } from './plugin.js';
import { CASES, EXE, MAIN, useExe, type Case, type Json } from './settings.js';
import { pool, sleep } from './util.js';

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

  // -- d --

  // -- e --

  // -- f --

  // -- g --

  // -- h --
}

/**
 * The cases interleaved: rounds of up to `blockSize` pods per case until each case has `total` (`done(c)`
 * says how many it has), the case order rotated each round so that no case always runs first.
 */
export async function interleaved(
  total: number,
  blockSize: number,
  done: (c: Case) => number,
  block: (c: Case, n: number) => Promise<void>,
): Promise<{ rounds: number; order: Case[][] }> {
  const rounds = Math.ceil(total / blockSize);
  const order: Case[][] = [];
  for (let r = 0; r < rounds; r++) {
    const rotated = CASES.map((_, i) => CASES[(i + r) % CASES.length]!);
    order.push(rotated);
    for (const c of rotated) {
      const n = Math.min(blockSize, total - done(c));
      if (n > 0) await block(c, n);
    }
  }
  return { rounds, order };
}
