// A Duplex that records what is written to it and lets a test inject what the peer sends.
import { Duplex } from 'node:stream';

export class Capture extends Duplex {
  readonly written: Buffer[] = [];

  override _read(): void {}

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.written.push(Buffer.from(chunk));
    cb();
  }

  inject(bytes: Uint8Array | string): void {
    this.push(typeof bytes === 'string' ? unhex(bytes) : Buffer.from(bytes));
  }

  output(): Buffer {
    return Buffer.concat(this.written);
  }
}

export const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
/** Hex with any whitespace in it (as the golden vectors are written in golden.test.ts). */
export const unhex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');
/** Golden-file text: 64 hex digits a line. */
export const hexLines = (b: Uint8Array): string =>
  `${hex(b)
    .replace(/(.{64})/g, '$1\n')
    .trimEnd()}\n`;
