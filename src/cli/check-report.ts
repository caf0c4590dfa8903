// What `check` reports, and its text form: the hooks, whether rules can be written, and a table of the
// running pods (the JSON form is the report itself).
import { PLUGIN_TYPE } from '../cni/install/conflist.js';
import type { CniHookState } from '../cni/install/hook-state.js';
import type { NriPresence, NriProcess } from '../nri/presence.js';
import type { PodInspection } from '../pod/index.js';

export interface HookState {
  cni: CniHookState;
  nri: NriPresence;
  installed: boolean;
}

export interface CheckReport {
  hook: HookState;
  rules: { ok: boolean; detail: string };
  pods: PodInspection[];
  /** Everything is as it should be (after --fix, if given). */
  ok: boolean;
}

function rowCells(r: PodInspection): string[] {
  const decision = r.decision === 'redirect' ? `redirect (${r.profile})` : r.decision === 'skip' ? 'not redirected' : r.decision;
  const onNode = r.fixed === true ? `${r.onNode} → fixed` : r.fixed === false ? `${r.onNode} → fix failed` : r.onNode;
  const why = r.detail ?? r.reason ?? '';
  return [`${r.namespace}/${r.name}`, r.id.slice(0, 13), decision, onNode, why];
}

function table(rows: readonly string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => `  ${r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')}`.trimEnd()).join('\n');
}

const nriText = (p: NriProcess): string =>
  `pid ${p.pid} ${p.ready === undefined ? 'running (connection unknown: it serves no --metrics-address)' : p.ready ? 'registered with containerd and synchronized' : `NOT READY: ${p.readiness ?? ''}`}`;

export function reportText(r: CheckReport): string {
  const cni = r.hook.cni;
  const lines = [
    'hook:',
    `  CNI  ${cni.file ? `${cni.file}: ${cni.entry ? `${PLUGIN_TYPE} entry present` : `no ${PLUGIN_TYPE} entry`}` : 'no configuration'}${cni.binary ? `; executable ${cni.binary}` : ''}${cni.problem ? ` (${cni.problem})` : ''}`,
    `  NRI  ${r.hook.nri.plugins.length > 0 ? r.hook.nri.plugins.map(nriText).join('; ') : 'not running'}${r.hook.nri.preinstalled ? `; pre-installed ${r.hook.nri.preinstalled}` : ''}`,
    `rules: ${r.rules.ok ? r.rules.detail : `NOT AVAILABLE: ${r.rules.detail}`}`,
  ];
  const count = (f: (p: PodInspection) => boolean) => r.pods.filter(f).length;
  lines.push(
    `pods: ${r.pods.length} running: ${count((p) => p.onNode === 'in place')} in place, ${count((p) => p.onNode === 'missing')} missing, ${count((p) => p.onNode === 'differs')} differ, ${count((p) => p.decision !== 'redirect')} not redirected${count((p) => p.fixed === true) > 0 ? `, ${count((p) => p.fixed === true)} fixed` : ''}`,
  );
  if (r.pods.length > 0) lines.push(table([['POD', 'ID', 'DECISION', 'ON THE NODE', 'WHY'], ...r.pods.map(rowCells)]));
  lines.push(`result: ${r.ok ? 'ok' : 'needs attention'}`);
  return `${lines.join('\n')}\n`;
}
