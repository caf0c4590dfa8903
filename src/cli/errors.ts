// How failures leave the CLI: one actionable line on stderr and an exit code
// (0 ok, 1 failure, 2 usage error).
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
  // HnsError lives in the lazily loaded HNS bundle: recognise it by shape, not by class.
  const err = e as { name?: string; code?: string; message?: string };
  if (err?.name === 'CriError' && err.code === 'INVALID_ARGUMENT' && !('grpcCode' in err && err.grpcCode !== undefined)) {
    return { message: String(err.message), exitCode: EXIT_USAGE };
  }
  if (err?.name === 'HnsError' && err.code === 'INVALID_ARGUMENT' && !('hresult' in err && err.hresult !== undefined)) {
    return { message: String(err.message), exitCode: EXIT_USAGE };
  }
  // The lower layers say what is wrong; the CLI adds which flag changes it.
  const hint =
    err?.name === 'HnsError' && err.code === 'CONFLICT'
      ? '; use --replace to replace it'
      : err?.name === 'CriError' && err.code === 'UNAVAILABLE'
        ? ' (--runtime-endpoint selects another runtime endpoint)'
        : '';
  return { message: `${err?.message ? String(err.message) : String(e)}${hint}`, exitCode: EXIT_FAILURE };
}

export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
