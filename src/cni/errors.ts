// CNI errors as values: a spec code, a short message, optional details. Printed once, by the skel,
// as the spec's JSON error on stdout.

/** Error codes of the CNI spec (1.1.0) and ours (100+). */
export const CNI_CODES = {
  INCOMPATIBLE_VERSION: 1,
  UNSUPPORTED_FIELD: 2,
  UNKNOWN_CONTAINER: 3,
  INVALID_ENV: 4,
  IO_FAILURE: 5,
  DECODE_FAILURE: 6,
  INVALID_CONFIG: 7,
  TRY_AGAIN: 11,
  NOT_AVAILABLE: 50,
  /** CHECK: the pod is opted in but its redirect rules or policy are missing. */
  REDIRECT_MISSING: 100,
  /** CHECK: the pod's redirect rules or policy differ from what its configuration asks for. */
  REDIRECT_DIFFERS: 101,
  INTERNAL: 999,
} as const;

export class CniError extends Error {
  /** Already logged where it happened (the skel does not log it again). */
  logged = false;
  constructor(
    readonly code: number,
    message: string,
    readonly details?: string,
  ) {
    super(message);
    this.name = 'CniError';
  }
}

export interface CniErrorJson {
  cniVersion: string;
  code: number;
  msg: string;
  details?: string;
}

export function errorJson(e: CniError, cniVersion: string): CniErrorJson {
  const out: CniErrorJson = { cniVersion, code: e.code, msg: e.message };
  if (e.details) out.details = e.details;
  return out;
}
