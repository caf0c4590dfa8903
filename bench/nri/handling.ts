// bench:nri c: the plugin's own handling time per event, read from its JSON log lines (per phase; the
// CreateContainer of pods it redirected, the judged fast path, apart).
import { type Json } from './settings.js';
import { dist, num, type Dist } from './util.js';

export const POD_EVENTS = ['RunPodSandbox', 'StopPodSandbox', 'RemovePodSandbox'] as const;
/** Phases whose CreateContainer lines are of pods the plugin redirected at RunPodSandbox (g, h). */
const GATE_PHASES = new Set(['pod start', 'gate']);
/** The fast path's outcome: answered from the plugin's memory. */
export const FAST_PATH = 'in-place (known)';

export interface Handling {
  count: number;
  withoutMs: number;
  rows: { phase: string; event: string; outcome: string; n: number; p50: number | null; p99: number | null; max: number | null }[];
  /** Each pod event's distribution over the sequential phase (a/b), all outcomes. */
  cases: Record<string, Dist>;
  /** CreateContainer of a pod redirected at RunPodSandbox (phases g and h, pods that had their table): all outcomes. */
  createContainerRedirected: Dist & { outcomes: Record<string, number> };
}

export function handling(lines: readonly Json[], redirectedPods: ReadonlySet<string>): Handling {
  const handled = lines.filter((l) => l.msg === 'event handled' && typeof l.event === 'string');
  const groups = new Map<string, { phase: string; event: string; outcome: string; ms: number[] }>();
  let withoutMs = 0;
  for (const l of handled) {
    const ms = num(l.ms);
    if (ms === null) {
      withoutMs++;
      continue;
    }
    const outcome = l.outcome === undefined ? '-' : String(l.outcome);
    const key = `${String(l.benchPhase)}\0${String(l.event)}\0${outcome}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { phase: String(l.benchPhase), event: String(l.event), outcome, ms: [] }));
    g.ms.push(ms);
  }
  const rows = [...groups.values()].map((g) => {
    const d = dist(g.ms);
    return { phase: g.phase, event: g.event, outcome: g.outcome, n: d.n, p50: d.median, p99: d.p99, max: d.max };
  });
  const msOf = (ls: Json[]) => ls.map((l) => num(l.ms)).filter((x): x is number => x !== null);
  const cases: Record<string, Dist> = {};
  for (const e of POD_EVENTS) cases[e] = dist(msOf(handled.filter((l) => l.benchPhase === 'cases' && l.event === e)));
  const gated = handled.filter(
    (l) => l.event === 'CreateContainer' && GATE_PHASES.has(String(l.benchPhase)) && typeof l.podID === 'string' && redirectedPods.has(l.podID),
  );
  const outcomes: Record<string, number> = {};
  for (const l of gated) outcomes[String(l.outcome)] = (outcomes[String(l.outcome)] ?? 0) + 1;
  return { count: handled.length, withoutMs, rows, cases, createContainerRedirected: { ...dist(msOf(gated)), outcomes } };
}
