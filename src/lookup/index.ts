// `lookup`: from a container (or pod sandbox) ID to where its redirect lives — the original tool's
// GetEndpointFromContainer, for both platforms. The CRI client, nftables and HNS load on demand.
import type { PodNetwork } from '../cri/index.js';

export interface LookupOptions {
  /** CRI endpoint; default the platform's containerd socket or pipe. */
  endpoint?: string;
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

export type RedirectState = { present: boolean; table?: string } | { unknown: string };

export interface LookupResult extends Omit<PodNetwork, 'annotations'> {
  /** Windows: the HNS endpoints attached to the pod's namespace. */
  endpointIds?: string[];
  /** Linux: whether our nftables table is in the pod's network namespace. */
  redirect?: RedirectState;
}

async function redirectState(netnsPath: string): Promise<RedirectState> {
  const nft = await import('../nft/index.js');
  try {
    const table = await nft.readTable(netnsPath);
    return table ? { present: true, table: `${nft.TABLE_FAMILY} ${nft.TABLE_NAME}` } : { present: false };
  } catch (e) {
    return { unknown: (e as Error).message };
  }
}

export async function lookup(id: string, opts: LookupOptions = {}): Promise<LookupResult> {
  const cri = await import('../cri/index.js');
  const clientOptions = opts.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs };
  const pod = await cri.withCriClient(opts.endpoint ?? cri.defaultEndpoint(), clientOptions, (client) => cri.podNetwork(client, id));
  // Annotations stay out of lookup's answer: it reports where the network is (explain reads them).
  const { annotations: _annotations, ...network } = pod;
  const result: LookupResult = network;
  if (pod.hnsNamespace) {
    const { openHns } = await import('../hns/index.js');
    result.endpointIds = openHns(opts.env).namespaceEndpointIds(pod.hnsNamespace);
  } else if (pod.netnsPath) {
    result.redirect = await redirectState(pod.netnsPath);
  }
  return result;
}

/**
 * The original library call: the HNS endpoint ID(s) of the container's network namespace, joined with
 * ",". Fails when the container is unknown or no endpoint is attached.
 */
export async function getEndpointFromContainer(containerId: string, runtimeEndpoint?: string): Promise<string> {
  const r = await lookup(containerId, runtimeEndpoint ? { endpoint: runtimeEndpoint } : {});
  if (!r.hnsNamespace) throw new Error(`container ${containerId} has no HNS network namespace (not a Windows container?)`);
  if (!r.endpointIds || r.endpointIds.length === 0) throw new Error('could not find an endpoint attached to that container');
  return r.endpointIds.join(',');
}
