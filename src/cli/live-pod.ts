// A pod as CRI reports it (its sandbox's network and metadata) → the pod path's LivePod: one
// conversion for `check` and `explain --pod`.
import type { PodNetwork } from '../cri/index.js';
import type { LivePod } from '../pod/index.js';

export function livePodOf(n: PodNetwork): LivePod {
  const netns = n.netnsPath ?? n.hnsNamespace;
  return {
    podSandboxId: n.podSandboxId,
    ...(n.podName ? { name: n.podName } : {}),
    ...(n.podNamespace ? { namespace: n.podNamespace } : {}),
    annotations: n.annotations,
    hostNetwork: n.hostNetwork,
    ...(netns ? { netns } : {}),
  };
}
