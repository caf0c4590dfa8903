// Golden files: every byte we emit is compared with a reviewed file under test/golden/.
// Regenerate with `npm run golden:update`, then read the diff.
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';

const GOLDEN_DIR = path.resolve(import.meta.dirname, '..', 'golden');

export function expectGolden(name: string, actual: string): void {
  const file = path.join(GOLDEN_DIR, name);
  if (process.env.UPDATE_GOLDEN === '1') {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, actual);
    return;
  }
  if (!fs.existsSync(file)) {
    throw new Error(`golden file test/golden/${name} is missing: run "npm run golden:update" and review it`);
  }
  expect(actual, `differs from test/golden/${name} (npm run golden:update regenerates it)`).toBe(fs.readFileSync(file, 'utf8'));
}
