// `explain`'s text form: the decision first, then each annotation's fate, the policy, the rules, and —
// with --pod — what is on the node.
import type { HnsEndpointPolicy, L4WfpProxySettings } from '../hns/l4wfpproxy.js';
import type { PodExplanation } from '../pod/index.js';
import { FIELD_NAMES, type PolicyInput } from '../policy/input.js';
import type { KeyReport } from '../policy/annotations/index.js';
import type { OnNode } from '../pod/index.js';

export type Explained = PodExplanation & {
  pod: { source: string; namespace?: string };
  node: { source: string };
  /** The ruleset it would write (Linux), or why it cannot be written. */
  nftables?: string;
  /** Addresses added to the pod's lo with the table (Linux: the proxy binds them). */
  loopbackAddresses?: string[];
  /** The L4WFPPROXY policy it would send (Windows). */
  hns?: HnsEndpointPolicy<L4WfpProxySettings>;
  nftablesError?: string;
  hnsError?: string;
  onNode?: OnNode;
};

const STATE_TEXT: Record<KeyReport['state'], string> = {
  'opt-in': 'opt-in',
  honoured: 'honoured',
  partly: 'partly honoured',
  dropped: 'dropped',
  invalid: 'invalid',
  'not-honoured': 'not honoured',
  ignored: 'ignored',
  read: 'read',
  'not-read': 'not read',
};

const indent = (text: string) =>
  text
    .trimEnd()
    .split('\n')
    .map((l) => (l ? `  ${l}` : ''))
    .join('\n');

function keysText(keys: readonly KeyReport[]): string {
  if (keys.length === 0) return '  (none)';
  const width = Math.max(...keys.map((k) => k.key.length));
  return keys.map((k) => `  ${STATE_TEXT[k.state].padEnd(16)}${k.detail ? `${k.key.padEnd(width)}  ${k.detail}` : k.key}`).join('\n');
}

function inputText(input: PolicyInput): string {
  return Object.entries(input)
    .filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0))
    .map(([k, v]) => `  ${FIELD_NAMES[k as keyof PolicyInput] ?? k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`)
    .join('\n');
}

export function explainText(r: Explained): string {
  const lines = [`pod:      ${r.pod.source}${r.pod.namespace ? `, namespace ${r.pod.namespace}` : ''}`, `node:     ${r.node.source}`];
  switch (r.decision) {
    case 'skip':
      lines.push(`decision: not redirected — ${r.reason}`);
      break;
    case 'refuse':
    case 'fail-open':
      lines.push(
        r.decision === 'refuse'
          ? `decision: the pod would not start (fail-closed) — ${r.reason}`
          : `decision: the pod would start without redirection (failOpen) — ${r.reason}`,
      );
      if (r.keys) lines.push('annotations:', keysText(r.keys));
      break;
    case 'redirect':
      lines.push(`decision: redirected, profile ${r.profile}`, 'annotations:', keysText(r.keys));
      if (r.warnings.length > 0) lines.push('warnings:', ...r.warnings.map((w) => `  ${w}`));
      lines.push('policy:', inputText(r.input));
      lines.push('nftables (Linux):', indent(r.nftables ?? `cannot be written: ${r.nftablesError ?? ''}`));
      if (r.loopbackAddresses) lines.push(`added to the pod's lo (Linux; the proxy binds them): ${r.loopbackAddresses.join(', ')}`);
      lines.push('HNS L4WFPPROXY policy (Windows):', indent(r.hns ? JSON.stringify(r.hns, null, 2) : `cannot be sent: ${r.hnsError ?? ''}`));
      break;
  }
  if (r.onNode) lines.push(`on the node: ${r.onNode.state}${r.onNode.detail ? ` — ${r.onNode.detail}` : ''}`);
  return `${lines.join('\n')}\n`;
}
