import { describe, expect, it } from 'vitest';
import { guidToBytes } from '../../support/hns-sim/guid.js';
import {
  FrameReader,
  WireError,
  decodeHcnResponse,
  decodeRequest,
  encodeControlRequest,
  encodeHcnRequest,
  encodeHcnResponse,
  frame,
  guid,
  handle,
  wstr,
} from '../../support/hns-sim/wire.js';

const hex = (b: Buffer): string => b.toString('hex').replace(/(..)/g, '$1 ').trim();
const bytes = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('wire codec: golden byte vectors', () => {
  it('HcnOpenEndpoint request with a GUID', () => {
    const req = encodeHcnRequest('HcnOpenEndpoint', [guid(guidToBytes('01234567-89ab-cdef-0123-456789abcdef'))]);
    expect(hex(req)).toBe('01 0f 48 63 6e 4f 70 65 6e 45 6e 64 70 6f 69 6e 74 01 ' + '02 67 45 23 01 ab 89 ef cd 01 23 45 67 89 ab cd ef');
    expect(decodeRequest(req)).toEqual({ kind: 'hcn', name: 'HcnOpenEndpoint', args: [guid(guidToBytes('01234567-89ab-cdef-0123-456789abcdef'))] });
  });

  it('handle + wide string + NULL arguments', () => {
    const req = encodeHcnRequest('X', [handle(0x1122334455667788n), wstr('Aé'), null]);
    expect(hex(req)).toBe('01 01 58 03 03 88 77 66 55 44 33 22 11 01 04 00 00 00 41 00 e9 00 00');
    expect(decodeRequest(req)).toEqual({ kind: 'hcn', name: 'X', args: [handle(0x1122334455667788n), wstr('Aé'), null] });
  });

  it('a string outside the BMP travels as a UTF-16 surrogate pair', () => {
    expect(hex(encodeHcnRequest('X', [wstr('😀')]))).toBe('01 01 58 01 01 04 00 00 00 3d d8 00 de');
  });

  it('response: negative HRESULT, NULL out, string out', () => {
    const res = encodeHcnResponse({ hresult: 0x80070490, outs: [null, wstr('{}')] });
    expect(hex(res)).toBe('90 04 07 80 02 00 01 04 00 00 00 7b 00 7d 00');
    expect(decodeHcnResponse(res)).toEqual({ hresult: -0x7ff8fb70, outs: [null, wstr('{}')] });
    expect(decodeHcnResponse(res).hresult >>> 0).toBe(0x80070490);
  });

  it('response: handle out', () => {
    const res = encodeHcnResponse({ hresult: 0, outs: [handle(0x1000n), null] });
    expect(hex(res)).toBe('00 00 00 00 02 03 00 10 00 00 00 00 00 00 00');
  });

  it('control request and frame', () => {
    const req = encodeControlRequest({ op: 'dump' });
    expect(hex(req)).toBe(hex(Buffer.concat([Buffer.of(2), Buffer.from('{"op":"dump"}')])));
    expect(decodeRequest(req)).toEqual({ kind: 'control', json: '{"op":"dump"}' });
    expect(hex(frame(Buffer.from('ab')))).toBe('02 00 00 00 61 62');
  });
});

describe('wire codec: malformed input', () => {
  it.each([
    ['empty', '', /truncated/],
    ['unknown kind', '07', /unknown request kind 7/],
    ['name longer than the message', '01 05 41', /truncated/],
    ['unknown tag', '01 01 58 01 09', /unknown tag 9/],
    ['odd string length', '01 01 58 01 01 03 00 00 00 41 00 00', /odd/],
    ['string past the end', '01 01 58 01 01 08 00 00 00 41 00', /truncated/],
    ['short GUID', '01 01 58 01 02 00 01 02', /truncated/],
    ['trailing bytes', '01 01 58 00 ff', /trailing/],
    ['non-printable name', '01 01 00 00', /printable/],
  ])('%s', (_name, input, message) => {
    expect(() => decodeRequest(bytes(input))).toThrow(WireError);
    expect(() => decodeRequest(bytes(input))).toThrow(message);
  });

  it('rejects a GUID as an out-parameter and truncated responses', () => {
    expect(() => decodeHcnResponse(bytes('00 00 00 00 01 02'))).toThrow(WireError);
    expect(() => decodeHcnResponse(bytes('00 00 00'))).toThrow(/truncated/);
    expect(() => encodeHcnResponse({ hresult: 0, outs: [guid(Buffer.alloc(16))] })).toThrow(WireError);
  });
});

describe('FrameReader', () => {
  it('reassembles frames split across chunks and splits frames sharing a chunk', () => {
    const r = new FrameReader();
    const stream = Buffer.concat([frame(Buffer.from('hello')), frame(Buffer.alloc(0)), frame(Buffer.from('x'))]);
    const out: string[] = [];
    for (let i = 0; i < stream.length; i += 3) out.push(...r.push(stream.subarray(i, i + 3)).map((b) => b.toString()));
    expect(out).toEqual(['hello', '', 'x']);
  });

  it('refuses oversized frames before buffering them', () => {
    expect(() => new FrameReader().push(bytes('ff ff ff ff'))).toThrow(/exceeds/);
  });
});
