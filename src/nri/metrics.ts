// The NRI daemon's observability (`hcnproxyctl nri --metrics-address HOST:PORT`): Prometheus metrics
// through prom-client on /metrics, /healthz (the process answers) and /readyz (registered with
// containerd and synchronized on the current connection). Off unless the address is given.
import { createServer, type Server } from 'node:http';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { AddOutcome } from '../pod/index.js';
import type { GateResult } from './pod-handler.js';
import { METRICS_PATHS } from './defaults.js';

export class DaemonMetrics {
  readonly registry = new Registry();
  private readonly redirected = new Counter({
    name: 'hcnproxyctl_pods_redirected_total',
    help: 'Pods whose redirect was applied, by annotation profile',
    labelNames: ['profile'],
    registers: [this.registry],
  });
  private readonly skipped = new Counter({
    name: 'hcnproxyctl_pods_skipped_total',
    help: 'Pods left alone, by reason',
    labelNames: ['reason'],
    registers: [this.registry],
  });
  private readonly failed = new Counter({
    name: 'hcnproxyctl_pods_failed_total',
    help: 'Pods whose redirect could not be applied: fail-closed (the pod did not start) or fail-open (it started without redirection)',
    labelNames: ['mode'],
    registers: [this.registry],
  });
  private readonly gated = new Counter({
    name: 'hcnproxyctl_containers_gated_total',
    help: 'Containers of opted-in pods at their creation: redirect in place, applied late (the pod started while the plugin was away, or its RunPodSandbox apply failed), refused (fail-closed), or let through without it (fail-open)',
    labelNames: ['result'],
    registers: [this.registry],
  });
  private readonly handling = new Histogram({
    name: 'hcnproxyctl_event_handling_seconds',
    help: "Time from a runtime event's arrival to its answer",
    labelNames: ['event'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2],
    registers: [this.registry],
  });
  private readonly reconnects = new Counter({
    name: 'hcnproxyctl_nri_reconnects_total',
    help: 'Registrations with the runtime after the first',
    registers: [this.registry],
  });
  private readonly connected = new Gauge({ name: 'hcnproxyctl_nri_connected', help: '1 while registered with the runtime', registers: [this.registry] });
  private readonly lastSync = new Gauge({
    name: 'hcnproxyctl_nri_last_synchronize_timestamp_seconds',
    help: "Unix time of the runtime's last Synchronize",
    registers: [this.registry],
  });
  private readonly mode = new Gauge({
    name: 'hcnproxyctl_rules_mode',
    help: 'How rules are written: 1 for the mode in use (libnftables, exec)',
    labelNames: ['mode'],
    registers: [this.registry],
  });
  private registrations = 0;
  private synchronized = false;
  private isConnected = false;

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'hcnproxyctl_' });
  }

  /** A RunPodSandbox (or Synchronize) outcome of the pod path. */
  podOutcome(outcome: AddOutcome): void {
    if (outcome.action === 'applied') this.redirected.inc({ profile: outcome.profile });
    else if (outcome.action === 'skipped') this.skipped.inc({ reason: outcome.code });
    else this.failed.inc({ mode: 'fail-open' });
  }

  podRejected(): void {
    this.failed.inc({ mode: 'fail-closed' });
  }

  /** A CreateContainer of an opted-in pod, by what the gate found or did. */
  containerGated(result: GateResult): void {
    this.gated.inc({ result });
  }

  event(name: string, ms: number): void {
    this.handling.observe({ event: name }, ms / 1000);
  }

  registered(): void {
    if (++this.registrations > 1) this.reconnects.inc();
    this.isConnected = true;
    this.synchronized = false;
    this.connected.set(1);
  }

  disconnected(): void {
    this.isConnected = false;
    this.synchronized = false;
    this.connected.set(0);
  }

  synchronize(): void {
    this.synchronized = true;
    this.lastSync.set(Date.now() / 1000);
  }

  rulesMode(mode: string | undefined): void {
    this.mode.reset();
    if (mode) this.mode.set({ mode }, 1);
  }

  /** Why the daemon is not ready, or undefined when it is. */
  notReady(): string | undefined {
    if (!this.isConnected) return 'not registered with the runtime';
    if (!this.synchronized) return 'registered, waiting for the runtime to synchronize';
    return undefined;
  }
}

/** Parses HOST:PORT ("127.0.0.1:9464", "[::1]:9464", ":9464" = every address). */
export function parseListenAddress(text: string): { host?: string; port: number } {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(text);
  const port = m ? Number(m[3]) : NaN;
  if (!m || port < 1 || port > 65535) throw new Error(`--metrics-address "${text}" is not HOST:PORT (e.g. 127.0.0.1:9464)`);
  const host = m[1] ?? m[2];
  return { ...(host ? { host } : {}), port };
}

/** Serves /metrics, /healthz, /readyz; resolves once listening. */
export async function serveMetrics(metrics: DaemonMetrics, address: string): Promise<Server> {
  const { host, port } = parseListenAddress(address);
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (path === METRICS_PATHS.metrics) {
      metrics.registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
        (e: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`${(e as Error).message}\n`),
      );
    } else if (path === METRICS_PATHS.health) {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
    } else if (path === METRICS_PATHS.ready) {
      const why = metrics.notReady();
      res.writeHead(why ? 503 : 200, { 'content-type': 'text/plain' }).end(why ? `not ready: ${why}\n` : 'ready\n');
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${Object.values(METRICS_PATHS).join(', ')}\n`);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.unref(); // the daemon's connection keeps the process alive, not the metrics listener
  return server;
}
