// bench:nri helpers: distributions, a bounded pool, commands, the table check in a pod's netns.
import { execFile } from 'node:child_process';
import { quantile } from '../round-robin.mjs';
import { NFT, TABLE } from './settings.js';

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
export const MiB = 1024 * 1024;
export const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
export const fmt = (v: number | null | undefined, digits = 1): string => (v === null || v === undefined || Number.isNaN(v) ? 'n/a' : v.toFixed(digits));
/** A signed difference: `+4.1`, `-0.3`. */
export const fmtDelta = (v: number | null | undefined, digits = 1): string =>
  v === null || v === undefined || Number.isNaN(v) ? 'n/a' : `${v >= 0 ? '+' : ''}${v.toFixed(digits)}`;

export interface Dist {
  n: number;
  median: number | null;
  p95: number | null;
  p99: number | null;
  min: number | null;
  max: number | null;
}
export function dist(xs: readonly number[]): Dist {
  if (xs.length === 0) return { n: 0, median: null, p95: null, p99: null, min: null, max: null };
  return { n: xs.length, median: quantile(xs, 0.5), p95: quantile(xs, 0.95), p99: quantile(xs, 0.99), min: Math.min(...xs), max: Math.max(...xs) };
}
export const ratio = (a: number | null, b: number | null): number | null => (a === null || b === null || b === 0 ? null : a / b);
export const diff = (a: number | null, b: number | null): number | null => (a === null || b === null ? null : a - b);

/** Runs `fn` over `items` with at most `limit` in flight; results in item order. */
export async function pool<T, R>(items: readonly T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) out[i] = await fn(items[i]!, i);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export function execText(cmd: string, args: readonly string[], timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { encoding: 'utf8', timeout: timeoutMs }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${cmd} ${args.join(' ')}: ${stderr.trim() || err.message}`));
      else resolve(stdout);
    });
  });
}

/** Whether our table is in the pod's network namespace. */
export async function hasTable(netnsPath: string): Promise<boolean> {
  return (await execText('nsenter', [`--net=${netnsPath}`, '--', NFT, 'list', 'tables'])).includes(TABLE);
}
