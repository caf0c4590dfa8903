// Finding endpoints: by ID, all of them, by name, or those attached to an HNS namespace.
import type { HcnClient } from './client.js';
import type { HostComputeEndpoint } from './schema.js';

export function listEndpoints(c: HcnClient): HostComputeEndpoint[] {
  return c.enumerateEndpoints().map((id) => c.getEndpoint(id));
}

export function findEndpointsByName(c: HcnClient, name: string): HostComputeEndpoint[] {
  return c.enumerateEndpoints({ Name: name }).map((id) => c.getEndpoint(id));
}

/**
 * IDs of the endpoints attached to an HNS namespace (containerd on Windows passes this GUID as
 * CNI_NETNS): the namespace's Resources of type Endpoint, as hcsshim's GetNamespaceEndpointIds.
 */
export function namespaceEndpointIds(c: HcnClient, namespaceId: string): string[] {
  const ns = c.getNamespace(namespaceId);
  return (ns.Resources ?? []).filter((r) => r.Type.toLowerCase() === 'endpoint' && typeof r.Data?.ID === 'string').map((r) => r.Data.ID as string);
}
