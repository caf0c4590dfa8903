// What every benchmark here shares: wall time per spawn, round-robin over all cases (each round runs
// every case once, so machine noise hits them alike), medians and p95, targets, and the results files
// (bench/results/<name>-<timestamp>.json and <name>-latest.md).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const resultsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'results');

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  const i = (s.length - 1) * q;
  const lo = Math.floor(i);
  return s[lo] + (s[Math.ceil(i)] - s[lo]) * (i - lo);
};

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

/** `{what, value, limit}` → with `pass`. */
export const judged = (targets) => targets.map((t) => ({ ...t, pass: t.value <= t.limit }));

/**
 * Writes the JSON result and the Markdown report, prints the report. `extraColumn` optionally adds a
 * column to the stats table: `{ title, cell(stats) }`.
 */
export function report(name, { title, header, result, stats, targets, targetTitle = 'target', extraColumn }) {
  const extraHead = extraColumn ? ` ${extraColumn.title} |` : '';
  const lines = [
    `# ${title}, ${result.when}`,
    '',
    header,
    '',
    `| command | median ms | p95 ms | min ms |${extraHead}`,
    `|---|---:|---:|---:|${extraColumn ? '---:|' : ''}`,
    ...Object.entries(stats).map(([k, s]) => `| ${k} | ${s.median.toFixed(1)} | ${s.p95.toFixed(1)} | ${s.min.toFixed(1)} |${extraColumn ? ` ${extraColumn.cell(s)} |` : ''}`),
    '',
    `| ${targetTitle} | value ms | limit ms | |`,
    '|---|---:|---:|---|',
    ...targets.map((t) => `| ${t.what} | ${t.value.toFixed(1)} | ${t.limit.toFixed(1)} | ${t.pass ? 'PASS' : 'MISS'} |`),
    '',
  ];
  fs.mkdirSync(resultsDir, { recursive: true });
  fs.writeFileSync(path.join(resultsDir, `${name}-${result.when.replace(/[:.]/g, '-')}.json`), `${JSON.stringify(result, null, 2)}\n`);
  fs.writeFileSync(path.join(resultsDir, `${name}-latest.md`), lines.join('\n'));
  console.log(lines.join('\n'));
}
