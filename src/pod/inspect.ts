// A live pod against what the pod path would write: its table in the pod's netns (Linux) or the policy
// on its endpoints (Windows), compared through the path's own CHECK, and fixed through its own ADD.
// Used by `explain --pod` and `check`; read-only but for fixPod (and inspectPod with `fix`).
import { explainPod, type PodExplanation } from './explain.js';
import { addPod, checkPod, type PodContext, type PodRequest } from './path.js';
import { podBackend } from './backends.js';
import type { HookSettings } from './settings.js';

/** A pod as the runtime reports it (CRI): enough to decide and to find its network. */
export interface LivePod {
  podSandboxId: string;
  name?: string;
  namespace?: string;
  annotations: Record<string, string>;
  /** The netns path (Linux) or HNS namespace GUID (Windows); absent for a host-network pod. */
  netns?: string;
  hostNetwork: boolean;
}

export type OnNodeState = 'in place' | 'missing' | 'differs' | 'not applicable' | 'unknown';

export interface OnNode {
  state: OnNodeState;
  detail?: string;
}

/** One running pod as `check` reports it: the decision, what is on the node, and what a fix did. */
export interface PodInspection {
  id: string;
  name: string;
  namespace: string;
  decision: PodExplanation['decision'];
  profile?: string;
  reason?: string;
  onNode: OnNodeState;
  detail?: string;
  fixed?: boolean;
}

/** The pod path's log for the CLI's read-only uses: the answer is the output, not log lines. */
export const quiet = { log: () => undefined };

const contextFor = (settings: HookSettings, netns: string): PodContext => ({ settings, backend: podBackend(settings, netns, quiet), log: quiet });

function requestFor(pod: LivePod & { netns: string }): PodRequest {
  return { target: { netns: pod.netns, containerId: pod.podSandboxId }, annotations: pod.annotations, ...(pod.namespace ? { namespace: pod.namespace } : {}) };
}

/** What is on the node for this pod, compared with what the hooks would write (the explanation). */
export async function comparePodOnNode(settings: HookSettings, explanation: PodExplanation, pod: LivePod, deadline: number): Promise<OnNode> {
  if (pod.hostNetwork || !pod.netns) return { state: 'not applicable', detail: 'host network: the pod has no network namespace of its own' };
  if (explanation.decision !== 'redirect') return { state: 'not applicable', detail: 'the hooks would not redirect this pod' };
  try {
    const r = await checkPod(contextFor(settings, pod.netns), requestFor({ ...pod, netns: pod.netns }), deadline);
    if ('skipped' in r) return { state: 'not applicable', detail: r.skipped };
    return r.ok ? { state: 'in place', detail: `in ${pod.netns}` } : { state: r.reason, detail: r.detail };
  } catch (e) {
    return { state: 'unknown', detail: (e as Error).message };
  }
}

/** The hooks' own ADD for a running pod; fail-closed here means "say it failed" (nothing is started or stopped). */
export async function fixPod(settings: HookSettings, pod: LivePod & { netns: string }, deadline: number): Promise<{ fixed: boolean; error?: string }> {
  try {
    const added = await addPod({ ...contextFor(settings, pod.netns), settings: { ...settings, failOpen: false } }, requestFor(pod), deadline);
    return { fixed: added.action === 'applied' };
  } catch (e) {
    return { fixed: false, error: (e as Error).message };
  }
}

/** A running pod: the hooks' decision, its redirect compared with the node, and with `fix` the redirect applied where it is missing or differs. */
export async function inspectPod(settings: HookSettings, pod: LivePod, fix: boolean, deadline: number): Promise<PodInspection> {
  const e = await explainPod(settings, pod.annotations, pod.namespace);
  const row: PodInspection = {
    id: pod.podSandboxId,
    name: pod.name ?? pod.podSandboxId,
    namespace: pod.namespace ?? '',
    decision: e.decision,
    onNode: 'not applicable',
  };
  if (e.decision === 'redirect') row.profile = e.profile;
  else row.reason = e.reason;
  const onNode = await comparePodOnNode(settings, e, pod, deadline);
  row.onNode = onNode.state;
  if (onNode.detail && e.decision === 'redirect' && onNode.state !== 'in place') row.detail = onNode.detail;
  if (!fix || !pod.netns || (row.onNode !== 'missing' && row.onNode !== 'differs')) return row;
  const r = await fixPod(settings, { ...pod, netns: pod.netns }, deadline);
  row.fixed = r.fixed;
  if (r.error !== undefined) row.detail = `${row.detail ?? ''}; fix failed: ${r.error}`;
  return row;
}

/** The redirect is as it should be for this pod (or the pod needs none, or `fix` put it right). */
export const inspectionOk = (p: PodInspection): boolean => p.onNode === 'in place' || p.onNode === 'not applicable' || p.fixed === true;
