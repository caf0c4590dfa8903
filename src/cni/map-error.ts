// The pod path's failures become CNI errors with the spec's codes.
import { PodFailure, toPodFailure } from '../pod/failure.js';
import { CNI_CODES, CniError } from './errors.js';

const CODES = { invalid: CNI_CODES.INVALID_CONFIG, transient: CNI_CODES.TRY_AGAIN, internal: CNI_CODES.INTERNAL } as const;

export function toCniError(e: unknown): CniError {
  if (e instanceof CniError) return e;
  const failure = e instanceof PodFailure ? e : toPodFailure(e, '');
  const err = new CniError(CODES[failure.kind], failure.message, failure.details);
  // The pod path has logged it with its own fields already.
  if (e instanceof PodFailure) err.logged = true;
  return err;
}
