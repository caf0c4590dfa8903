// After Synchronize, the pods it could not list: a pod whose sandbox and first containers were created
// while Synchronize ran gets no RunPodSandbox or CreateContainer callback at all (containerd#13698), so
// neither the apply nor the gate ever sees it. The runtime's own list (CRI ListPodSandbox) shows it:
// every ready sandbox the plugin does not know is sent through the pod path like a RunPodSandbox.
// Loaded on first use (the CRI client is a feature bundle); a runtime whose CRI cannot be reached is
// said once, in a warning, and the plugin works on (the gate still covers containers created later).
import type { PodSandbox } from '../gen/nri/api.js';
import type { PodHandler, PodLog } from './pod-handler.js';

const CALL_MS = 2000;
const POD_MS = 2000;

export interface RelistResult {
  /** Ready sandboxes the runtime listed. */
  listed: number;
  /** Of them, the ones the plugin did not know (not in Synchronize, no event), each sent through the pod path. */
  unknown: number;
  applied: number;
}

/** Sends every ready sandbox of the runtime that is not in `known` through the pod path. Never throws. */
export async function relistPods(handler: PodHandler, known: ReadonlySet<string>, endpoint: string, log: PodLog): Promise<RelistResult | undefined> {
  const { forEachReadyPod, withCriClient } = await import('../cri/index.js');
  const result: RelistResult = { listed: 0, unknown: 0, applied: 0 };
  try {
    const isKnown = (id: string) => known.has(id) || handler.knows(id);
    result.listed = await withCriClient(endpoint, { timeoutMs: CALL_MS }, (cri) =>
      forEachReadyPod(cri, isKnown, async (n) => {
        result.unknown++;
        const pod: PodSandbox = {
          id: n.podSandboxId,
          name: n.podName ?? n.podSandboxId,
          namespace: n.podNamespace ?? '',
          annotations: n.annotations,
          linux: { namespaces: n.netnsPath ? [{ type: 'network', path: n.netnsPath }] : [] },
        };
        try {
          if ((await handler.run(pod, Date.now() + POD_MS)).action === 'applied') result.applied++;
        } catch (e) {
          // Fail-closed: the gate refuses its next containers; those that already run cannot be stopped here.
          log.log('error', 'a pod created during Synchronize has no redirect', { podID: n.podSandboxId, error: (e as Error).message });
        }
      }),
    );
    log.log(result.unknown > 0 ? 'info' : 'debug', 'relisted after synchronize', { ...result });
    return result;
  } catch (e) {
    log.log('warn', 'pods created while Synchronize ran cannot be looked for: the runtime (CRI) did not answer', {
      endpoint,
      error: (e as Error).message,
    });
    return undefined;
  }
}
