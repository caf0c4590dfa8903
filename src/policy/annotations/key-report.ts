// What became of each of a pod's annotations in the decision, for `hcnproxyctl explain`: the opt-in
// mark, honoured, dropped as widening (or partly), invalid, not honoured (a knob of the mesh we do not
// apply), ignored (understood but not used: another profile's key, …), read without changing anything,
// or not read at all. Built from what decidePod itself saw — the reader's
// settings and issues, the merge's outcomes — never by deciding again.
import type { SettingOutcome } from './resolve.js';
import type { Annotations, Profile, ReadResult } from './types.js';

export type KeyState = 'opt-in' | 'honoured' | 'partly' | 'dropped' | 'invalid' | 'not-honoured' | 'ignored' | 'read' | 'not-read';

export interface KeyReport {
  key: string;
  state: KeyState;
  /** Why, where there is more to say (the warning or the error, naming the key). */
  detail?: string;
}

export interface KeyReportInput {
  annotations: Annotations;
  winner: Profile;
  /** Every profile honoured on the node, in precedence order. */
  honoured: readonly Profile[];
  read: ReadResult;
  outcomes: ReadonlyMap<string, SettingOutcome>;
  /** Annotations dropped as malformed (lenient mode): key → message. */
  invalid: ReadonlyMap<string, string>;
  /** The decision's warnings (ignored keys are named in them). */
  warnings: readonly string[];
}

const mentions = (warnings: readonly string[], key: string) => warnings.find((w) => w.includes(key));
/** The annotation keys a profile's marker text names ("hcnproxyctl.io/enabled: \"true\"", consul's three). */
const markerKeys = (p: Profile): string[] => p.marker.match(/[a-z0-9.-]+\/[A-Za-z0-9._-]+/g) ?? [];

function stateOf(k: string, r: KeyReportInput): Omit<KeyReport, 'key'> {
  const bad = r.invalid.get(k);
  if (bad !== undefined) return { state: 'invalid', detail: bad };
  const outcome = r.outcomes.get(k);
  // Honoured, except for a part the reader understood and could not use (it said so in a warning).
  const unused = r.read.warnings.find((w) => w.includes(k));
  if (outcome?.state === 'honoured' && unused) return { state: 'partly', detail: unused };
  if (outcome) return { state: outcome.state, ...(outcome.detail ? { detail: outcome.detail } : {}) };
  if (markerKeys(r.winner).includes(k)) return { state: 'opt-in', detail: `the pod is ${r.winner.name}'s` };
  const warned = mentions(r.warnings, k);
  if (r.winner.keys.some((d) => d.key === k)) {
    if (!warned) return { state: 'read', detail: 'no change to the policy' };
    // A knob of the mesh we understand and do not apply (Istio's interface keys, Kuma's iptables logs …).
    return { state: / is not honoured/.test(warned) ? 'not-honoured' : 'ignored', detail: warned };
  }
  const other = r.honoured.find((p) => p !== r.winner && (markerKeys(p).includes(k) || p.keys.some((d) => d.key === k)));
  if (other) return { state: 'ignored', detail: warned ?? `a ${other.name} key: the pod is handled by the ${r.winner.name} profile` };
  return { state: 'not-read', detail: 'not a key of any profile honoured on this node' };
}

/** One line per annotation of the pod, in key order. */
export function keyReport(r: KeyReportInput): KeyReport[] {
  return Object.keys(r.annotations)
    .sort()
    .map((key) => ({ key, ...stateOf(key, r) }));
}
