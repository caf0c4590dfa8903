// `explain --pod`: what is actually on the node for that pod — its table in the pod's netns (Linux) or
// the policy on its endpoints (Windows) — compared through the pod path's own CHECK.
import { checkPod, podBackend, type PodContext, type PodExplanation, type PodSettings } from '../pod/index.js';

export interface OnNode {
  state: 'in place' | 'missing' | 'differs' | 'not applicable' | 'unknown';
  detail?: string;
}

export interface LivePod {
  podSandboxId: string;
  netns?: string;
  hostNetwork: boolean;
  annotations: Record<string, string>;
  namespace?: string | undefined;
}

/** The pod path's log for the CLI's read-only uses: the answer is the output, not log lines. */
export const quiet = { log: () => undefined };

export async function comparePodOnNode(settings: PodSettings, explanation: PodExplanation, pod: LivePod, deadline: number): Promise<OnNode> {
  if (pod.hostNetwork || !pod.netns) return { state: 'not applicable', detail: 'host network: the pod has no network namespace of its own' };
  if (explanation.decision !== 'redirect') return { state: 'not applicable', detail: 'the hooks would not redirect this pod' };
  const ctx: PodContext = { settings, backend: podBackend(settings, pod.netns, quiet), log: quiet };
  try {
    const r = await checkPod(
      ctx,
      { target: { netns: pod.netns, containerId: pod.podSandboxId }, annotations: pod.annotations, ...(pod.namespace ? { namespace: pod.namespace } : {}) },
      deadline,
    );
    if ('skipped' in r) return { state: 'not applicable', detail: r.skipped };
    return r.ok ? { state: 'in place', detail: `in ${pod.netns}` } : { state: r.reason, detail: r.detail };
  } catch (e) {
    return { state: 'unknown', detail: (e as Error).message };
  }
}
