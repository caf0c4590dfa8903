// Synchronize: apply to every pod that already runs (they may have started while we were away), and
// answer in time whatever happens — a failed or late Synchronize leaves the plugin connected but deaf
// on containerd 1.7–2.2 (nri.md §5.3). Pods not done within the budget keep going after the reply.
import type { PodSandbox } from '../gen/nri/api.js';
import type { PodHandler, PodLog } from './pod-handler.js';

const CONCURRENCY = 4;

export async function synchronizePods(handler: PodHandler, pods: readonly PodSandbox[], budgetMs: number, log: PodLog): Promise<void> {
  const queue = [...pods];
  const counts = { applied: 0, skipped: 0, failed: 0 };
  const worker = async () => {
    for (let pod = queue.shift(); pod; pod = queue.shift()) {
      try {
        const r = await handler.run(pod, Math.max(budgetMs, 2000));
        if (r.action === 'applied') counts.applied++;
        else if (r.action === 'skipped') counts.skipped++;
        else counts.failed++;
      } catch (e) {
        // The pod already runs: nothing to block. Say so loudly.
        counts.failed++;
        log.log('error', 'could not apply the redirect to a running pod', { podID: pod.id, error: (e as Error).message });
      }
    }
  };
  const all = Promise.all(Array.from({ length: Math.min(CONCURRENCY, queue.length) }, worker)).then(() => {
    log.log('info', 'synchronized', { pods: pods.length, ...counts });
  });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      log.log('warn', 'synchronize budget spent: answering now, the remaining pods continue in the background', { pods: pods.length });
      resolve();
    }, budgetMs);
  });
  await Promise.race([all, deadline]);
  clearTimeout(timer);
}
