// bench:nri a/b and g: the case tables — per case n, median, p95, min, and the cost over no plugin in
// milliseconds and as a ratio (g also per CRI call: run, create, start).
import { mdTable } from '../round-robin.mjs';
import type { StartSample } from './bench.js';
import { BASE, CASES, type Case, type Json } from './settings.js';
import { diff, dist, fmt, fmtDelta, ratio, type Dist } from './util.js';

export interface CaseStats extends Dist {
  ratioMedian: number | null;
  ratioP95: number | null;
  /** Median minus the "no plugin" median, ms. */
  overBaseMs: number | null;
}

function caseStats(xs: readonly number[], base: Dist): CaseStats {
  const d = dist(xs);
  return { ...d, ratioMedian: ratio(d.median, base.median), ratioP95: ratio(d.p95, base.p95), overBaseMs: diff(d.median, base.median) };
}

const CASE_HEAD = ['case', 'n:', 'median ms:', 'p95 ms:', 'min ms:', 'over no plugin (median ms):', '× no plugin (median):', '× no plugin (p95):'];
const caseRow = (c: Case, r: CaseStats) => [
  c,
  String(r.n),
  fmt(r.median),
  fmt(r.p95),
  fmt(r.min),
  fmtDelta(r.overBaseMs),
  fmt(r.ratioMedian, 3),
  fmt(r.ratioP95, 3),
];

/** a, b: one duration per pod and case. */
export function caseTable(samples: Record<Case, number[]>): { stats: Record<Case, CaseStats>; lines: string[] } {
  const base = dist(samples[BASE]);
  const stats = {} as Record<Case, CaseStats>;
  for (const c of CASES) stats[c] = caseStats(samples[c], base);
  return {
    stats,
    lines: mdTable(
      CASE_HEAD,
      CASES.map((c) => caseRow(c, stats[c])),
    ),
  };
}

const PARTS = [
  ['run', 'RunPodSandbox'],
  ['create', 'CreateContainer'],
  ['start', 'StartContainer'],
] as const;

/** g: the pod start (all three calls) per case, and each call's median beside the baseline's. */
export function startTable(samples: Record<Case, StartSample[]>): { stats: Record<Case, CaseStats & { parts: Json }>; lines: string[]; partLines: string[] } {
  const base = dist(samples[BASE].map((s) => s.total));
  const baseParts = Object.fromEntries(PARTS.map(([k]) => [k, dist(samples[BASE].map((s) => s[k]))]));
  const stats = {} as Record<Case, CaseStats & { parts: Json }>;
  const partRows: string[][] = [];
  for (const c of CASES) {
    const parts: Json = {};
    const row: string[] = [c];
    for (const [k] of PARTS) {
      const d = caseStats(
        samples[c].map((s) => s[k]),
        baseParts[k]!,
      );
      parts[k] = d;
      row.push(c === BASE ? fmt(d.median) : `${fmt(d.median)} (${fmtDelta(d.overBaseMs)})`);
    }
    const total = samples[c].map((s) => s.total);
    stats[c] = { ...caseStats(total, base), parts };
    partRows.push(row);
  }
  return {
    stats,
    lines: mdTable(
      CASE_HEAD,
      CASES.map((c) => caseRow(c, stats[c])),
    ),
    partLines: mdTable(['case', ...PARTS.map(([, name]) => `${name} median ms (over no plugin):`)], partRows),
  };
}
