// How a pod's redirect failed, in the terms every face needs: `invalid` (the pod's or node's
// configuration cannot be applied), `transient` (try again: a deadline, HNS busy), `internal`.
import { isTransientFailure } from '../policy/backend.js';
import { PolicyError } from '../policy/errors.js';

export type FailureKind = 'invalid' | 'transient' | 'internal';

export class PodFailure extends Error {
  override name = 'PodFailure';
  constructor(
    readonly kind: FailureKind,
    message: string,
    /** More text for the runtime's log (nft's full error output). */
    readonly details?: string,
  ) {
    super(message);
  }
}

/** Classifies whatever a decision or a backend threw. */
export function toPodFailure(e: unknown, prefix: string): PodFailure {
  if (e instanceof PodFailure) return e;
  const err = e as { name?: string; message?: string; stderr?: string } | null;
  const message = `${prefix}${err?.message ?? String(e)}`;
  if (e instanceof PolicyError) return new PodFailure('invalid', message);
  if (isTransientFailure(e)) return new PodFailure('transient', message);
  return new PodFailure('internal', message, err?.stderr || undefined);
}
