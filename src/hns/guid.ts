// Windows GUID <-> the 16 bytes HCN reads through `const GUID*`: Data1 (uint32), Data2 and Data3
// (uint16) little-endian, then Data4's 8 bytes in string order.

const GUID_RE = /^\{?([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})\}?$/i;

export function isGuid(text: string): boolean {
  return GUID_RE.test(text.trim());
}

/** Lower-case canonical text without braces; undefined when not a GUID. */
export function normalizeGuid(text: string): string | undefined {
  const m = GUID_RE.exec(text.trim());
  return m ? m.slice(1, 6).join('-').toLowerCase() : undefined;
}

export function guidToBytes(text: string): Buffer {
  const m = GUID_RE.exec(text.trim());
  if (!m) throw new TypeError(`"${text}" is not a GUID`);
  const [, d1 = '', d2 = '', d3 = '', d4a = '', d4b = ''] = m;
  const b = Buffer.alloc(16);
  b.writeUInt32LE(parseInt(d1, 16), 0);
  b.writeUInt16LE(parseInt(d2, 16), 4);
  b.writeUInt16LE(parseInt(d3, 16), 6);
  Buffer.from(d4a + d4b, 'hex').copy(b, 8);
  return b;
}

export function guidFromBytes(b: Uint8Array): string {
  const buf = Buffer.from(b.buffer, b.byteOffset, 16);
  const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
  const d4 = buf.subarray(8, 16).toString('hex');
  return `${hex(buf.readUInt32LE(0), 8)}-${hex(buf.readUInt16LE(4), 4)}-${hex(buf.readUInt16LE(6), 4)}-${d4.slice(0, 4)}-${d4.slice(4)}`;
}
