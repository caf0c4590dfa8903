// CNI spec versions we implement, and the conversion of a result to the version of the request
// (the output's cniVersion must equal the input's).
import { isObject, type Json } from '../runtime/json.js';

export const SUPPORTED_VERSIONS = ['0.3.0', '0.3.1', '0.4.0', '1.0.0', '1.1.0'] as const;
export type CniVersion = (typeof SUPPORTED_VERSIONS)[number];
export const LATEST_VERSION: CniVersion = '1.1.0';

export function isSupported(v: unknown): v is CniVersion {
  return typeof v === 'string' && (SUPPORTED_VERSIONS as readonly string[]).includes(v);
}

/** a < b for two supported versions. */
export function versionBefore(a: CniVersion, b: CniVersion): boolean {
  return SUPPORTED_VERSIONS.indexOf(a) < SUPPORTED_VERSIONS.indexOf(b);
}

const V11_INTERFACE_FIELDS = ['mtu', 'socketPath', 'pciID'];
const V11_ROUTE_FIELDS = ['mtu', 'advmss', 'priority', 'table', 'scope'];

function without(o: Json, keys: readonly string[]): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(o)) if (!keys.includes(k)) out[k] = v;
  return out;
}

function mapArray(v: unknown, f: (o: Json) => Json): unknown {
  return Array.isArray(v) ? v.map((x) => (isObject(x) ? f(x) : x)) : v;
}

function ipFamily(address: unknown): '4' | '6' {
  return typeof address === 'string' && address.includes(':') ? '6' : '4';
}

/**
 * Converts a result (any supported version) to `target`, as libcni's converters do: 0.3.x/0.4.0
 * carry ips[].version, 1.x do not; fields new in 1.1.0 are dropped below it. Unknown keys pass through.
 */
export function convertResult(result: Json, target: CniVersion): Json {
  let out: Json = { ...result, cniVersion: target };
  if (versionBefore(target, '1.0.0')) {
    out.ips = mapArray(out.ips, (ip) => ({ ...ip, version: typeof ip.version === 'string' ? ip.version : ipFamily(ip.address) }));
  } else {
    out.ips = mapArray(out.ips, (ip) => without(ip, ['version']));
  }
  if (versionBefore(target, '1.1.0')) {
    out.interfaces = mapArray(out.interfaces, (i) => without(i, V11_INTERFACE_FIELDS));
    out.routes = mapArray(out.routes, (r) => without(r, V11_ROUTE_FIELDS));
  }
  for (const k of ['ips', 'interfaces', 'routes']) if (out[k] === undefined) out = without(out, [k]);
  return out;
}
