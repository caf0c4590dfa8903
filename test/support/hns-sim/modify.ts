// HcnModifyEndpoint's ModifyEndpointSettingRequest:
//   {"ResourceType":"Policy","RequestType":"Add"|"Remove"|"Update"|"Refresh","Settings":{"Policies":[{Type,Settings}…]}}
// All-or-nothing: the new policy list is computed first and stored only when every entry passed.
import { HR, fail } from './errors.js';
import { deepEqual, isObject, tryParse } from './json.js';
import type { JsonObject } from './json.js';
import { checkL4WfpProxySettings } from './l4wfpproxy.js';
import { KNOWN_POLICY_TYPES, L4WFPPROXY_MIN_VERSION, atLeast } from './state.js';
import type { Endpoint, Policy, Version } from './state.js';

const REQUEST_TYPES = ['Add', 'Remove', 'Update', 'Refresh'];

function invalid(message: string): never {
  fail(HR.E_INVALIDARG, `invalid ModifyEndpointSettingRequest: ${message}`);
}

function onlyKeys(o: Record<string, unknown>, keys: string[], where: string): void {
  for (const k of Object.keys(o)) if (!keys.includes(k)) invalid(`unknown key ${where}${k}`);
}

function parsePolicy(v: unknown, i: number): Policy {
  const where = `Settings.Policies[${i}]`;
  if (!isObject(v)) invalid(`${where} must be an object`);
  onlyKeys(v, ['Type', 'Settings'], `${where}.`);
  if (typeof v.Type !== 'string' || v.Type === '') invalid(`${where}.Type is missing`);
  if (v.Settings === undefined) return { Type: v.Type };
  if (!isObject(v.Settings)) invalid(`${where}.Settings must be an object (embedded JSON, not a string)`);
  return { Type: v.Type, Settings: structuredClone(v.Settings) as JsonObject };
}

/** A policy that Add or Update may store: known type, supported by this HNS version, valid settings. */
function checkStorable(p: Policy, version: Version): void {
  const oldHns = p.Type === 'L4WFPPROXY' && !atLeast(version, L4WFPPROXY_MIN_VERSION);
  if (!KNOWN_POLICY_TYPES.includes(p.Type) || oldHns) fail(HR.E_INVALIDARG, `unknown policy type ${p.Type}`);
  if (p.Type === 'L4WFPPROXY') {
    const problem = checkL4WfpProxySettings(p.Settings);
    if (problem !== null) fail(HR.E_INVALIDARG, problem);
  }
}

function add(current: Policy[], list: Policy[], version: Version): Policy[] {
  const next = [...current];
  for (const p of list) {
    checkStorable(p, version);
    if (p.Type === 'L4WFPPROXY' && next.some((q) => q.Type === 'L4WFPPROXY')) {
      fail(HR.ERROR_ALREADY_EXISTS, 'an L4WFPPROXY policy already exists on this endpoint (one proxy per endpoint)');
    }
    next.push(p);
  }
  return next;
}

function remove(current: Policy[], list: Policy[]): Policy[] {
  const next = [...current];
  for (const p of list) {
    const i = next.findIndex((q) => q.Type === p.Type && deepEqual(q.Settings, p.Settings));
    if (i < 0) fail(HR.ERROR_NOT_FOUND, `Element not found: no ${p.Type} policy with these Settings on the endpoint`);
    next.splice(i, 1);
  }
  return next;
}

function update(current: Policy[], list: Policy[], version: Version): Policy[] {
  const next = [...current];
  list.forEach((p, i) => {
    checkStorable(p, version);
    if (list.findIndex((q) => q.Type === p.Type) !== i) invalid(`two ${p.Type} policies in one Update`);
    const at = next.flatMap((q, j) => (q.Type === p.Type ? [j] : []));
    const [j, other] = at;
    if (j === undefined) fail(HR.ERROR_NOT_FOUND, `Element not found: no ${p.Type} policy on the endpoint to update`);
    if (other !== undefined) invalid(`Update of ${p.Type} is ambiguous: the endpoint has ${at.length} such policies`);
    next[j] = p;
  });
  return next;
}

export function modifyEndpoint(endpoint: Endpoint, text: string | null, version: Version): void {
  if (text === null || text === '') invalid('settings are missing');
  const parsed = tryParse(text);
  if (!parsed.ok) invalid(`not JSON: ${parsed.error}`);
  const req = parsed.value;
  if (!isObject(req)) invalid('must be a JSON object');
  onlyKeys(req, ['ResourceType', 'RequestType', 'Settings'], '');
  if (typeof req.ResourceType !== 'string') invalid('ResourceType is missing');
  if (req.ResourceType !== 'Policy') fail(HR.E_NOTIMPL, `ResourceType ${req.ResourceType} is not implemented (the simulator supports Policy)`);
  const type = req.RequestType;
  if (typeof type !== 'string' || !REQUEST_TYPES.includes(type)) invalid(`RequestType must be one of ${REQUEST_TYPES.join(', ')}`);
  if (type === 'Refresh' && req.Settings === undefined) return;
  if (!isObject(req.Settings)) invalid('Settings must be an object {"Policies":[…]}');
  onlyKeys(req.Settings, ['Policies'], 'Settings.');
  const raw = req.Settings.Policies;
  if (!Array.isArray(raw)) invalid('Settings.Policies must be an array');
  const list = raw.map(parsePolicy);
  if (type === 'Refresh') return;
  const next =
    type === 'Add' ? add(endpoint.Policies, list, version) : type === 'Remove' ? remove(endpoint.Policies, list) : update(endpoint.Policies, list, version);
  endpoint.Policies = next;
}
