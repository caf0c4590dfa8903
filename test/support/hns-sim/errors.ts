// HRESULTs the simulator returns and the error-record JSON that goes with a failure.

export const HR = {
  S_OK: 0,
  E_NOTIMPL: 0x80004001,
  E_POINTER: 0x80004003,
  E_HANDLE: 0x80070006,
  E_INVALIDARG: 0x80070057,
  ERROR_ALREADY_EXISTS: 0x800700b7,
  ERROR_NOT_FOUND: 0x80070490,
} as const;

/** A failed HCN call: thrown inside the call's semantics, turned into an HRESULT + error record at one place. */
export class HcnFailure extends Error {
  constructor(
    readonly hresult: number,
    message: string,
  ) {
    super(message);
  }
}

export function fail(hresult: number, message: string): never {
  throw new HcnFailure(hresult, message);
}

/** `{"Success":false,"Error":"…","ErrorCode":<hresult as uint32>}` */
export function errorRecord(hresult: number, message: string): string {
  return JSON.stringify({ Success: false, Error: message, ErrorCode: hresult >>> 0 });
}

export function hex(hresult: number): string {
  return `0x${(hresult >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;
}
