// The documentation table the README renders: complete, unique, byte-stable (golden file).
import { describe, expect, it } from 'vitest';
import { ALL_PROFILES, ANNOTATION_KEYS } from '../../../src/policy/annotations/index.js';
import { expectGolden } from '../../support/golden.js';

describe('ANNOTATION_KEYS', () => {
  it('lists each key once, grouped by profile in precedence order', () => {
    const keys = ANNOTATION_KEYS.map((k) => k.key);
    expect(new Set(keys).size).toBe(keys.length);
    const order = ANNOTATION_KEYS.map((k) => ALL_PROFILES.indexOf(k.profile));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(new Set(ANNOTATION_KEYS.map((k) => k.profile))).toEqual(new Set(ALL_PROFILES));
    for (const k of ANNOTATION_KEYS) expect(k.meaning.length).toBeGreaterThan(10);
  });

  it('renders as the README table', () => {
    const rows = ANNOTATION_KEYS.map((k) => `| ${k.profile} | \`${k.key}\` | ${k.meaning.replaceAll('|', '\\|')} |`);
    expectGolden('annotations/keys.md', ['| profile | annotation | meaning |', '|---|---|---|', ...rows, ''].join('\n'));
  });
});
