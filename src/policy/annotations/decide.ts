// The per-pod decision: which profile owns the pod (precedence order), what its annotations ask for,
// the merged policy, or why the pod is skipped.
import { buildPolicy } from '../build.js';
import { PolicyError, type PolicyIssue } from '../errors.js';
import type { PolicyInput } from '../input.js';
import type { ProxyPolicy } from '../model.js';
import type { NodeSettings } from './node-settings.js';
import { PROFILES } from './profiles.js';
import { keyReport, type KeyReport } from './key-report.js';
import { resolve, type Resolution } from './resolve.js';
import { ALL_PROFILES, type Annotations, type Profile, type ProfileName, type ReadTools } from './types.js';

/** Why a pod is left alone, as a label (metrics count by it); `reason` says it in words. */
export type SkipCode = 'no-annotations' | 'no-opt-in' | 'opted-out' | 'no-profiles' | 'both-directions-off';

export type PodDecision =
  | { action: 'skip'; code: SkipCode; reason: string }
  | {
      action: 'redirect';
      profile: ProfileName;
      policy: ProxyPolicy;
      input: PolicyInput;
      warnings: string[];
      /** What became of each annotation (for `explain`). */
      keys: KeyReport[];
    };

const OURS = 'hcnproxyctl.io/';
const OUR_OPT_IN = `${OURS}enabled`;

const skip = (code: SkipCode, reason: string): PodDecision => ({ action: 'skip', code, reason });
const ignored = (i: PolicyIssue): string => `${i.message}; annotation ignored`;

/** Issue fields back to the annotation that supplied the value; node values keep the PolicyInput key. */
function mapIssues(issues: readonly PolicyIssue[], res: Resolution): { issues: PolicyIssue[]; keys: string[] } {
  const keys: string[] = [];
  const mapped = issues.map((i) => {
    const field = i.field as keyof PolicyInput;
    let key = res.sources.get(field)?.[0];
    // An include/exclude overlap may come from an exclusion annotation of the same direction.
    if (!key && field === 'inboundIncludePorts') key = res.sources.get('inboundExcludePorts')?.[0];
    if (!key && field === 'outboundIncludePorts') key = res.sources.get('outboundExcludePorts')?.[0];
    if (/Exclude/.test(field)) key = undefined; // unions: the bad item is a node value (annotation items are checked)
    if (!key) return { field: i.field, message: `policy.${i.field}: ${i.message}` };
    keys.push(key);
    return { field: key, message: `annotation ${key}: ${i.message}` };
  });
  return { issues: mapped, keys };
}

function noMatchReason(a: Annotations, honoured: readonly Profile[], disabled: readonly string[]): string {
  if (disabled.length > 0) return `the pod opted out: ${disabled.join('; ')}`;
  let reason = `no opt-in annotation (looked for ${honoured.map((p) => p.marker).join(', ')})`;
  if (honoured.includes(PROFILES.hcnproxyctl) && Object.keys(a).some((k) => k.startsWith(OURS) && k !== OUR_OPT_IN)) {
    reason += `; hcnproxyctl.io/* keys are set but ${OUR_OPT_IN} is not "true"`;
  }
  return reason;
}

/**
 * Decides what to do with a pod from its annotations and the node's settings. Throws PolicyError
 * (issue field = the annotation key, or the PolicyInput key for node values) on malformed values,
 * unless `lenient`: then bad annotations are dropped with a warning naming the key.
 */
export function decidePod(
  annotations: Readonly<Record<string, string>> | undefined,
  node: NodeSettings,
  opts: { lenient?: boolean; parseYaml?: ReadTools['parseYaml'] } = {},
): PodDecision {
  const lenient = opts.lenient === true;
  if (annotations === undefined) {
    return skip(
      'no-annotations',
      'no pod annotations: runtimeConfig has no "io.kubernetes.cri.pod-annotations" (declare the capability in the conflist entry)',
    );
  }
  if (Object.keys(annotations).length === 0) return skip('no-opt-in', 'no opt-in annotation: the pod has no annotations');
  const honoured = ALL_PROFILES.filter((name) => node.profiles.includes(name)).map((name) => PROFILES[name]);
  if (honoured.length === 0) return skip('no-profiles', 'no annotation profile is honoured on this node (profiles is empty)');

  const a: Record<string, string> = { ...annotations };
  const warnings: string[] = [];
  const invalid = new Map<string, string>();
  const drop = (i: PolicyIssue) => {
    warnings.push(ignored(i));
    invalid.set(i.field, i.message);
    delete a[i.field];
  };

  // Detection, in precedence order. Opt-in values malformed before the winner is known are errors.
  const detectIssues: PolicyIssue[] = [];
  let winner: Profile | undefined;
  const others: Profile[] = [];
  const disabled: string[] = [];
  for (const p of honoured) {
    const issue = winner ? undefined : p.detectIssue?.(a);
    if (issue) {
      if (lenient) drop(issue);
      else detectIssues.push(issue);
    }
    const d = p.detect(a);
    if (d === 'disabled') {
      // Our explicit opt-out wins over any mesh; a mesh's opt-out only takes that mesh out.
      if (p.name === 'hcnproxyctl') return skip('opted-out', p.disabledReason?.(a) ?? 'opted out');
      if (!winner) disabled.push(`${p.name}: ${p.disabledReason?.(a) ?? 'opted out'}`);
    } else if (d) {
      if (winner) others.push(p);
      else winner = p;
    }
  }
  if (detectIssues.length > 0) throw new PolicyError(detectIssues);
  if (!winner) return skip(disabled.length > 0 ? 'opted-out' : 'no-opt-in', noMatchReason(a, honoured, disabled));

  if (others.length > 0) {
    warnings.push(`the pod also matches ${others.map((o) => `${o.name} (${o.marker})`).join(', ')}: ${winner.name} comes first and is used`);
  }
  if (winner !== PROFILES.hcnproxyctl && honoured.includes(PROFILES.hcnproxyctl)) {
    const ours = Object.keys(a).filter((k) => k.startsWith(OURS));
    if (ours.length > 0) {
      warnings.push(`${ours.join(', ')} ignored: the pod is handled by the ${winner.name} profile (${OUR_OPT_IN}: "true" would use the node's policy instead)`);
    }
  }

  // Read, merge, build. In lenient mode a bad annotation is removed and everything is read again,
  // so values that depend on each other (istio's include keys) are recomputed without it.
  for (;;) {
    const read = winner.read(a, opts.parseYaml ? { parseYaml: opts.parseYaml } : {});
    if (lenient && read.issues.length > 0) {
      const whole = read.issues.filter((i) => i.whole);
      if (whole.length > 0) throw new PolicyError(whole);
      read.issues.forEach(drop);
      continue;
    }
    const res = resolve(node, winner, read.settings);
    if (res.bothOff) return skip('both-directions-off', `${res.bothOff.join(', ')} turn off redirection in both directions`);
    const hasPort = [res.input.inboundPort, res.input.outboundPort].some((v) => v !== undefined && String(v).trim() !== '');
    let policy: ProxyPolicy | undefined;
    let buildIssues: PolicyIssue[] = [];
    let buildKeys: string[] = [];
    if (!hasPort) {
      buildIssues = [
        {
          field: 'outboundPort',
          message:
            `profile ${winner.name}: no proxy port: set inboundPort/outboundPort in the node policy` +
            (winner === PROFILES.hcnproxyctl ? ` or annotate the pod with ${OURS}inbound-port / ${OURS}outbound-port` : ''),
        },
      ];
    } else {
      try {
        policy = buildPolicy(res.input, winner.name === 'hcnproxyctl' ? 'generic' : winner.name);
      } catch (e) {
        if (!(e instanceof PolicyError)) throw e;
        ({ issues: buildIssues, keys: buildKeys } = mapIssues(e.issues, res));
      }
    }
    if (!lenient && read.issues.length + buildIssues.length > 0) throw new PolicyError([...read.issues, ...buildIssues]);
    if (buildIssues.length > 0) {
      // Lenient: only annotations can be dropped; a node value at fault is still an error.
      if (buildKeys.length < buildIssues.length || !buildKeys.some((k) => Object.hasOwn(a, k))) throw new PolicyError(buildIssues);
      buildIssues.forEach(drop);
      continue;
    }
    if (!policy) throw new Error('unreachable: no policy and no issue');
    const all = [...warnings, ...read.warnings, ...res.warnings];
    const keys = keyReport({ annotations, winner, honoured, read, outcomes: res.outcomes, invalid, warnings: all });
    return { action: 'redirect', profile: winner.name, policy, input: res.input, warnings: all, keys };
  }
}
