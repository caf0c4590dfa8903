// Failures from the backends become CNI errors with the right code.
import { PolicyError } from '../policy/errors.js';
import { CNI_CODES, CniError } from './errors.js';

export function toCniError(e: unknown): CniError {
  if (e instanceof CniError) return e;
  const err = e as { name?: string; code?: string; message?: string; stderr?: string };
  const message = err?.message ?? String(e);
  // PolicyError may also come from the HNS bundle's own copy of the policy code: match by name too.
  if (e instanceof PolicyError || err?.name === 'PolicyError') return new CniError(CNI_CODES.INVALID_CONFIG, `invalid pod configuration: ${message}`);
  // HnsError comes from the lazily loaded HNS bundle, NftError from ours: match by shape.
  if (err?.name === 'HnsError' && err.code === 'UNAVAILABLE') return new CniError(CNI_CODES.TRY_AGAIN, message);
  if (err?.name === 'NftError' && err.code === 'TIMEOUT') return new CniError(CNI_CODES.TRY_AGAIN, message);
  return new CniError(CNI_CODES.INTERNAL, message, err?.stderr || undefined);
}
