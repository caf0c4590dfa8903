// HNS (HCN schema v2) JSON shapes we read and write, mirroring the service's field names one to one.
import type { HnsEndpointPolicy } from './l4wfpproxy.js';

export interface SchemaVersion {
  Major: number;
  Minor: number;
}

export const SCHEMA_V2: SchemaVersion = { Major: 2, Minor: 0 };

/** hcsshim's HostComputeQuery: Flags and Filter are `omitempty` (so the default query has no Flags). */
export interface HostComputeQuery {
  SchemaVersion: SchemaVersion;
  /** 1 = detailed; absent = none. */
  Flags?: number;
  /** A JSON document given as a string, e.g. "{\"ID\":\"…\"}" (Go marshals the map with sorted keys). */
  Filter?: string;
}

export interface IpConfig {
  IpAddress: string;
  PrefixLength?: number;
}

export interface HostComputeEndpoint {
  ID: string;
  Name?: string;
  HostComputeNetwork?: string;
  HostComputeNamespace?: string;
  Policies?: HnsEndpointPolicy[];
  IpConfigurations?: IpConfig[];
  MacAddress?: string;
  Flags?: number;
  SchemaVersion?: SchemaVersion;
  [key: string]: unknown;
}

export interface NamespaceResource {
  Type: 'Endpoint' | 'Container' | string;
  Data: { ID?: string; [key: string]: unknown };
}

export interface HostComputeNamespace {
  ID: string;
  NamespaceId?: number;
  Type?: string;
  Resources?: NamespaceResource[];
  SchemaVersion?: SchemaVersion;
  [key: string]: unknown;
}

export type RequestType = 'Add' | 'Remove' | 'Update' | 'Refresh';

export interface ModifyEndpointSettingRequest {
  ResourceType: 'Policy';
  RequestType: RequestType;
  Settings: { Policies: HnsEndpointPolicy[] };
}

/** hcsshim's ApplyPolicy request: ModifyEndpointSettingRequest{ResourceType: Policy} around a PolicyEndpointRequest. */
export function policyRequest(requestType: 'Add' | 'Remove', policies: HnsEndpointPolicy[]): ModifyEndpointSettingRequest {
  return { ResourceType: 'Policy', RequestType: requestType, Settings: { Policies: policies } };
}

/** `HNSCall GET /globals/version` answer (vmcompute.dll). */
export interface HnsCallResponse<T> {
  Success: boolean;
  Error?: string;
  Output?: T;
}

/** The query hcsshim sends: schema 2.0, no flags, the filter map marshalled with its keys sorted. */
export function queryFor(filter?: Record<string, string>): HostComputeQuery {
  const q: HostComputeQuery = { SchemaVersion: SCHEMA_V2 };
  if (filter) q.Filter = JSON.stringify(Object.fromEntries(Object.entries(filter).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
  return q;
}
