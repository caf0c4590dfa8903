// CRI failures as values: what the runtime said (gRPC status), and what to do about it.
export type CriErrorCode = 'UNAVAILABLE' | 'NOT_FOUND' | 'AMBIGUOUS' | 'TIMEOUT' | 'INVALID_ARGUMENT' | 'FAILED';

export class CriError extends Error {
  constructor(
    readonly code: CriErrorCode,
    message: string,
    /** The gRPC status code, when the runtime answered. */
    readonly grpcCode?: number,
  ) {
    super(message);
    this.name = 'CriError';
  }
}

const GRPC = { DEADLINE_EXCEEDED: 4, NOT_FOUND: 5, INVALID_ARGUMENT: 3, UNAVAILABLE: 14 } as const;

/** Maps a grpc-js ServiceError (or anything) from `method` to a CriError with an actionable message. */
export function criError(method: string, endpoint: string, e: unknown): CriError {
  const err = e as { code?: number; details?: string; message?: string };
  const detail = err.details || err.message || String(e);
  switch (err.code) {
    case GRPC.UNAVAILABLE:
      return new CriError('UNAVAILABLE', `cannot reach the container runtime at ${endpoint}: ${detail} (is containerd running?)`, err.code);
    case GRPC.DEADLINE_EXCEEDED:
      return new CriError('TIMEOUT', `the container runtime at ${endpoint} did not answer ${method} in time`, err.code);
    case GRPC.NOT_FOUND:
      return new CriError('NOT_FOUND', `${method}: ${detail}`, err.code);
    case GRPC.INVALID_ARGUMENT:
      return new CriError('INVALID_ARGUMENT', `${method}: ${detail}`, err.code);
    default:
      return new CriError('FAILED', `${method} failed: ${detail}`, err.code);
  }
}
