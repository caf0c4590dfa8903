// The NRI plugin as the e2e suites run it: `hcnproxyctl nri` (the bundled executable) on the run's NRI
// socket, its JSON log collected, plus what those suites check around it (CRI ready again after a
// restart, our table in a pod's netns).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { CriClient } from '../../../src/cri/index.js';
import { MAIN } from '../cli.js';
import type { Containerd } from './containerd.js';
import { sleep } from './proc.js';

export interface NriPlugin {
  readonly child: ChildProcess;
  /** Everything it logged so far. */
  log(): string;
  /** How many times it registered with containerd. */
  registrations(): number;
  /** Waits until `cond` holds (polling), or fails with the plugin's log. */
  waitFor(cond: () => boolean, timeoutMs: number, what: string): Promise<void>;
  /** SIGKILL, and waits for the exit. */
  kill(): Promise<void>;
}

export interface StartNriPluginOptions {
  /** Wait until it registered and synchronized (default true); false: return right after the spawn. */
  waitSynchronized?: boolean;
}

/**
 * Starts the plugin with `--config FILE` and the run's CRI endpoint (the relist after Synchronize; the
 * plugin's default is the host's /run/containerd/containerd.sock), and waits until it registered and
 * synchronized. `extraArgs` come last (a repeated option's last value wins).
 */
export async function startNriPlugin(cd: Containerd, config: string, extraArgs: readonly string[] = [], opts: StartNriPluginOptions = {}): Promise<NriPlugin> {
  let text = '';
  const child = spawn(
    process.execPath,
    [MAIN, 'nri', '--socket', cd.nriSocket, '--config', config, '--runtime-endpoint', cd.endpoint, '--log-level', 'debug', ...extraArgs],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  child.stderr!.on('data', (d: Buffer) => {
    text += d.toString();
  });
  const plugin: NriPlugin = {
    child,
    log: () => text,
    registrations: () => (text.match(/"msg":"registered"/g) ?? []).length,
    async waitFor(cond, timeoutMs, what) {
      const deadline = Date.now() + timeoutMs;
      while (!cond()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; plugin log:\n${text}`);
        await sleep(20);
      }
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    },
  };
  if (opts.waitSynchronized ?? true) await plugin.waitFor(() => /"msg":"synchronized"/.test(text), 15_000, 'the plugin to register and synchronize');
  return plugin;
}

/** After a restart CRI answers "server is not initialized yet" for a moment: wait for it. */
export async function criReady(cri: CriClient, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await cri.version();
      await cri.listPodSandbox();
      return;
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await sleep(50);
    }
  }
}

/** `nft list tables` in a pod's network namespace. */
export function netnsTables(netnsPath: string): string {
  const r = spawnSync('nsenter', [`--net=${netnsPath}`, '--', 'nft', 'list', 'tables'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`nft in ${netnsPath}: ${r.stderr}`);
  return r.stdout.trim();
}

/** `hcnproxyctl check` against this run: its CNI and NRI directories, its CRI endpoint, plus `extra`. */
export function runCheck(cd: Containerd, extra: readonly string[] = []): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(
    process.execPath,
    [
      MAIN,
      'check',
      '--conf-dir',
      path.join(cd.run, 'cni', 'net.d'),
      '--bin-dir',
      path.join(cd.run, 'cni', 'bin'),
      '--nri-plugin-path',
      path.join(cd.run, 'nri', 'plugins'),
      '--runtime-endpoint',
      cd.endpoint,
      ...extra,
    ],
    { encoding: 'utf8', timeout: 60_000 },
  );
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
