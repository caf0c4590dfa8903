// The byte protocol between the C double (test/support/hcn-double/hcn_double.c) and the simulator.
//
// One connection per call; every message is framed as `u32 LE length N` + N bytes.
//   request byte 0 = kind
//   kind 1, HCN call:  u8 nameLen, name (ASCII), u8 argc, argc × arg
//       arg = u8 tag + payload: 0 NULL | 1 wide string: u32 LE byteLength + UTF-16LE (no terminator)
//                               | 2 GUID: 16 raw bytes as they lie in memory | 3 handle: u64 LE
//     response:        i32 LE HRESULT, u8 outc, outc × out (tags 0, 1, 3 as above), one per out-parameter in order
//   kind 2, control:   UTF-8 JSON {"op": …}; response: UTF-8 JSON {"ok":true,…} | {"ok":false,"error":"…"}

export const KIND_HCN_CALL = 1;
export const KIND_CONTROL = 2;
export const TAG_NULL = 0;
export const TAG_WSTR = 1;
export const TAG_GUID = 2;
export const TAG_HANDLE = 3;
/** The C double refuses larger responses; the simulator refuses larger requests. */
export const MAX_FRAME = 64 * 1024 * 1024;

export type WireValue = null | { type: 'wstr'; value: string } | { type: 'guid'; bytes: Buffer } | { type: 'handle'; id: bigint };

export type WireRequest = { kind: 'hcn'; name: string; args: WireValue[] } | { kind: 'control'; json: string };

export interface HcnResponse {
  hresult: number;
  outs: WireValue[];
}

export class WireError extends Error {}

export const wstr = (value: string): WireValue => ({ type: 'wstr', value });
export const handle = (id: bigint): WireValue => ({ type: 'handle', id });
export const guid = (bytes: Buffer): WireValue => ({ type: 'guid', bytes });

export function frame(payload: Uint8Array): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt32LE(payload.length, 0);
  return Buffer.concat([head, payload]);
}

/** Splits a byte stream into frame payloads. */
export class FrameReader {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Buffer[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const frames: Buffer[] = [];
    while (this.pending.length >= 4) {
      const n = this.pending.readUInt32LE(0);
      if (n > MAX_FRAME) throw new WireError(`frame of ${n} bytes exceeds the ${MAX_FRAME}-byte limit`);
      if (this.pending.length < 4 + n) break;
      frames.push(this.pending.subarray(4, 4 + n));
      this.pending = this.pending.subarray(4 + n);
    }
    return frames;
  }
}

class Reader {
  private pos = 0;
  constructor(private readonly buf: Buffer) {}

  private take(n: number, what: string): Buffer {
    if (this.buf.length - this.pos < n) throw new WireError(`truncated message: ${what} needs ${n} bytes at offset ${this.pos}`);
    const b = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }
  u8(what: string): number {
    return this.take(1, what).readUInt8(0);
  }
  u32(what: string): number {
    return this.take(4, what).readUInt32LE(0);
  }
  i32(what: string): number {
    return this.take(4, what).readInt32LE(0);
  }
  u64(what: string): bigint {
    return this.take(8, what).readBigUInt64LE(0);
  }
  bytes(n: number, what: string): Buffer {
    return this.take(n, what);
  }
  end(): void {
    if (this.pos !== this.buf.length) throw new WireError(`${this.buf.length - this.pos} trailing bytes`);
  }
}

function readValue(r: Reader, what: string): WireValue {
  const tag = r.u8(`${what} tag`);
  switch (tag) {
    case TAG_NULL:
      return null;
    case TAG_WSTR: {
      const n = r.u32(`${what} length`);
      if (n % 2 !== 0) throw new WireError(`${what}: odd UTF-16 byte length ${n}`);
      return wstr(r.bytes(n, what).toString('utf16le'));
    }
    case TAG_GUID:
      return guid(Buffer.from(r.bytes(16, what)));
    case TAG_HANDLE:
      return handle(r.u64(what));
    default:
      throw new WireError(`${what}: unknown tag ${tag}`);
  }
}

function writeValue(parts: Buffer[], v: WireValue): void {
  if (v === null) {
    parts.push(Buffer.of(TAG_NULL));
  } else if (v.type === 'wstr') {
    const s = Buffer.from(v.value, 'utf16le');
    const head = Buffer.alloc(5);
    head.writeUInt8(TAG_WSTR, 0);
    head.writeUInt32LE(s.length, 1);
    parts.push(head, s);
  } else if (v.type === 'guid') {
    if (v.bytes.length !== 16) throw new WireError(`a GUID is 16 bytes, got ${v.bytes.length}`);
    parts.push(Buffer.of(TAG_GUID), v.bytes);
  } else {
    const b = Buffer.alloc(9);
    b.writeUInt8(TAG_HANDLE, 0);
    b.writeBigUInt64LE(v.id, 1);
    parts.push(b);
  }
}

function count(n: number, what: string): Buffer {
  if (n > 255) throw new WireError(`too many ${what}: ${n}`);
  return Buffer.of(n);
}

export function decodeRequest(payload: Buffer): WireRequest {
  const r = new Reader(payload);
  const kind = r.u8('kind');
  if (kind === KIND_CONTROL) return { kind: 'control', json: payload.subarray(1).toString('utf8') };
  if (kind !== KIND_HCN_CALL) throw new WireError(`unknown request kind ${kind}`);
  const name = r.bytes(r.u8('name length'), 'name').toString('latin1');
  if (!/^[\x20-\x7e]+$/.test(name)) throw new WireError(`function name is not printable ASCII: ${JSON.stringify(name)}`);
  const argc = r.u8('argc');
  const args: WireValue[] = [];
  for (let i = 0; i < argc; i++) args.push(readValue(r, `arg ${i}`));
  r.end();
  return { kind: 'hcn', name, args };
}

export function encodeHcnRequest(name: string, args: readonly WireValue[]): Buffer {
  const nameBytes = Buffer.from(name, 'latin1');
  const parts: Buffer[] = [Buffer.of(KIND_HCN_CALL), count(nameBytes.length, 'name bytes'), nameBytes, count(args.length, 'arguments')];
  for (const a of args) writeValue(parts, a);
  return Buffer.concat(parts);
}

export function encodeControlRequest(request: unknown): Buffer {
  return Buffer.concat([Buffer.of(KIND_CONTROL), Buffer.from(JSON.stringify(request), 'utf8')]);
}

export function encodeHcnResponse(res: HcnResponse): Buffer {
  const head = Buffer.alloc(4);
  head.writeInt32LE(res.hresult | 0, 0);
  const parts: Buffer[] = [head, count(res.outs.length, 'out-parameters')];
  for (const o of res.outs) {
    if (o !== null && o.type === 'guid') throw new WireError('a GUID cannot be an out-parameter');
    writeValue(parts, o);
  }
  return Buffer.concat(parts);
}

export function decodeHcnResponse(payload: Buffer): HcnResponse {
  const r = new Reader(payload);
  const hresult = r.i32('HRESULT');
  const outc = r.u8('outc');
  const outs: WireValue[] = [];
  for (let i = 0; i < outc; i++) {
    const v = readValue(r, `out ${i}`);
    if (v !== null && v.type === 'guid') throw new WireError(`out ${i}: a GUID cannot be an out-parameter`);
    outs.push(v);
  }
  r.end();
  return { hresult, outs };
}
