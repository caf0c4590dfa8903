// The simulator's model of HNS: networks, namespaces, endpoints, and the HNS version. Also the JSON each
// resource shows to callers (HNS's own schema) and the seed-shaped dump of the whole state.
import { sameGuid } from './guid.js';
import type { Json, JsonObject } from './json.js';

export interface Version {
  Major: number;
  Minor: number;
}

export interface Policy {
  Type: string;
  Settings?: JsonObject;
}

export interface Endpoint {
  ID: string;
  Name?: string;
  HostComputeNetwork?: string;
  HostComputeNamespace?: string;
  Policies: Policy[];
  IpConfigurations?: JsonObject[];
  MacAddress?: string;
  SchemaVersion: Version;
  /** Other HNS fields given in the seed (Dns, Routes, Flags, …), shown as given. */
  extra: JsonObject;
}

// A type alias, not an interface, so that it is assignable to Json.
export type NamespaceResource = {
  Type: 'Endpoint' | 'Container';
  Data: JsonObject & { ID: string };
};

export interface Namespace {
  ID: string;
  NamespaceId?: number;
  Type?: string;
  Resources: NamespaceResource[];
  SchemaVersion: Version;
  extra: JsonObject;
}

export interface SimState {
  version: Version;
  networks: JsonObject[];
  namespaces: Namespace[];
  endpoints: Endpoint[];
}

/** Endpoint policy types the simulator accepts (hcsshim's EndpointPolicyType names, case-sensitive). */
export const KNOWN_POLICY_TYPES: readonly string[] = [
  'L4WFPPROXY',
  'OutBoundNAT',
  'PortMapping',
  'ACL',
  'SDNRoute',
  'L4Proxy',
  'ProviderAddress',
  'NetworkACL',
  'QOS',
  'Encap',
  'EncapOverhead',
  'VLAN',
  'VSID',
  'InterfaceConstraint',
  'IovEndpointPolicySetting',
];

export const L4WFPPROXY_MIN_VERSION: Version = { Major: 13, Minor: 2 };

export function atLeast(v: Version, min: Version): boolean {
  return v.Major > min.Major || (v.Major === min.Major && v.Minor >= min.Minor);
}

export function findEndpoint(state: SimState, id: string): Endpoint | undefined {
  return state.endpoints.find((e) => sameGuid(e.ID, id));
}

export function findNamespace(state: SimState, id: string): Namespace | undefined {
  return state.namespaces.find((n) => sameGuid(n.ID, id));
}

function defined(entries: [string, Json | undefined][]): JsonObject {
  const o: JsonObject = {};
  for (const [k, v] of entries) if (v !== undefined) o[k] = v;
  return o;
}

export function policyJson(p: Policy): JsonObject {
  return defined([
    ['Type', p.Type],
    ['Settings', p.Settings],
  ]);
}

export function endpointJson(e: Endpoint): JsonObject {
  return structuredClone(
    defined([
      ['ID', e.ID],
      ['Name', e.Name],
      ['HostComputeNetwork', e.HostComputeNetwork],
      ['HostComputeNamespace', e.HostComputeNamespace],
      ['Policies', e.Policies.map(policyJson)],
      ['IpConfigurations', e.IpConfigurations],
      ['MacAddress', e.MacAddress],
      ...Object.entries(e.extra),
      ['SchemaVersion', { ...e.SchemaVersion }],
    ]),
  );
}

/** Resources as HNS shows them: those given, then one Endpoint resource per endpoint attached to the namespace. */
export function namespaceResources(state: SimState, ns: Namespace): NamespaceResource[] {
  const out = ns.Resources.map((r) => structuredClone(r));
  for (const e of state.endpoints) {
    if (e.HostComputeNamespace === undefined || !sameGuid(e.HostComputeNamespace, ns.ID)) continue;
    if (out.some((r) => r.Type === 'Endpoint' && sameGuid(r.Data.ID, e.ID))) continue;
    out.push({ Type: 'Endpoint', Data: { ID: e.ID } });
  }
  return out;
}

export function namespaceJson(state: SimState, ns: Namespace): JsonObject {
  return structuredClone(
    defined([
      ['ID', ns.ID],
      ['NamespaceId', ns.NamespaceId],
      ['Type', ns.Type],
      ['Resources', namespaceResources(state, ns)],
      ...Object.entries(ns.extra),
      ['SchemaVersion', { ...ns.SchemaVersion }],
    ]),
  );
}

/** The whole state in the seed's shape (loadable again as a seed). */
export function dumpState(state: SimState): JsonObject {
  return {
    Version: { ...state.version },
    Networks: structuredClone(state.networks),
    Namespaces: state.namespaces.map((ns) => namespaceJson(state, ns)),
    Endpoints: state.endpoints.map(endpointJson),
  };
}
