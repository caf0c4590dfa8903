// HCN failures as values: the HRESULT and the service's error record are kept, and the message says
// what to do about the common ones.

export type HnsErrorCode = 'NOT_FOUND' | 'ACCESS_DENIED' | 'UNAVAILABLE' | 'UNSUPPORTED' | 'CONFLICT' | 'INVALID_ARGUMENT' | 'FAILED';

export const HRESULT = {
  E_NOTIMPL: 0x80004001,
  E_ACCESSDENIED: 0x80070005,
  E_HANDLE: 0x80070006,
  E_INVALIDARG: 0x80070057,
  ERROR_ALREADY_EXISTS: 0x800700b7,
  ERROR_NOT_FOUND: 0x80070490,
  RPC_S_SERVER_UNAVAILABLE: 0x800706ba,
} as const;

const KNOWN: Record<number, { code: HnsErrorCode; text: string }> = {
  [HRESULT.E_ACCESSDENIED]: { code: 'ACCESS_DENIED', text: 'access denied: run as Administrator or SYSTEM' },
  [HRESULT.ERROR_NOT_FOUND]: { code: 'NOT_FOUND', text: 'element not found' },
  [HRESULT.E_INVALIDARG]: { code: 'INVALID_ARGUMENT', text: 'invalid argument' },
  [HRESULT.E_NOTIMPL]: { code: 'UNSUPPORTED', text: 'not implemented by this HNS' },
  [HRESULT.E_HANDLE]: { code: 'FAILED', text: 'invalid handle' },
  [HRESULT.ERROR_ALREADY_EXISTS]: { code: 'CONFLICT', text: 'already exists' },
  [HRESULT.RPC_S_SERVER_UNAVAILABLE]: { code: 'UNAVAILABLE', text: 'the HNS service is not reachable' },
};

export function hex32(n: number): string {
  return `0x${(n >>> 0).toString(16).padStart(8, '0').toUpperCase()}`;
}

export class HnsError extends Error {
  constructor(
    readonly code: HnsErrorCode,
    message: string,
    readonly hresult?: number,
    /** The raw error-record text HNS returned, if any. */
    readonly record?: string,
  ) {
    super(message);
    this.name = 'HnsError';
  }

  /** The caller may retry: HNS could not be reached. */
  get transient(): boolean {
    return this.code === 'UNAVAILABLE';
  }
}

/** The `Error` text of an HNS error record (JSON), or the raw text when it is not JSON. */
export function recordMessage(record: string): string {
  try {
    const parsed: unknown = JSON.parse(record);
    if (parsed && typeof parsed === 'object' && 'Error' in parsed && typeof parsed.Error === 'string') return parsed.Error;
  } catch {
    // not JSON: show it as it is
  }
  return record;
}

/** Builds the error for a failed HCN call (negative HRESULT or a non-empty error record). */
export function callError(fn: string, hr: number, record: string | null, context: string): HnsError {
  const u = hr >>> 0;
  const known = KNOWN[u];
  const code = known?.code ?? 'FAILED';
  const parts = [`${context}: ${fn} failed`];
  if (hr !== 0) parts.push(`HRESULT ${hex32(u)}${known ? ` (${known.text})` : ''}`);
  if (record) parts.push(recordMessage(record));
  return new HnsError(code, parts.join(': '), u, record ?? undefined);
}
