// All CLI output goes through fs.writeSync on fd 1/2: Node's stdio stream objects fail on pipes
// under Wine (where the Windows executable is tested) and cost start-up time everywhere.
import fs from 'node:fs';

function writeAll(fd: number, text: string): void {
  const buf = Buffer.from(text, 'utf8');
  let off = 0;
  while (off < buf.length) {
    try {
      off += fs.writeSync(fd, buf, off);
    } catch (e) {
      // A pipe someone made non-blocking: wait for room instead of dropping output.
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
    }
  }
}

export const out = (text: string): void => writeAll(1, text);
export const err = (text: string): void => writeAll(2, text);
