// Seed loading: HNS's own JSON shape, validated field by field. Every error names the offending field.
import fs from 'node:fs';
import net from 'node:net';
import { isGuid, sameGuid } from './guid.js';
import { isObject } from './json.js';
import type { JsonObject } from './json.js';
import { KNOWN_POLICY_TYPES } from './state.js';
import type { Endpoint, Namespace, NamespaceResource, Policy, SimState, Version } from './state.js';

export class SeedError extends Error {}

const SEED_KEYS = ['Version', 'Networks', 'Namespaces', 'Endpoints'];
const NAMESPACE_TYPES = ['Host', 'HostDefault', 'Guest', 'GuestDefault'];
const MAC_RE = /^[0-9a-f]{2}([-:])[0-9a-f]{2}(\1[0-9a-f]{2}){4}$/i;

function bad(path: string, message: string): never {
  throw new SeedError(`${path}: ${message}`);
}

function object(v: unknown, path: string): Record<string, unknown> {
  if (!isObject(v)) bad(path, 'must be a JSON object');
  return v;
}

function array(v: unknown, path: string): unknown[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) bad(path, 'must be an array');
  return v;
}

function string(v: unknown, path: string): string {
  if (typeof v !== 'string') bad(path, 'must be a string');
  return v;
}

function optString(v: unknown, path: string): string | undefined {
  return v === undefined ? undefined : string(v, path);
}

function integer(v: unknown, path: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) bad(path, `must be an integer ${min}–${max}`);
  return v;
}

function guid(v: unknown, path: string): string {
  if (!isGuid(v)) bad(path, `${JSON.stringify(v)} is not a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)`);
  return v;
}

function version(v: unknown, path: string): Version {
  const o = object(v, path);
  return { Major: integer(o.Major, `${path}.Major`, 0, 0xffff), Minor: integer(o.Minor, `${path}.Minor`, 0, 0xffff) };
}

function rest(o: Record<string, unknown>, known: string[]): JsonObject {
  const extra: JsonObject = {};
  for (const [k, v] of Object.entries(o)) if (!known.includes(k)) extra[k] = structuredClone(v) as JsonObject[string];
  return extra;
}

function unique(ids: string[], path: string): void {
  ids.forEach((id, i) => {
    if (ids.findIndex((x) => sameGuid(x, id)) !== i) bad(`${path}[${i}].ID`, `duplicate ID ${id}`);
  });
}

function policy(v: unknown, path: string): Policy {
  const o = object(v, path);
  for (const k of Object.keys(o)) if (k !== 'Type' && k !== 'Settings') bad(`${path}.${k}`, 'unknown key (a policy has Type and Settings)');
  const type = string(o.Type, `${path}.Type`);
  if (!KNOWN_POLICY_TYPES.includes(type)) bad(`${path}.Type`, `unknown policy type ${JSON.stringify(type)}`);
  if (o.Settings === undefined) return { Type: type };
  return { Type: type, Settings: structuredClone(object(o.Settings, `${path}.Settings`)) as JsonObject };
}

function ipConfiguration(v: unknown, path: string): JsonObject {
  const o = object(v, path);
  const ip = string(o.IpAddress, `${path}.IpAddress`);
  if (net.isIP(ip) === 0) bad(`${path}.IpAddress`, `${JSON.stringify(ip)} is not an IP address`);
  if (o.PrefixLength !== undefined) integer(o.PrefixLength, `${path}.PrefixLength`, 0, net.isIPv4(ip) ? 32 : 128);
  return structuredClone(o) as JsonObject;
}

function network(v: unknown, path: string): JsonObject {
  const o = object(v, path);
  guid(o.ID, `${path}.ID`);
  optString(o.Name, `${path}.Name`);
  optString(o.Type, `${path}.Type`);
  return structuredClone(o) as JsonObject;
}

function namespace(v: unknown, path: string): Namespace {
  const o = object(v, path);
  const ns: Namespace = {
    ID: guid(o.ID, `${path}.ID`),
    Resources: array(o.Resources, `${path}.Resources`).map((r, i) => resource(r, `${path}.Resources[${i}]`)),
    SchemaVersion: o.SchemaVersion === undefined ? { Major: 2, Minor: 0 } : version(o.SchemaVersion, `${path}.SchemaVersion`),
    extra: rest(o, ['ID', 'NamespaceId', 'Type', 'Resources', 'SchemaVersion']),
  };
  if (o.NamespaceId !== undefined) ns.NamespaceId = integer(o.NamespaceId, `${path}.NamespaceId`, 0, 0xffffffff);
  if (o.Type !== undefined) {
    const type = string(o.Type, `${path}.Type`);
    if (!NAMESPACE_TYPES.includes(type)) bad(`${path}.Type`, `must be one of ${NAMESPACE_TYPES.join(', ')}`);
    ns.Type = type;
  }
  return ns;
}

function resource(v: unknown, path: string): NamespaceResource {
  const o = object(v, path);
  const type = string(o.Type, `${path}.Type`);
  if (type !== 'Endpoint' && type !== 'Container') bad(`${path}.Type`, 'must be "Endpoint" or "Container"');
  const data = object(o.Data, `${path}.Data`);
  guid(data.ID, `${path}.Data.ID`);
  return { Type: type, Data: structuredClone(data) as NamespaceResource['Data'] };
}

function endpoint(v: unknown, path: string): Endpoint {
  const o = object(v, path);
  const e: Endpoint = {
    ID: guid(o.ID, `${path}.ID`),
    Policies: array(o.Policies, `${path}.Policies`).map((p, i) => policy(p, `${path}.Policies[${i}]`)),
    SchemaVersion: o.SchemaVersion === undefined ? { Major: 2, Minor: 0 } : version(o.SchemaVersion, `${path}.SchemaVersion`),
    extra: rest(o, ['ID', 'Name', 'HostComputeNetwork', 'HostComputeNamespace', 'Policies', 'IpConfigurations', 'MacAddress', 'SchemaVersion']),
  };
  if (o.Name !== undefined) e.Name = string(o.Name, `${path}.Name`);
  if (o.HostComputeNetwork !== undefined) e.HostComputeNetwork = guid(o.HostComputeNetwork, `${path}.HostComputeNetwork`);
  if (o.HostComputeNamespace !== undefined) e.HostComputeNamespace = guid(o.HostComputeNamespace, `${path}.HostComputeNamespace`);
  if (o.IpConfigurations !== undefined) {
    e.IpConfigurations = array(o.IpConfigurations, `${path}.IpConfigurations`).map((c, i) => ipConfiguration(c, `${path}.IpConfigurations[${i}]`));
  }
  if (o.MacAddress !== undefined) {
    const mac = string(o.MacAddress, `${path}.MacAddress`);
    if (!MAC_RE.test(mac)) bad(`${path}.MacAddress`, `${JSON.stringify(mac)} is not a MAC address (00-15-5D-00-00-01)`);
    e.MacAddress = mac;
  }
  return e;
}

/** Validates a seed (HNS-shaped JSON) and returns the simulator state it describes. */
export function parseSeed(seed: unknown): SimState {
  const o = object(seed, 'seed');
  for (const k of Object.keys(o)) if (!SEED_KEYS.includes(k)) bad(k, `unknown key (a seed has ${SEED_KEYS.join(', ')})`);
  if (o.Version === undefined) bad('Version', 'missing (e.g. {"Major":13,"Minor":2})');
  const state: SimState = {
    version: version(o.Version, 'Version'),
    networks: array(o.Networks, 'Networks').map((n, i) => network(n, `Networks[${i}]`)),
    namespaces: array(o.Namespaces, 'Namespaces').map((n, i) => namespace(n, `Namespaces[${i}]`)),
    endpoints: array(o.Endpoints, 'Endpoints').map((e, i) => endpoint(e, `Endpoints[${i}]`)),
  };
  unique(
    state.networks.map((n) => n.ID as string),
    'Networks',
  );
  unique(
    state.namespaces.map((n) => n.ID),
    'Namespaces',
  );
  unique(
    state.endpoints.map((e) => e.ID),
    'Endpoints',
  );
  checkLinks(state);
  return state;
}

function checkLinks(state: SimState): void {
  state.endpoints.forEach((e, i) => {
    const net = e.HostComputeNetwork;
    if (net !== undefined && !state.networks.some((n) => sameGuid(n.ID as string, net))) {
      bad(`Endpoints[${i}].HostComputeNetwork`, `no network with ID ${net} in Networks`);
    }
    const ns = e.HostComputeNamespace;
    if (ns !== undefined && !state.namespaces.some((n) => sameGuid(n.ID, ns))) {
      bad(`Endpoints[${i}].HostComputeNamespace`, `no namespace with ID ${ns} in Namespaces`);
    }
  });
  state.namespaces.forEach((ns, i) => {
    ns.Resources.forEach((r, j) => {
      if (r.Type !== 'Endpoint') return;
      const path = `Namespaces[${i}].Resources[${j}].Data.ID`;
      const e = state.endpoints.find((x) => sameGuid(x.ID, r.Data.ID));
      if (!e) bad(path, `no endpoint with ID ${r.Data.ID} in Endpoints`);
      if (e.HostComputeNamespace !== undefined && !sameGuid(e.HostComputeNamespace, ns.ID)) {
        bad(path, `endpoint ${e.ID} belongs to namespace ${e.HostComputeNamespace} (its HostComputeNamespace)`);
      }
    });
  });
}

/** Reads and validates a seed file; errors name the file and the field. */
export function loadSeedFile(file: string): SimState {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new SeedError(`${file}: ${(e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new SeedError(`${file}: not JSON: ${(e as Error).message}`);
  }
  try {
    return parseSeed(json);
  } catch (e) {
    if (e instanceof SeedError) throw new SeedError(`${file}: ${e.message}`);
    throw e;
  }
}
