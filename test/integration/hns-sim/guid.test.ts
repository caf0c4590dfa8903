import { describe, expect, it } from 'vitest';
import { guidFromBytes, guidToBytes, isGuid, sameGuid } from '../../support/hns-sim/guid.js';

describe('Windows GUID layout', () => {
  const text = '01234567-89ab-cdef-0123-456789abcdef';
  const memory = '67 45 23 01 ab 89 ef cd 01 23 45 67 89 ab cd ef';

  it('decodes the in-memory bytes (Data1/2/3 little-endian, Data4 in order)', () => {
    expect(guidFromBytes(Buffer.from(memory.replaceAll(' ', ''), 'hex'))).toBe(text);
  });

  it('encodes a string, upper or lower case, to the same bytes', () => {
    expect(guidToBytes(text).toString('hex')).toBe(memory.replaceAll(' ', ''));
    expect(guidToBytes(text.toUpperCase()).equals(guidToBytes(text))).toBe(true);
  });

  it('round-trips arbitrary GUIDs', () => {
    for (const g of ['00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', '93f86a7f-e361-4362-b8a4-81bbb6a622dd']) {
      expect(guidFromBytes(guidToBytes(g))).toBe(g);
    }
  });

  it('reads a GUID from a view into a larger buffer', () => {
    const big = Buffer.concat([Buffer.from([9, 9, 9]), guidToBytes(text)]);
    expect(guidFromBytes(big.subarray(3))).toBe(text);
  });

  it('checks form and compares case-insensitively', () => {
    expect(isGuid(text)).toBe(true);
    expect(isGuid(`{${text}}`)).toBe(false);
    expect(isGuid('01234567-89ab-cdef-0123-456789abcde')).toBe(false);
    expect(sameGuid(text, text.toUpperCase())).toBe(true);
    expect(() => guidFromBytes(Buffer.alloc(15))).toThrow(RangeError);
  });
});
