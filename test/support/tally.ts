// The hardening figures: each suite counts what it tried (inputs, faults injected) and what it saw go
// wrong (crashes, hangs, rules lost — each of which also fails its test). At the end of the file the
// counts are appended to .cache/hardening-tally.jsonl; build/run-vitest.mjs adds them up and prints
// one line after the run.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, expect } from 'vitest';

export type TallyKind = 'inputs' | 'faults' | 'crashes' | 'hangs' | 'rulesLost';

export const TALLY_FILE = path.resolve(import.meta.dirname, '..', '..', '.cache', 'hardening-tally.jsonl');
const counts: Record<TallyKind, number> = { inputs: 0, faults: 0, crashes: 0, hangs: 0, rulesLost: 0 };

let file = '';

/** Counts `n` of `kind`; called from inside a test. */
export function tally(kind: TallyKind, n = 1): void {
  counts[kind] += n;
  file ||= path.basename(expect.getState().testPath ?? '');
}

// Registered when a suite imports this module: one line per test file.
afterAll(() => {
  if (Object.values(counts).every((n) => n === 0)) return;
  fs.mkdirSync(path.dirname(TALLY_FILE), { recursive: true });
  fs.appendFileSync(TALLY_FILE, `${JSON.stringify({ file: file, ...counts })}\n`);
});
