// The node's side: the conflist entry's (or NRI config's) `policy`, `profiles` and `allowPodOverrides`.
import { buildPolicy } from '../build.js';
import { PolicyError, type PolicyIssue } from '../errors.js';
import { FIELD_NAMES, type PolicyInput } from '../input.js';
import { ALL_PROFILES, type ProfileName } from './types.js';
import { isObject } from '../../runtime/json.js';

export interface NodeSettings {
  /** Node defaults, same keys as PolicyInput (from the conflist entry's "policy" object). */
  policy: PolicyInput;
  /** Which annotation profiles are honoured (default ALL_PROFILES). */
  profiles: readonly ProfileName[];
  /** May pod annotations widen what escapes the proxy (more exclusions, narrower includes, another proxy identity)? Default false. */
  allowPodOverrides: boolean;
  /**
   * Per mesh, values that replace that profile's own defaults (as a mesh CNI's conflist section does:
   * linkerd-cni's `ipv6: true` is `{"linkerd": {"ipFamilies": "dual"}}`). Annotations still win.
   */
  meshDefaults?: Readonly<Partial<Record<ProfileName, PolicyInput>>>;
}

const LIST_FIELDS: ReadonlySet<string> = new Set([
  'excludePorts',
  'excludeIps',
  'inboundExcludePorts',
  'inboundExcludeIps',
  'outboundExcludePorts',
  'outboundExcludeIps',
  'inboundIncludePorts',
  'outboundIncludePorts',
  'outboundIncludeIps',
  'outboundExcludeUids',
  'localAddresses',
  'remoteAddresses',
  'localPorts',
  'remotePorts',
]);

const shown = (v: unknown): string => (v === undefined ? 'nothing' : JSON.stringify(v));

function typeIssue(key: string, value: unknown): string | undefined {
  const path = `policy.${key}`;
  if (key === 'proxySid') return typeof value === 'string' ? undefined : `${path} must be a string (a SID or "system"), got ${shown(value)}`;
  if (LIST_FIELDS.has(key)) {
    if (typeof value === 'string') return undefined;
    if (Array.isArray(value) && value.every((x) => typeof x === 'string' || typeof x === 'number')) return undefined;
    return `${path} must be a list (an array or a comma-separated string), got ${shown(value)}`;
  }
  return typeof value === 'string' || typeof value === 'number' ? undefined : `${path} must be a number or a string, got ${shown(value)}`;
}

function readPolicy(raw: unknown, issues: PolicyIssue[], at = 'policy'): PolicyInput {
  if (raw === undefined || raw === null) return {};
  if (!isObject(raw)) {
    issues.push({ field: at, message: `${at} must be an object of policy keys, got ${shown(raw)}` });
    return {};
  }
  const policy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!Object.hasOwn(FIELD_NAMES, key)) {
      issues.push({ field: `${at}.${key}`, message: `${at}.${key} is not a policy key (known: ${Object.keys(FIELD_NAMES).join(', ')})` });
      continue;
    }
    if (value === undefined || value === null) continue;
    const problem = typeIssue(key, value)?.replace(/^policy\./, `${at}.`);
    if (problem) issues.push({ field: `${at}.${key}`, message: problem });
    else policy[key] = value;
  }
  return policy as PolicyInput;
}

function readMeshDefaults(raw: unknown, issues: PolicyIssue[]): NonNullable<NodeSettings['meshDefaults']> {
  if (raw === undefined || raw === null) return {};
  const known = ALL_PROFILES.filter((p) => p !== 'hcnproxyctl').join(', ');
  if (!isObject(raw)) {
    issues.push({ field: 'meshDefaults', message: `meshDefaults must be an object of mesh names (${known}), got ${shown(raw)}` });
    return {};
  }
  const out: Partial<Record<ProfileName, PolicyInput>> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (name === 'hcnproxyctl' || !(ALL_PROFILES as readonly string[]).includes(name)) {
      issues.push({ field: `meshDefaults.${name}`, message: `meshDefaults: "${name}" is not a mesh (${known}); our own profile's defaults are "policy"` });
      continue;
    }
    const at = `meshDefaults.${name}`;
    const before = issues.length;
    const policy = readPolicy(value, issues, at);
    if (issues.length === before) {
      issues.push(...valueIssues(policy).map((i) => ({ field: i.field.replace(/^policy\./, `${at}.`), message: i.message.replace(/^policy\./, `${at}.`) })));
    }
    out[name as ProfileName] = policy;
  }
  return out;
}

/** Values are checked by buildPolicy; a node policy need not name a proxy port (profiles bring theirs). */
function valueIssues(policy: PolicyInput): PolicyIssue[] {
  const hasPort = [policy.inboundPort, policy.outboundPort, policy.port].some((v) => v !== undefined && String(v).trim() !== '');
  try {
    buildPolicy(hasPort ? policy : { ...policy, outboundPort: 1 });
    return [];
  } catch (e) {
    if (!(e instanceof PolicyError)) throw e;
    return e.issues.map((i) => ({ field: `policy.${i.field}`, message: `policy.${i.field}: ${i.message}` }));
  }
}

function readProfiles(raw: unknown, issues: PolicyIssue[]): readonly ProfileName[] {
  if (raw === undefined || raw === null) return ALL_PROFILES;
  const known = ALL_PROFILES.join(', ');
  if (!Array.isArray(raw)) {
    issues.push({ field: 'profiles', message: `profiles must be a list of profile names (${known}), got ${shown(raw)}` });
    return ALL_PROFILES;
  }
  const out: ProfileName[] = [];
  for (const name of raw) {
    if (typeof name !== 'string' || !(ALL_PROFILES as readonly string[]).includes(name)) {
      issues.push({ field: 'profiles', message: `profiles: ${shown(name)} is not a profile (${known})` });
    } else if (out.includes(name as ProfileName)) {
      issues.push({ field: 'profiles', message: `profiles: "${name}" is listed twice` });
    } else {
      out.push(name as ProfileName);
    }
  }
  return out;
}

/**
 * Validates the node's settings: `{ policy?: {PolicyInput keys}, profiles?: string[], allowPodOverrides?: boolean,
 * meshDefaults?: {mesh: {PolicyInput keys}} }`.
 * Other keys are ignored (they are the CNI/NRI envelope's). Throws PolicyError; issue fields are the
 * config paths ("policy.inboundPort", "profiles", "allowPodOverrides").
 */
export function parseNodeSettings(raw: unknown): NodeSettings {
  const issues: PolicyIssue[] = [];
  if (raw !== undefined && raw !== null && !isObject(raw)) {
    throw new PolicyError([{ field: 'settings', message: `node settings must be an object, got ${shown(raw)}` }]);
  }
  const r = (raw ?? {}) as Record<string, unknown>;
  const policy = readPolicy(r.policy, issues);
  if (issues.length === 0) issues.push(...valueIssues(policy));
  const profiles = readProfiles(r.profiles, issues);
  const meshDefaults = readMeshDefaults(r.meshDefaults, issues);
  const allow = r.allowPodOverrides;
  if (allow !== undefined && allow !== null && typeof allow !== 'boolean') {
    issues.push({ field: 'allowPodOverrides', message: `allowPodOverrides must be true or false, got ${shown(allow)}` });
  }
  if (issues.length > 0) throw new PolicyError(issues);
  return { policy, profiles, allowPodOverrides: allow === true, meshDefaults };
}
