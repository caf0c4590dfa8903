// Types of round-robin.mjs for the TypeScript benchmarks (bench/nri.ts).
export interface Stats {
  median: number;
  p95: number;
  min: number;
}
export interface Summary extends Stats {
  n: number;
}
export interface Target {
  what: string;
  value: number | null;
  limit: number;
  unit?: string;
  [key: string]: unknown;
}
export type Judged<T extends Target = Target> = T & { pass: boolean | null };

export function resultsDir(dflt?: string): string;
export function quantile(xs: readonly number[], q: number): number;
export function summarize(xs: readonly number[]): Summary;
export function measure(
  cases: Record<string, () => { status: number | null; stdout?: unknown; stderr?: unknown }>,
  o: { rounds: number; warmup: number },
): Record<string, Stats>;
export function judged<T extends Target>(targets: readonly T[]): Judged<T>[];
export function verdict(t: { pass: boolean | null }): 'PASS' | 'MISS' | 'n/a';
export function mdTable(head: readonly string[], rows: readonly (readonly string[])[]): string[];
export function writeResults(name: string, result: { when: string } & Record<string, unknown>, lines: readonly string[], dir?: string): string;
export function report(
  name: string,
  o: {
    title: string;
    header: string;
    result: { when: string } & Record<string, unknown>;
    stats: Record<string, Stats>;
    targets: readonly Judged[];
    targetTitle?: string;
    extraColumn?: { title: string; cell(s: Stats): string };
    dir?: string;
  },
): void;
