// Merges node defaults, the profile's defaults and the pod's settings into one PolicyInput:
//   scalars (ports, DNS port, identity):  annotation > profile default > node default
//   exclusions:  node ∪ profile ∪ annotation items (both-direction node lists are split per direction)
//   includes:    annotation > profile default > node default (replaced whole)
// 'widening' settings are honoured only with allowPodOverrides, unless they do not actually widen:
// an identity equal to the default, exclusion items the defaults already cover, an include list that
// captures at least what the default does. Otherwise they are dropped with a warning.
import { parseSid } from '../sid.js';
import { FIELD_NAMES, type ListInput, type PolicyInput } from '../input.js';
import { ipNets, itemCovered, listItems, netsCover, portRanges, portsCover, type ListKind } from './coverage.js';
import type { NodeSettings } from './node-settings.js';
import type { ExcludeField, IncludeField, Profile, ScalarField, Setting } from './types.js';

const NOT_ALLOWED = 'pod annotations may not widen what escapes the proxy on this node (allowPodOverrides is false)';

// Each exclusion list, the both-directions node list it also takes items from, and its kind of item.
const EXCLUDES: readonly (readonly [ExcludeField, 'excludePorts' | 'excludeIps' | undefined, ListKind])[] = [
  ['inboundExcludePorts', 'excludePorts', 'ports'],
  ['outboundExcludePorts', 'excludePorts', 'ports'],
  ['inboundExcludeIps', 'excludeIps', 'nets'],
  ['outboundExcludeIps', 'excludeIps', 'nets'],
  ['outboundExcludeUids', undefined, 'users'],
];
const KIND = Object.fromEntries(EXCLUDES.map(([field, , kind]) => [field, kind])) as Readonly<Record<ExcludeField, ListKind>>;
const SCALARS: readonly ScalarField[] = ['inboundPort', 'outboundPort', 'dnsCapturePort', 'proxyUid', 'proxyGid', 'proxySid', 'ipFamilies', 'dnsServer'];
const INCLUDES: readonly IncludeField[] = ['inboundIncludePorts', 'outboundIncludePorts', 'outboundIncludeIps'];

export interface Resolution {
  input: PolicyInput;
  warnings: string[];
  /** PolicyInput field → the annotation keys whose values it holds, to name them in build errors. */
  sources: Map<keyof PolicyInput, string[]>;
  /** Set when honoured annotations turned off both directions: nothing is left to redirect. */
  bothOff?: string[];
  /** What became of each annotation that asked for something: honoured, dropped as widening, or partly. */
  outcomes: Map<string, SettingOutcome>;
}

export interface SettingOutcome {
  state: 'honoured' | 'dropped' | 'partly';
  /** Why (dropped, partly), in the words of the warning. */
  detail?: string;
}

function note(outcomes: Map<string, SettingOutcome>, key: string, state: 'honoured' | 'dropped', detail?: string): void {
  const before = outcomes.get(key);
  const merged = before && before.state !== state ? 'partly' : state;
  const details = [before?.detail, detail].filter((d): d is string => d !== undefined);
  outcomes.set(key, { state: merged, ...(details.length > 0 ? { detail: details.join('; ') } : {}) });
}

function dedupe(items: readonly string[]): string[] {
  return [...new Set(items)];
}

function sameIdentity(field: ScalarField, current: PolicyInput[ScalarField], value: string): boolean {
  if (current === undefined || String(current).trim() === '') return false;
  if (field === 'proxySid') {
    const cur = parseSid(String(current), '');
    return typeof cur === 'string' && cur.toUpperCase() === value.toUpperCase();
  }
  return /^\d+$/.test(String(current).trim()) && Number(String(current).trim()) === Number(value);
}

const isAll = (v: ListInput | undefined): boolean => v === undefined || (typeof v === 'string' && v.trim() === '*');

/** Does the annotation's include list redirect at least what the default one does? */
function capturesAtLeast(field: IncludeField, items: readonly string[] | '*', base: ListInput | undefined): boolean {
  if (items === '*') return true;
  if (field === 'outboundIncludeIps') {
    if (isAll(base)) return false;
    const cover = ipNets(items);
    return ipNets(listItems(base, 'nets')).every((n) => netsCover(cover, n));
  }
  const baseRanges = portRanges(listItems(base, 'ports'));
  // An empty inbound include list means every port; an empty outbound one, no port.
  if (field === 'inboundIncludePorts' && (items.length === 0 || baseRanges.length === 0)) return items.length === 0;
  const cover = portRanges(items);
  return baseRanges.every((r) => portsCover(cover, r));
}

function includeValue(field: IncludeField, items: readonly string[] | '*'): ListInput {
  if (items !== '*') return [...items];
  return field === 'outboundIncludeIps' ? '*' : []; // inbound: an empty list is every port
}

/** The node's policy with the original single `port` read as both directions' port, so a profile's ports replace it. */
function nodeDefaults(policy: PolicyInput): PolicyInput {
  const n: PolicyInput = { ...policy };
  if (n.port !== undefined) {
    if (n.inboundPort === undefined || String(n.inboundPort).trim() === '') n.inboundPort = n.port;
    if (n.outboundPort === undefined || String(n.outboundPort).trim() === '') n.outboundPort = n.port;
    delete n.port;
  }
  return n;
}

export function resolve(node: NodeSettings, profile: Profile, settings: readonly Setting[]): Resolution {
  const allow = node.allowPodOverrides;
  const n = nodeDefaults(node.policy);
  // The node may replace a mesh's own defaults (meshDefaults), as the mesh CNI's conflist section does.
  const p: PolicyInput = { ...profile.defaults, ...(node.meshDefaults?.[profile.name] ?? {}) };
  const warnings: string[] = [];
  const outcomes = new Map<string, SettingOutcome>();
  const dropped = (key: string, warning: string) => {
    warnings.push(warning);
    note(outcomes, key, 'dropped', warning);
  };
  const sources = new Map<keyof PolicyInput, string[]>();
  const from = (field: keyof PolicyInput, key: string) => sources.set(field, [...(sources.get(field) ?? []).filter((k) => k !== key), key]);

  const input: PolicyInput = { ...n };
  delete input.excludePorts;
  delete input.excludeIps;
  // The node's DNS capture port is for pods of our own profile: a mesh without a DNS proxy on that
  // port would lose DNS. Meshes turn DNS capture on through their own annotations.
  if (profile.name !== 'hcnproxyctl') delete input.dnsCapturePort;
  for (const f of [...SCALARS, ...INCLUDES]) {
    if (p[f] !== undefined) (input as Record<string, unknown>)[f] = p[f];
  }
  const baseIncludes: Partial<Record<IncludeField, ListInput | undefined>> = {};
  for (const f of INCLUDES) baseIncludes[f] = input[f];

  // Exclusion defaults per direction; the profile's may lose items to an 'unexclude' (always honoured).
  const defaults = {} as Record<ExcludeField, string[]>;
  for (const [field, both, kind] of EXCLUDES) {
    const removed = new Set(settings.flatMap((s) => (s.op === 'unexclude' && s.field === field ? s.items : [])));
    const fromProfile = [...listItems(both && p[both], kind), ...listItems(p[field], kind)].filter((i) => !removed.has(i));
    defaults[field] = dedupe([...listItems(both && n[both], kind), ...listItems(n[field], kind), ...fromProfile]);
  }
  const reserved = listItems(profile.reservedInboundPorts, 'ports');
  const added = Object.fromEntries(EXCLUDES.map(([field]) => [field, [] as string[]])) as Record<ExcludeField, string[]>;
  const offs: Setting[] = [];

  for (const s of settings) {
    switch (s.op) {
      case 'unexclude':
        note(outcomes, s.key, 'honoured');
        break;
      case 'set': {
        const current = input[s.field];
        if (s.kind === 'tuning' || allow || sameIdentity(s.field, current, s.value)) {
          (input as Record<string, unknown>)[s.field] = s.value;
          from(s.field, s.key);
          note(outcomes, s.key, 'honoured');
        } else {
          dropped(s.key, `annotation ${s.key}: ${FIELD_NAMES[s.field]} ${s.value} not applied (keeps ${current ?? 'none'}): ${NOT_ALLOWED}`);
        }
        break;
      }
      case 'off':
        if (allow || s.kind === 'tuning') {
          offs.push(s);
          note(outcomes, s.key, 'honoured');
        } else dropped(s.key, `annotation ${s.key}: ${s.direction} traffic stays redirected: ${NOT_ALLOWED}`);
        break;
      case 'exclude': {
        const kind = KIND[s.field];
        const fresh = s.items.filter((i) => !itemCovered([...defaults[s.field], ...added[s.field]], i, kind));
        const refused: string[] = [];
        for (const item of fresh) {
          const own = s.field === 'inboundExcludePorts' && itemCovered(reserved, item, 'ports');
          if (allow || own) added[s.field].push(item);
          else refused.push(item);
        }
        if (fresh.length > refused.length) from(s.field, s.key);
        if (refused.length < s.items.length) note(outcomes, s.key, 'honoured');
        if (refused.length > 0) dropped(s.key, `annotation ${s.key}: ${refused.join(', ')} not excluded: ${NOT_ALLOWED}`);
        break;
      }
      case 'include':
        if (s.kind === 'tuning' || allow || capturesAtLeast(s.field, s.items, baseIncludes[s.field])) {
          (input as Record<string, unknown>)[s.field] = includeValue(s.field, s.items);
          from(s.field, s.key);
          note(outcomes, s.key, 'honoured');
        } else {
          const shown = s.items === '*' ? '*' : s.items.join(', ') || '(none)';
          dropped(s.key, `annotation ${s.key}: ${FIELD_NAMES[s.field]} list ${shown} not applied (that would redirect less): ${NOT_ALLOWED}`);
        }
        break;
    }
  }

  for (const s of offs) {
    if (s.op === 'off') delete input[s.direction === 'inbound' ? 'inboundPort' : 'outboundPort'];
  }
  for (const [field] of EXCLUDES) {
    const items = dedupe([...defaults[field], ...added[field]]);
    if (items.length > 0) input[field] = items;
    else delete input[field];
  }
  const res: Resolution = { input, warnings, sources, outcomes };
  const hasPort = (v: PolicyInput['inboundPort']) => v !== undefined && String(v).trim() !== '';
  if (offs.length > 0 && !hasPort(input.inboundPort) && !hasPort(input.outboundPort)) res.bothOff = offs.map((s) => s.key);
  return res;
}
