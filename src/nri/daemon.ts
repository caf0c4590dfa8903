// `hcnproxyctl nri`: the long-running NRI plugin — its settings, logger, pod handler, metrics and
// signals, around the stub's connection loop (stub/reconnect.ts: external mode reconnects when
// containerd goes away; pre-installed mode exits on EOF). SIGTERM/SIGINT: clean exit; SIGUSR2: memory.
import type { Server } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createLogger, type Logger } from '../runtime/log.js';
import type { Connected, Endpoint } from './stub/connection.js';
import { stayConnected } from './stub/reconnect.js';
import { pluginHandlers } from './plugin.js';
import { DaemonMetrics, serveMetrics } from './metrics.js';
import { METRICS_PATHS } from './defaults.js';
import { PodHandler } from './pod-handler.js';
import { relistPods } from './relist.js';
import { resolveNriSettings } from './settings.js';

export interface DaemonOptions {
  endpoint: Endpoint;
  name: string;
  index: string;
  /** Exit when the connection ends instead of reconnecting (pre-installed mode). */
  exitOnClose: boolean;
  /** Settings documents: the --config file and the flags (logFile, logLevel, policy, …). */
  fileSettings: Record<string, unknown>;
  flagSettings: Record<string, unknown>;
  /** Where to log when no logFile is set (a pre-installed plugin has no stderr). */
  defaultLogFile?: string;
  /** HOST:PORT for /metrics, /healthz, /readyz (off when absent). */
  metricsAddress?: string;
  /** The runtime's CRI endpoint, to find the pods created while Synchronize ran (relist.ts). */
  runtimeEndpoint: string;
}

/** SIGUSR2: a forced garbage collection, then one "memory" log line (for leak hunting and bench:nri). */
function onMemorySignal(log: Logger): void {
  let gc: (() => void) | undefined;
  process.on('SIGUSR2', () => {
    if (!gc) {
      setFlagsFromString('--expose-gc');
      gc = runInNewContext('gc') as () => void;
    }
    gc();
    const m = process.memoryUsage();
    log.log('info', 'memory', { rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers });
  });
}

export async function runDaemon(o: DaemonOptions): Promise<number> {
  const initial = resolveNriSettings(o.fileSettings, '', o.flagSettings); // bad flags/file: fail before connecting
  const logFile = initial.logFile ?? o.defaultLogFile;
  const log: Logger = createLogger({ level: initial.logLevel, ...(logFile ? { file: logFile } : {}), fields: { plugin: `${o.index}-${o.name}`, face: 'nri' } });
  onMemorySignal(log);
  const handler = new PodHandler(initial, log);
  // Load the backend (koffi, libnftables) now, not in the first pod's RunPodSandbox, and say how rules are written.
  await handler.warmUp();
  let metrics: DaemonMetrics | undefined;
  let metricsServer: Server | undefined;
  if (o.metricsAddress) {
    metrics = new DaemonMetrics();
    metricsServer = await serveMetrics(metrics, o.metricsAddress);
    metrics.rulesMode(handler.rulesMode());
    log.log('info', 'serving metrics', { address: o.metricsAddress, paths: Object.values(METRICS_PATHS) });
  }
  let synchronizations = 0;
  const handlers = pluginHandlers({
    handler,
    log,
    baseDocs: { file: o.fileSettings, flags: o.flagSettings },
    onConfigured: (settings, runtime) => {
      handler.reconfigure(settings);
      log.log('info', 'configured', { runtime, failOpen: settings.failOpen, profiles: settings.node.profiles });
    },
    onSynchronized: (podIds) => {
      synchronizations++;
      metrics?.synchronize();
      metrics?.rulesMode(handler.rulesMode());
      // After the answer is out: pods created during Synchronize got no event (relist.ts).
      setImmediate(() => void relistPods(handler, podIds, o.runtimeEndpoint, log));
    },
    ...(metrics ? { observer: metrics } : {}),
  });

  const stop = new AbortController();
  const link: { current?: Connected } = {};
  const onSignal = (sig: string) => {
    log.log('info', `${sig}: shutting down`);
    stop.abort();
    link.current?.close();
  };
  process.once('SIGTERM', () => onSignal('SIGTERM'));
  process.once('SIGINT', () => onSignal('SIGINT'));

  const code = await stayConnected(
    o,
    handlers,
    log,
    {
      registered: () => metrics?.registered(),
      disconnected: () => metrics?.disconnected(),
      synchronizations: () => synchronizations,
    },
    stop.signal,
    link,
  );
  metricsServer?.close();
  if (code === 0) log.log('info', 'stopped');
  return code;
}
