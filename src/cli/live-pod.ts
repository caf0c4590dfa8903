// The pods the runtime reports, read over CRI with a command's --runtime-endpoint and --timeout (check,
// explain --pod): one CRI client per command, opened and closed here, and one conversion of what CRI
// says into the pod path's LivePod.
import type { CriClient, PodNetwork } from '../cri/index.js';
import type { LivePod } from '../pod/index.js';
import { timeoutMsOf, type CriOptions } from './cri-options.js';

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

type Cri = typeof import('../cri/index.js');

/** Runs `use` with a CRI client for the command's options (the CRI bundle is loaded only now). */
async function withCri<T>(o: CriOptions, use: (client: CriClient, cri: Cri) => Promise<T>): Promise<T> {
  const cri = await import('../cri/index.js');
  return cri.withCriClient(o.runtimeEndpoint ?? cri.defaultEndpoint(), { timeoutMs: timeoutMsOf(o) }, (client) => use(client, cri));
}

/** One pod, by pod sandbox or container ID (or an unambiguous prefix). */
export function livePod(o: CriOptions, id: string): Promise<LivePod> {
  return withCri(o, async (client, cri) => livePodOf(await cri.podNetwork(client, id)));
}

/** Every ready pod sandbox. */
export function readyLivePods(o: CriOptions): Promise<LivePod[]> {
  return withCri(o, async (client, cri) => {
    const pods: LivePod[] = [];
    await cri.forEachReadyPod(
      client,
      () => false,
      async (n) => void pods.push(livePodOf(n)),
    );
    return pods;
  });
}
