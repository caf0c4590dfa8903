// Finds a container or pod sandbox by ID (or unambiguous ID prefix, like crictl) and reads where its
// network lives: the netns path (Linux) or the HNS namespace GUID (Windows), and the pod IPs.
// One ContainerStatus + one PodSandboxStatus, not the original tool's list-and-query-everything.
import { NamespaceMode, PodSandboxState } from '../gen/runtime/v1/api.js';
import type { CriClient } from './client.js';
import { CriError } from './errors.js';
import { isObject, type Json } from '../runtime/json.js';

export interface PodNetwork {
  /** What the ID named. */
  kind: 'container' | 'pod';
  containerId?: string;
  podSandboxId: string;
  podName?: string;
  podNamespace?: string;
  podIps: string[];
  /** The pod's network namespace path (Linux; a bind mount made by the runtime). */
  netnsPath?: string;
  /** The pod's HNS namespace GUID (Windows). */
  hnsNamespace?: string;
  hostNetwork: boolean;
  /** The pod's annotations, as the runtime holds them (what the hooks were given). */
  annotations: Record<string, string>;
}

function verboseInfo(info: Record<string, string> | undefined): Json {
  const text = info?.info;
  if (!text) return {};
  try {
    const v: unknown = JSON.parse(text);
    return isObject(v) ? v : {};
  } catch {
    return {};
  }
}

function spec(info: Json): Json {
  return isObject(info.runtimeSpec) ? info.runtimeSpec : {};
}

function linuxNetnsPath(info: Json): string | undefined {
  const linux = spec(info).linux;
  const namespaces = isObject(linux) && Array.isArray(linux.namespaces) ? linux.namespaces : [];
  const net = namespaces.find((n): n is Json => isObject(n) && n.type === 'network');
  return typeof net?.path === 'string' && net.path !== '' ? net.path : undefined;
}

function hnsNamespaceOf(info: Json): string | undefined {
  const windows = spec(info).windows;
  const network = isObject(windows) && isObject(windows.network) ? windows.network : undefined;
  const ns = network?.networkNamespace;
  return typeof ns === 'string' && ns !== '' ? ns : undefined;
}

const notFound = (e: unknown) => e instanceof CriError && e.code === 'NOT_FOUND';

async function resolveId(cri: CriClient, id: string): Promise<{ kind: 'container' | 'pod'; id: string }> {
  const [containers, pods] = await Promise.all([cri.listContainers(), cri.listPodSandbox()]);
  const matches = [
    ...containers.flatMap((c) => (c.id?.startsWith(id) ? [{ kind: 'container' as const, id: c.id }] : [])),
    ...pods.flatMap((p) => (p.id?.startsWith(id) ? [{ kind: 'pod' as const, id: p.id }] : [])),
  ];
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0) throw new CriError('NOT_FOUND', `could not find a container or pod sandbox with ID ${id}`);
  throw new CriError('AMBIGUOUS', `ID prefix ${id} is ambiguous: ${matches.map((m) => `${m.kind} ${m.id.slice(0, 13)}`).join(', ')}`);
}

export async function podNetwork(cri: CriClient, id: string): Promise<PodNetwork> {
  if (!/^[0-9a-zA-Z][0-9a-zA-Z_.-]*$/.test(id)) throw new CriError('INVALID_ARGUMENT', `"${id}" is not a container or pod sandbox ID`);
  let kind: 'container' | 'pod' = 'container';
  let fullId = id;
  let containerInfo: Json = {};
  let sandboxId: string | undefined;
  try {
    const c = await cri.containerStatus(id, true);
    containerInfo = verboseInfo(c.info);
    fullId = c.status?.id ?? id;
    sandboxId = typeof containerInfo.sandboxID === 'string' ? containerInfo.sandboxID : undefined;
  } catch (e) {
    if (!notFound(e)) throw e;
    kind = 'pod';
  }
  if (kind === 'pod') {
    try {
      sandboxId = (await cri.podSandboxStatus(id, false)).status?.id ?? id;
    } catch (e) {
      if (!notFound(e)) throw e;
      // Neither runtime lookup took the ID: resolve a prefix ourselves.
      const r = await resolveId(cri, id);
      return podNetwork(cri, r.id);
    }
  }
  if (!sandboxId) {
    const all = await cri.listContainers({ id: fullId });
    sandboxId = all[0]?.podSandboxId;
  }
  if (!sandboxId) throw new CriError('FAILED', `the runtime did not say which pod sandbox container ${fullId} belongs to`);
  const pod = await cri.podSandboxStatus(sandboxId, true);
  const podInfo = verboseInfo(pod.info);
  const status = pod.status;
  const ips = [status?.network?.ip, ...(status?.network?.additionalIps ?? []).map((p) => p.ip)].filter((ip): ip is string => !!ip);
  const result: PodNetwork = {
    kind,
    podSandboxId: sandboxId,
    podIps: ips,
    hostNetwork: status?.linux?.namespaces?.options?.network === NamespaceMode.NODE,
    annotations: { ...(status?.annotations ?? {}) },
  };
  if (kind === 'container') result.containerId = fullId;
  if (status?.metadata?.name) result.podName = status.metadata.name;
  if (status?.metadata?.namespace) result.podNamespace = status.metadata.namespace;
  // Containers join the pause process' netns by /proc path: the sandbox's bind mount is the stable one.
  const netns = linuxNetnsPath(podInfo);
  if (netns && !result.hostNetwork) result.netnsPath = netns;
  const hns = hnsNamespaceOf(containerInfo) ?? hnsNamespaceOf(podInfo);
  if (hns) result.hnsNamespace = hns;
  return result;
}

/**
 * Visits the network of every ready pod sandbox the runtime lists, one after the other, but those `skip`
 * names (not read); returns how many it listed.
 */
export async function forEachReadyPod(cri: CriClient, skip: (podSandboxId: string) => boolean, visit: (pod: PodNetwork) => Promise<void>): Promise<number> {
  const sandboxes = await cri.listPodSandbox({ state: { state: PodSandboxState.SANDBOX_READY } });
  for (const s of sandboxes) if (s.id && !skip(s.id)) await visit(await podNetwork(cri, s.id));
  return sandboxes.length;
}
