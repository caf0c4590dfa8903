// `hcnproxyctl nri`: a long-running NRI plugin. External mode dials the NRI socket and reconnects with
// backoff when containerd goes away (redoing the handshake; Synchronize then catches up with pods
// created meanwhile). Pre-installed mode (launched by containerd with NRI_PLUGIN_SOCKET=3) uses the
// inherited descriptor and exits on EOF: containerd starts a fresh instance. SIGTERM/SIGINT: clean exit.
import type { Server } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createLogger, type Logger } from '../runtime/log.js';
import { connectSocket, serveConnection, type Connected, type Endpoint } from './connection.js';
import { pluginHandlers } from './handlers.js';
import { DaemonMetrics, serveMetrics } from './metrics.js';
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

/**
 * Reconnecting. containerd restarts in bursts (upgrades, crash loops), and every pod it starts before
 * we are registered again starts without its rules: so retries start at once and stay frequent while
 * its socket refuses us (a Unix connect is cheap), and a good registration resets them. Only a runtime
 * that drops us again and again right after registering, before its Synchronize, is backed off (it is
 * refusing us: containerd closes a plugin whose Configure fails). A connection that reached Synchronize
 * and then closed — however soon — is a restart: retried at once, never backed off.
 */
const RETRY_MIN_MS = 25;
const RETRY_MAX_MS = 250;
const FAST_CLOSE_MS = 2000;
const FAST_CLOSES_BEFORE_BACKOFF = 3;
const BACKOFF_MAX_MS = 5000;

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        resolve();
      },
      { once: true },
    );
  });

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
    log.log('info', 'serving metrics', { address: o.metricsAddress, paths: ['/metrics', '/healthz', '/readyz'] });
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
  let current: Connected | undefined;
  const onSignal = (sig: string) => {
    log.log('info', `${sig}: shutting down`);
    stop.abort();
    current?.close();
  };
  process.once('SIGTERM', () => onSignal('SIGTERM'));
  process.once('SIGINT', () => onSignal('SIGINT'));

  let retry = RETRY_MIN_MS;
  let fastCloses = 0;
  let lastError = '';
  while (!stop.signal.aborted) {
    try {
      const socket = await connectSocket(o.endpoint);
      current = await serveConnection(socket, handlers, { name: o.name, index: o.index });
      log.log('info', 'registered', 'socketPath' in o.endpoint ? { socket: o.endpoint.socketPath } : { fd: o.endpoint.fd });
      metrics?.registered();
      const since = Date.now();
      const syncsBefore = synchronizations;
      lastError = '';
      retry = RETRY_MIN_MS;
      await current.closed;
      current = undefined;
      metrics?.disconnected();
      if (stop.signal.aborted) break;
      log.log('warn', 'connection to the runtime closed');
      if (o.exitOnClose) return 0;
      // A runtime that keeps closing us right away (e.g. it refuses our configuration) is not hammered.
      const refused = synchronizations === syncsBefore && Date.now() - since < FAST_CLOSE_MS;
      fastCloses = refused ? fastCloses + 1 : 0;
      if (fastCloses >= FAST_CLOSES_BEFORE_BACKOFF) {
        const ms = Math.min(BACKOFF_MAX_MS, RETRY_MIN_MS * 2 ** fastCloses);
        log.log('warn', 'the runtime keeps closing the connection before Synchronize: backing off', { ms, closes: fastCloses });
        await sleep(ms, stop.signal);
      } else await sleep(RETRY_MIN_MS, stop.signal);
    } catch (e) {
      const msg = (e as Error).message;
      if (o.exitOnClose) {
        log.log('error', 'cannot talk to the runtime', { error: msg });
        return 1;
      }
      // Say it once per kind of failure, not at every retry.
      if (msg !== lastError) log.log('warn', 'cannot reach the runtime, retrying', { error: msg, retryMs: retry });
      lastError = msg;
      await sleep(retry, stop.signal);
      retry = Math.min(RETRY_MAX_MS, retry * 2);
    }
  }
  metricsServer?.close();
  log.log('info', 'stopped');
  return 0;
}
