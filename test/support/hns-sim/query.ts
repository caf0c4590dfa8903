// HostComputeQuery: {"SchemaVersion":{…},"Flags":0|1,"Filter":"<JSON string>"}; NULL or "" means no filter.
import { HR, fail } from './errors.js';
import { isGuid, sameGuid } from './guid.js';
import { isObject, tryParse } from './json.js';

export type Filter = Record<string, string>;

const QUERY_KEYS = ['SchemaVersion', 'Flags', 'Filter'];

function invalid(message: string): never {
  fail(HR.E_INVALIDARG, `invalid HostComputeQuery: ${message}`);
}

/** Parses a query; `filterKeys` lists the filter keys this resource supports, `guidKeys` those holding GUIDs. */
export function parseQuery(text: string | null, filterKeys: readonly string[], guidKeys: readonly string[]): Filter {
  if (text === null || text === '') return {};
  const parsed = tryParse(text);
  if (!parsed.ok) invalid(`not JSON: ${parsed.error}`);
  const q = parsed.value;
  if (!isObject(q)) invalid('must be a JSON object');
  for (const k of Object.keys(q)) if (!QUERY_KEYS.includes(k)) invalid(`unknown key ${k}`);
  if (q.SchemaVersion !== undefined) {
    const v = q.SchemaVersion;
    if (!isObject(v) || typeof v.Major !== 'number' || typeof v.Minor !== 'number') invalid('SchemaVersion must be {"Major":n,"Minor":n}');
  }
  if (q.Flags !== undefined && q.Flags !== 0 && q.Flags !== 1) invalid(`Flags must be 0 or 1, got ${JSON.stringify(q.Flags)}`);
  if (q.Filter === undefined || q.Filter === '') return {};
  if (typeof q.Filter !== 'string') invalid('Filter must be a string holding JSON (e.g. "{\\"ID\\":\\"…\\"}")');
  const f = tryParse(q.Filter);
  if (!f.ok) invalid(`Filter is not JSON: ${f.error}`);
  if (!isObject(f.value)) invalid('Filter must hold a JSON object');
  const filter: Filter = {};
  for (const [k, v] of Object.entries(f.value)) {
    if (!filterKeys.includes(k)) invalid(`unsupported Filter key ${k} (supported: ${filterKeys.join(', ')})`);
    if (typeof v !== 'string') invalid(`Filter.${k} must be a string`);
    if (guidKeys.includes(k) && !isGuid(v)) invalid(`Filter.${k} ${JSON.stringify(v)} is not a GUID`);
    filter[k] = v;
  }
  return filter;
}

/** Every filter key must match; GUID keys case-insensitively, others exactly. */
export function matches(filter: Filter, fields: Record<string, string | undefined>, guidKeys: readonly string[]): boolean {
  return Object.entries(filter).every(([k, want]) => {
    const have = fields[k];
    if (have === undefined) return false;
    return guidKeys.includes(k) ? sameGuid(have, want) : have === want;
  });
}
