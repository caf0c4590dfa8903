// What every benchmark here shares: wall time per spawn, round-robin over all cases (each round runs
// every case once, so machine noise hits them alike), medians and p95, targets, and the results files
// (bench/results/<name>-latest.json and <name>-latest.md; BENCH_RESULTS_DIR=<dir> writes them
// there instead, e.g. for test runs).
import fs from 'node:fs';
import path from 'node:path';

/**
 * Where results go: $BENCH_RESULTS_DIR, else `dflt` — each benchmark passes its repo's bench/results
 * (this module is also bundled into dist/bench-nri.cjs, where it could not find its own folder).
 */
export function resultsDir(dflt) {
  if (process.env.BENCH_RESULTS_DIR) return path.resolve(process.env.BENCH_RESULTS_DIR);
  if (!dflt) throw new Error('no results directory: pass one or set BENCH_RESULTS_DIR');
  return dflt;
}

export const quantile = (xs, q) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const i = (s.length - 1) * q;
  const lo = Math.floor(i);
  return s[lo] + (s[Math.ceil(i)] - s[lo]) * (i - lo);
};

/** Median, p95 and min of a list of samples (NaN when empty), with the count. */
export const summarize = (xs) => ({ n: xs.length, median: quantile(xs, 0.5), p95: quantile(xs, 0.95), min: xs.length ? Math.min(...xs) : NaN });

/** Runs each case (a function returning a spawnSync result) `warmup + rounds` times; fails on a non-zero exit. */
export function measure(cases, { rounds, warmup }) {
  const samples = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
  for (let round = 0; round < warmup + rounds; round++) {
    for (const [name, fn] of Object.entries(cases)) {
      const t0 = process.hrtime.bigint();
      const r = fn();
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (r.status !== 0) throw new Error(`${name} failed (${r.status}): ${r.stdout}${r.stderr}`);
      if (round >= warmup) samples[name].push(ms);
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([k, xs]) => [k, { median: quantile(xs, 0.5), p95: quantile(xs, 0.95), min: Math.min(...xs) }]));
}

/** `{what, value, limit}` → with `pass` (null when the value could not be measured: "n/a"). */
export const judged = (targets) =>
  targets.map((t) => ({ ...t, pass: t.value === null || t.value === undefined || Number.isNaN(t.value) ? null : t.value <= t.limit }));

/** PASS, MISS or n/a. */
export const verdict = (t) => (t.pass === null ? 'n/a' : t.pass ? 'PASS' : 'MISS');

/** A Markdown table: `head` cells (a trailing ':' right-aligns the column), rows of cells. */
export function mdTable(head, rows) {
  const align = head.map((h) => (h.endsWith(':') ? '---:' : '---'));
  const names = head.map((h) => (h.endsWith(':') ? h.slice(0, -1) : h));
  return [`| ${names.join(' | ')} |`, `|${align.join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

/** Writes `<name>-latest.json` and `<name>-latest.md` into resultsDir(dir) (overwritten: git keeps the history), prints the report; returns the directory. */
export function writeResults(name, result, lines, dir) {
  const out = resultsDir(dir);
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, `${name}-latest.json`), `${JSON.stringify(result, null, 2)}\n`);
  fs.writeFileSync(path.join(out, `${name}-latest.md`), lines.join('\n'));
  console.log(lines.join('\n'));
  return out;
}

/**
 * Writes the JSON result and the Markdown report into resultsDir(dir), prints the report. `extraColumn`
 * optionally adds a column to the stats table: `{ title, cell(stats) }`.
 */
export function report(name, { title, header, result, stats, targets, targetTitle = 'target', extraColumn, dir }) {
  const extraHead = extraColumn ? ` ${extraColumn.title} |` : '';
  const lines = [
    `# ${title}, ${result.when}`,
    '',
    header,
    '',
    `| command | median ms | p95 ms | min ms |${extraHead}`,
    `|---|---:|---:|---:|${extraColumn ? '---:|' : ''}`,
    ...Object.entries(stats).map(
      ([k, s]) => `| ${k} | ${s.median.toFixed(1)} | ${s.p95.toFixed(1)} | ${s.min.toFixed(1)} |${extraColumn ? ` ${extraColumn.cell(s)} |` : ''}`,
    ),
    '',
    `| ${targetTitle} | value ms | limit ms | |`,
    '|---|---:|---:|---|',
    ...targets.map((t) => `| ${t.what} | ${t.value.toFixed(1)} | ${t.limit.toFixed(1)} | ${verdict(t)} |`),
    '',
  ];
  writeResults(name, result, lines, dir);
}
