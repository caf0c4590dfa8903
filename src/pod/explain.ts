// `explain`'s view of the pod path: the steps a hook takes before it touches the backend — the node's
// namespace exclusion, then the decision, strict or lenient as failOpen makes it — with what became of
// every annotation, and nothing applied.
import { decidePod, type KeyReport, type ProfileName } from '../policy/annotations/index.js';
import { PolicyError, type PolicyIssue } from '../policy/errors.js';
import type { PolicyInput } from '../policy/input.js';
import type { ProxyPolicy } from '../policy/model.js';
import { excludedNamespace } from './path.js';
import { yamlParserFor } from './yaml.js';
import type { HookSettings } from './settings.js';

export type PodExplanation =
  | { decision: 'skip'; reason: string }
  /** The annotations cannot be applied: fail-closed, the pod does not start; failOpen: it starts without redirection. */
  | { decision: 'refuse' | 'fail-open'; reason: string; issues: readonly PolicyIssue[]; keys?: KeyReport[] }
  | { decision: 'redirect'; profile: ProfileName; policy: ProxyPolicy; input: PolicyInput; keys: KeyReport[]; warnings: string[] };

export async function explainPod(
  settings: HookSettings,
  annotations: Readonly<Record<string, string>> | undefined,
  namespace?: string,
): Promise<PodExplanation> {
  const off = excludedNamespace(settings, namespace);
  if (off) return { decision: 'skip', reason: off };
  const parseYaml = await yamlParserFor(annotations);
  const tools = parseYaml ? { parseYaml } : {};
  try {
    const d = decidePod(annotations, settings.node, { lenient: settings.failOpen, ...tools });
    if (d.action === 'skip') return { decision: 'skip', reason: d.reason };
    return { decision: 'redirect', profile: d.profile, policy: d.policy, input: d.input, keys: d.keys, warnings: d.warnings };
  } catch (e) {
    if (!(e instanceof PolicyError)) throw e;
    const refused = { decision: settings.failOpen ? ('fail-open' as const) : ('refuse' as const), reason: e.message, issues: e.issues };
    if (settings.failOpen) return refused;
    // Which keys are at fault, and what the rest would do: the same decision, dropping the bad ones.
    try {
      const lenient = decidePod(annotations, settings.node, { lenient: true, ...tools });
      return lenient.action === 'redirect' ? { ...refused, keys: lenient.keys } : refused;
    } catch {
      return refused;
    }
  }
}
