// The shared core bundle re-exports every core module whole: a name lost to a clash between two star
// exports would be `undefined` at run time in every bundle that imports that module (build/bundle.mjs
// maps their imports to the core), so each module's every export must be the core's, identical.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORE_MODULES } from '../../build/core-modules.mjs';
import * as core from '../../src/core.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

describe('the shared core (src/core.ts)', () => {
  it.each(CORE_MODULES)('re-exports every export of %s', async (rel) => {
    const mod = (await import(path.join(ROOT, rel))) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) {
      expect((core as Record<string, unknown>)[name], `${rel}: ${name}`).toBe(value);
    }
  });
});
