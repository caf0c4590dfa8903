// GUID strings and the Windows in-memory layout: Data1 u32 LE, Data2 u16 LE, Data3 u16 LE, Data4 8 bytes in order.

const GUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(v: unknown): v is string {
  return typeof v === 'string' && GUID_RE.test(v);
}

/** HNS compares GUIDs case-insensitively. */
export function sameGuid(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** Decodes the 16 bytes of a Windows GUID as they lie in memory; returns the lower-case string form. */
export function guidFromBytes(bytes: Uint8Array): string {
  if (bytes.length !== 16) throw new RangeError(`a GUID is 16 bytes, got ${bytes.length}`);
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, 16);
  const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0');
  const data4 = b.subarray(8).toString('hex');
  return `${hex(b.readUInt32LE(0), 8)}-${hex(b.readUInt16LE(4), 4)}-${hex(b.readUInt16LE(6), 4)}-${data4.slice(0, 4)}-${data4.slice(4)}`;
}

/** The inverse of guidFromBytes: the in-memory layout of a GUID string (for tests and clients). */
export function guidToBytes(guid: string): Buffer {
  if (!isGuid(guid)) throw new TypeError(`not a GUID: ${JSON.stringify(guid)}`);
  const h = guid.replaceAll('-', '');
  const b = Buffer.alloc(16);
  b.writeUInt32LE(Number.parseInt(h.slice(0, 8), 16), 0);
  b.writeUInt16LE(Number.parseInt(h.slice(8, 12), 16), 4);
  b.writeUInt16LE(Number.parseInt(h.slice(12, 16), 16), 6);
  Buffer.from(h.slice(16), 'hex').copy(b, 8);
  return b;
}
