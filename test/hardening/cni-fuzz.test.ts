// Fuzzing the CNI entry point in-process (fast-check): any environment and any stdin — mostly our
// documents with hostile or random values in every field — give either the valid answer or the spec's
// JSON error with a known code, on one stdout line, quickly, and reach the backend at most once.
// HARDENING_RUNS sets the count (npm test: 10,000; npm run fuzz: 100,000).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runCni } from '../../src/cni/index.js';
import { fakeBackend } from '../support/fakes/backend.js';
import { env, stdin } from './arbitraries.js';
import { tally } from '../support/tally.js';

const RUNS = Number(process.env.HARDENING_RUNS ?? 10_000);
const CODES = new Set([1, 2, 3, 4, 5, 6, 7, 11, 50, 100, 101, 999]);
const SILENT_ON_SUCCESS = new Set(['DEL', 'CHECK', 'STATUS', 'GC']);

/** No answer in time. */
class Hang extends Error {}

function within<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Hang(`hang: no answer within ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e as Error);
      },
    );
  });
}

describe('hardening: the CNI entry point under fuzzed input', () => {
  it(`${RUNS} generated requests: a valid answer or a spec-shaped error, never a crash or a hang`, async () => {
    const counts = { tried: 0, ok: 0, errors: 0, backendCalls: 0 };
    await fc.assert(
      fc.asyncProperty(env, stdin, async (e, input) => {
        counts.tried++;
        tally('inputs');
        const backend = fakeBackend();
        let stdout = '';
        const code = await within(
          runCni(
            { ...e },
            {
              readStdin: () => input,
              writeStdout: (t) => {
                stdout += t;
              },
              writeStderr: () => {},
            },
            () => backend,
          ),
          2000,
        ).catch((err: unknown) => {
          // A hang, or an exception escaping the entry point (a crash): either fails the property.
          tally(err instanceof Hang ? 'hangs' : 'crashes');
          throw err;
        });
        const lines = stdout.split('\n').filter(Boolean);
        expect(backend.calls.length).toBeLessThanOrEqual(1);
        counts.backendCalls += backend.calls.length;
        if (code === 0) {
          counts.ok++;
          if (SILENT_ON_SUCCESS.has(e.CNI_COMMAND)) expect(lines).toEqual([]);
          else {
            expect(lines).toHaveLength(1);
            expect(typeof JSON.parse(lines[0]!)).toBe('object');
          }
        } else {
          counts.errors++;
          if (code !== 1) tally('crashes'); // an exit code outside {0, 1}
          expect(code).toBe(1);
          expect(lines).toHaveLength(1);
          const err = JSON.parse(lines[0]!) as { cniVersion?: unknown; code?: unknown; msg?: unknown };
          expect(CODES.has(err.code as number), `code ${String(err.code)}`).toBe(true);
          expect(typeof err.msg).toBe('string');
          expect(typeof err.cniVersion).toBe('string');
        }
      }),
      { numRuns: RUNS },
    );
    console.log(
      `hardening: CNI in-process: ${counts.tried} inputs tried (${counts.ok} answered, ${counts.errors} spec errors, ${counts.backendCalls} reached the backend), crashes 0, hangs 0`,
    );
  }, 300_000);
});
