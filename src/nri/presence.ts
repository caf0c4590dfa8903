// Is the NRI face on this node? `hcnproxyctl nri` processes found by their command line in /proc, each
// asked over its --metrics-address whether it is registered with containerd and synchronized (/readyz),
// and a pre-installed plugin in containerd's plugin path. Read-only; `check` reports it.
import fs from 'node:fs';
import path from 'node:path';
import { METRICS_PATHS } from './defaults.js';
import { EXECUTABLE_NAME } from '../runtime/version.js';

export interface NriProcess {
  pid: number;
  /** Its --metrics-address, when it serves one. */
  metrics?: string;
  /** What its /readyz said: registered with containerd and synchronized, or why not; unknown without metrics. */
  ready?: boolean;
  readiness?: string;
}

export interface NriPresence {
  running: number[];
  plugins: NriProcess[];
  /** A pre-installed plugin (`NN-hcnproxyctl`) in containerd's plugin path. */
  preinstalled?: string;
}

/** Our executable running as `nri`: the SEA or an installed copy, the Node bundle, or a pre-installed `NN-hcnproxyctl`. */
function isNriDaemon(argv: readonly string[]): boolean {
  const preinstalled = (a: string) => new RegExp(`^\\d\\d-${EXECUTABLE_NAME}$`).test(path.basename(a));
  const ours = argv.findIndex((a) => path.basename(a) === EXECUTABLE_NAME || /\/dist\/main\.cjs$/.test(a) || preinstalled(a));
  return ours >= 0 && (argv[ours + 1] === 'nri' || preinstalled(argv[ours]!));
}

function metricsAddressOf(argv: readonly string[]): string | undefined {
  const at = argv.indexOf('--metrics-address');
  if (at >= 0) return argv[at + 1];
  return argv.find((a) => a.startsWith('--metrics-address='))?.slice('--metrics-address='.length);
}

/** The running daemons (by their command line) and a pre-installed plugin in `pluginPath`. */
export function findNriPlugins(pluginPath: string, procRoot = '/proc'): NriPresence {
  const running: number[] = [];
  const plugins: NriProcess[] = [];
  let pids: string[] = [];
  try {
    pids = fs.readdirSync(procRoot).filter((n) => /^\d+$/.test(n));
  } catch {
    // no /proc (Windows): NRI does not exist there anyway
  }
  for (const pid of pids) {
    let argv: string[];
    try {
      argv = fs.readFileSync(path.join(procRoot, pid, 'cmdline'), 'utf8').split('\0');
    } catch {
      continue;
    }
    if (!isNriDaemon(argv)) continue;
    running.push(Number(pid));
    const metrics = metricsAddressOf(argv);
    plugins.push({ pid: Number(pid), ...(metrics ? { metrics } : {}) });
  }
  let preinstalled: string | undefined;
  try {
    const name = fs.readdirSync(pluginPath).find((n) => new RegExp(`^\\d\\d-${EXECUTABLE_NAME}$`).test(n));
    if (name) preinstalled = path.join(pluginPath, name);
  } catch {
    // no plugin path
  }
  return { running, plugins, ...(preinstalled ? { preinstalled } : {}) };
}

/** Asks each plugin that serves metrics whether it is registered with containerd and synchronized. */
export async function askReadiness(plugins: NriProcess[], timeoutMs: number): Promise<void> {
  await Promise.all(
    plugins
      .filter((p) => p.metrics)
      .map(async (p) => {
        const host = p.metrics!.replace(/^:/, '127.0.0.1:').replace(/^0\.0\.0\.0:/, '127.0.0.1:');
        try {
          const r = await fetch(`http://${host}${METRICS_PATHS.ready}`, { signal: AbortSignal.timeout(timeoutMs) });
          p.ready = r.status === 200;
          p.readiness = (await r.text()).trim();
        } catch (e) {
          p.ready = false;
          p.readiness = `no answer from ${host}${METRICS_PATHS.ready}: ${(e as Error).message}`;
        }
      }),
  );
}
