// Reading and writing whole file descriptors synchronously. Used by every face instead of Node's
// stdio stream objects: those fail on pipes under Wine (where the Windows executable is tested) and
// cost start-up time everywhere.
import { readSync, writeSync } from 'node:fs';

function sleepMs(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Writes all of `text`; a pipe someone made non-blocking is waited on, not dropped. */
export function writeFd(fd: number, text: string): void {
  const data = Buffer.from(text, 'utf8');
  let off = 0;
  while (off < data.length) {
    try {
      off += writeSync(fd, data, off);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      sleepMs(2);
    }
  }
}

export class InputTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`input is larger than ${limit} bytes`);
  }
}

/** Reads `fd` to its end; throws InputTooLargeError past `limit` bytes. */
export function readFdToEnd(fd: number, limit: number): string {
  const chunks: Buffer[] = [];
  let total = 0;
  const buf = Buffer.alloc(64 * 1024);
  for (;;) {
    let n: number;
    try {
      n = readSync(fd, buf, 0, buf.length, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        sleepMs(2);
        continue;
      }
      if (code === 'EOF') break; // Windows pipes report end of input this way
      throw e;
    }
    if (n === 0) break;
    total += n;
    if (total > limit) throw new InputTooLargeError(limit);
    chunks.push(Buffer.from(buf.subarray(0, n)));
  }
  return Buffer.concat(chunks).toString('utf8');
}
