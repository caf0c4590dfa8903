import { describe, expect, it } from 'vitest';
import { guidFromBytes, guidToBytes, normalizeGuid } from '../../../src/hns/guid.js';

describe('GUID layout', () => {
  it('lays a GUID out as Windows does (Data1-3 little-endian, Data4 in order)', () => {
    expect(guidToBytes('01234567-89ab-cdef-0123-456789abcdef').toString('hex')).toBe('67452301ab89efcd0123456789abcdef');
  });

  it('round-trips, braces and case ignored', () => {
    const b = guidToBytes('{93F86A7F-E361-4362-B8A4-81BBB6A622DD}');
    expect(guidFromBytes(b)).toBe('93f86a7f-e361-4362-b8a4-81bbb6a622dd');
    expect(normalizeGuid('{93F86A7F-E361-4362-B8A4-81BBB6A622DD}')).toBe('93f86a7f-e361-4362-b8a4-81bbb6a622dd');
  });

  it('rejects what is not a GUID', () => {
    expect(normalizeGuid('93f86a7f-e361-4362-b8a4-81bbb6a622d')).toBeUndefined();
    expect(() => guidToBytes('not-a-guid')).toThrow('"not-a-guid" is not a GUID');
  });
});
