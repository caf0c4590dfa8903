// The stub's connection loop: connect, register, serve until the runtime goes away, and again.
// External mode reconnects; pre-installed mode (containerd launched us on an inherited descriptor)
// returns at EOF — containerd starts a fresh instance.
import type { Logger } from '../../runtime/log.js';
import type { Handler } from '../../ttrpc/index.js';
import { connectSocket, serveConnection, type Connected, type Endpoint } from './connection.js';

export interface ConnectionOptions {
  endpoint: Endpoint;
  name: string;
  index: string;
  /** Return when the connection ends instead of reconnecting (pre-installed mode). */
  exitOnClose: boolean;
}

/** What the plugin around the stub hears of the connection, and the one thing the loop asks it. */
export interface ConnectionHooks {
  registered(): void;
  disconnected(): void;
  /** How many Synchronize requests the plugin has answered (a closed connection that got one was a restart). */
  synchronizations(): number;
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

/**
 * Serves `handlers` on the runtime's NRI connection until `signal` aborts (0), or, pre-installed, until the
 * connection ends (0) or cannot be used (1). `link.current` is the live connection (for a shutdown to close).
 */
export async function stayConnected(
  o: ConnectionOptions,
  handlers: Record<string, Handler>,
  log: Logger,
  hooks: ConnectionHooks,
  signal: AbortSignal,
  link: { current?: Connected },
): Promise<number> {
  let retry = RETRY_MIN_MS;
  let fastCloses = 0;
  let lastError = '';
  while (!signal.aborted) {
    try {
      const socket = await connectSocket(o.endpoint);
      const conn = await serveConnection(socket, handlers, { name: o.name, index: o.index });
      link.current = conn;
      log.log('info', 'registered', 'socketPath' in o.endpoint ? { socket: o.endpoint.socketPath } : { fd: o.endpoint.fd });
      hooks.registered();
      const since = Date.now();
      const syncsBefore = hooks.synchronizations();
      lastError = '';
      retry = RETRY_MIN_MS;
      await conn.closed;
      link.current = undefined;
      hooks.disconnected();
      if (signal.aborted) break;
      log.log('warn', 'connection to the runtime closed');
      if (o.exitOnClose) return 0;
      // A runtime that keeps closing us right away (e.g. it refuses our configuration) is not hammered.
      const refused = hooks.synchronizations() === syncsBefore && Date.now() - since < FAST_CLOSE_MS;
      fastCloses = refused ? fastCloses + 1 : 0;
      if (fastCloses >= FAST_CLOSES_BEFORE_BACKOFF) {
        const ms = Math.min(BACKOFF_MAX_MS, RETRY_MIN_MS * 2 ** fastCloses);
        log.log('warn', 'the runtime keeps closing the connection before Synchronize: backing off', { ms, closes: fastCloses });
        await sleep(ms, signal);
      } else await sleep(RETRY_MIN_MS, signal);
    } catch (e) {
      const msg = (e as Error).message;
      if (o.exitOnClose) {
        log.log('error', 'cannot talk to the runtime', { error: msg });
        return 1;
      }
      // Say it once per kind of failure, not at every retry.
      if (msg !== lastError) log.log('warn', 'cannot reach the runtime, retrying', { error: msg, retryMs: retry });
      lastError = msg;
      await sleep(retry, signal);
      retry = Math.min(RETRY_MAX_MS, retry * 2);
    }
  }
  return 0;
}
