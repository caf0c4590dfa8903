// How failures leave the CLI: one actionable line on stderr and an exit code
// (0 ok, 1 failure, 2 usage error).
import { CriError } from '../cri/errors.js';
import { HnsError } from '../hns/errors.js';
import { PolicyError } from '../policy/errors.js';
import { flagFor } from './policy-flags.js';
import { UsageError } from './usage-error.js';

export { UsageError };

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export function describeFailure(e: unknown): { message: string; exitCode: number } {
  if (e instanceof PolicyError) {
    const message = e.issues.map((i) => `${flagFor(i.field)}: ${i.message}`).join('; ');
    return { message, exitCode: EXIT_USAGE };
  }
  if (e instanceof UsageError) return { message: e.message, exitCode: EXIT_USAGE };
  // A bad argument found before the runtime or HNS was asked anything is a usage error.
  if (e instanceof CriError && e.code === 'INVALID_ARGUMENT' && e.grpcCode === undefined) return { message: e.message, exitCode: EXIT_USAGE };
  if (e instanceof HnsError && e.code === 'INVALID_ARGUMENT' && e.hresult === undefined) return { message: e.message, exitCode: EXIT_USAGE };
  // The lower layers say what is wrong; the CLI adds which flag changes it.
  const hint =
    e instanceof HnsError && e.code === 'CONFLICT'
      ? '; use --replace to replace it'
      : e instanceof CriError && e.code === 'UNAVAILABLE'
        ? ' (--runtime-endpoint selects another runtime endpoint)'
        : '';
  return { message: `${e instanceof Error ? e.message : String(e)}${hint}`, exitCode: EXIT_FAILURE };
}

export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
