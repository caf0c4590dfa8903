// Synchronize: apply to every pod that already runs (they may have started while we were away), and
// answer in time whatever happens — a failed or late Synchronize leaves the plugin connected but deaf
// on containerd 1.7–2.2. Pods not done within the budget keep going after the reply.
import type { PodSandbox } from '../gen/nri/api.js';
import type { PodHandler, PodLog } from './pod-handler.js';
import { msSince } from '../runtime/clock.js';

const CONCURRENCY = 4;
/** A pod applied after the reply (budget spent) still gets this long. */
const LATE_POD_MS = 2000;

export interface SyncCounts {
  applied: number;
  skipped: number;
  failed: number;
}

/** Resolves when the reply may go out: every pod done, or the budget spent (the rest continue). */
export async function synchronizePods(
  handler: PodHandler,
  pods: readonly PodSandbox[],
  deadline: number,
  log: PodLog,
  t0 = performance.now(),
): Promise<SyncCounts> {
  handler.retainOnly(new Set(pods.map((p) => p.id ?? '')));
  const queue = [...pods];
  const counts: SyncCounts = { applied: 0, skipped: 0, failed: 0 };
  const worker = async () => {
    for (let pod = queue.shift(); pod; pod = queue.shift()) {
      try {
        const r = await handler.run(pod, Math.max(deadline, Date.now() + LATE_POD_MS));
        if (r.action === 'applied') counts.applied++;
        else if (r.action === 'skipped') counts.skipped++;
        else counts.failed++;
      } catch (e) {
        // The pod already runs: nothing to block. The pod path logged it.
        counts.failed++;
        log.log('debug', 'a running pod has no redirect', { podID: pod.id, error: (e as Error).message });
      }
    }
  };
  const all = Promise.all(Array.from({ length: Math.min(CONCURRENCY, queue.length) }, worker)).then(() => {
    log.log('info', 'synchronized', { pods: pods.length, ...counts, ms: msSince(t0) });
  });
  let timer: NodeJS.Timeout | undefined;
  const spent = new Promise<void>((resolve) => {
    timer = setTimeout(
      () => {
        log.log('warn', 'synchronize budget spent: answering now, the remaining pods continue in the background', { pods: pods.length });
        resolve();
      },
      Math.max(0, deadline - Date.now()),
    );
  });
  await Promise.race([all, spent]);
  clearTimeout(timer);
  return counts;
}
