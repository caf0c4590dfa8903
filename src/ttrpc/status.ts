// ttrpc status codes (the gRPC code list, google.golang.org/grpc/codes) and the error that carries one.

export const Code = {
  OK: 0,
  Canceled: 1,
  Unknown: 2,
  InvalidArgument: 3,
  DeadlineExceeded: 4,
  NotFound: 5,
  AlreadyExists: 6,
  PermissionDenied: 7,
  ResourceExhausted: 8,
  FailedPrecondition: 9,
  Aborted: 10,
  OutOfRange: 11,
  Unimplemented: 12,
  Internal: 13,
  Unavailable: 14,
  DataLoss: 15,
  Unauthenticated: 16,
} as const;
export type Code = (typeof Code)[keyof typeof Code];

const NAMES = new Map<number, string>(Object.entries(Code).map(([name, code]) => [code, name]));

export function codeName(code: number): string {
  return NAMES.get(code) ?? `Code(${code})`;
}

/** A non-OK ttrpc status: what a peer answered, or what a handler throws to answer with a code. */
export class TtrpcError extends Error {
  override readonly name = 'TtrpcError';
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** The status a Go ttrpc reader produces for a message above its limit (Go's exact text). */
export function oversizeError(length: number, max: number): TtrpcError {
  return new TtrpcError(Code.ResourceExhausted, `message length ${length} exceed maximum message size of ${max}`);
}

/** What pending calls fail with when their connection goes away (Go: ErrClosed). */
export function closedError(): TtrpcError {
  return new TtrpcError(Code.Unavailable, 'ttrpc: closed');
}
