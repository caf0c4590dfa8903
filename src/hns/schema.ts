// HNS (HCN schema v2) JSON shapes we read and write, mirroring the service's field names one to one.
import type { HnsEndpointPolicy } from '../policy/l4wfpproxy.js';

export interface SchemaVersion {
  Major: number;
  Minor: number;
}

export const SCHEMA_V2: SchemaVersion = { Major: 2, Minor: 0 };

export interface HostComputeQuery {
  SchemaVersion: SchemaVersion;
  /** 0 = none, 1 = detailed. */
  Flags: number;
  /** A JSON document given as a string, e.g. "{\"ID\":\"…\"}". */
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

/** `HNSCall GET /globals/version` answer (vmcompute.dll). */
export interface HnsCallResponse<T> {
  Success: boolean;
  Error?: string;
  Output?: T;
}

export function queryFor(filter?: Record<string, string>): HostComputeQuery {
  const q: HostComputeQuery = { SchemaVersion: SCHEMA_V2, Flags: 0 };
  if (filter) q.Filter = JSON.stringify(filter);
  return q;
}
