// The ttrpc message framing (containerd/ttrpc channel.go): a 10-byte big-endian header
// [data length u32][stream id u32][type u8][flags u8] followed by the data.
import { oversizeError, type TtrpcError } from './status.js';

export const HEADER_LENGTH = 10;
/** Go's messageLengthMax (4 MiB): the default limit for data we accept. */
export const MESSAGE_LENGTH_MAX = 4 << 20;

export const MessageType = { Request: 1, Response: 2, Data: 3 } as const;

export interface FrameHeader {
  streamId: number;
  type: number;
  flags: number;
}

export interface Frame extends FrameHeader {
  data: Uint8Array;
}

/** A whole message, or one whose data was over the limit and has been skipped. */
export type DecodedFrame = ({ kind: 'frame' } & Frame) | ({ kind: 'oversize'; length: number; error: TtrpcError } & FrameHeader);

export function encodeFrame(streamId: number, type: number, data: Uint8Array, flags = 0): Buffer {
  const out = Buffer.allocUnsafe(HEADER_LENGTH + data.length);
  out.writeUInt32BE(data.length, 0);
  out.writeUInt32BE(streamId, 4);
  out[8] = type;
  out[9] = flags;
  out.set(data, HEADER_LENGTH);
  return out;
}

export interface FrameDecoderOptions {
  /** Largest data length accepted; longer messages are skipped and reported. Default 4 194 304. */
  maxDataLength?: number;
}

/**
 * Turns a byte stream, chunked in any way, into messages. A message over the limit is not
 * buffered: exactly its declared length is skipped (so the stream stays in step) and it is
 * reported as 'oversize' once skipped, like Go's reader does.
 */
export class FrameDecoder {
  readonly maxDataLength: number;
  private readonly header = Buffer.alloc(HEADER_LENGTH);
  private headerFill = 0;
  private current: (FrameHeader & { length: number }) | undefined;
  private body: Uint8Array | undefined; // undefined while skipping an oversize message
  private done = 0; // bytes of the current data received or skipped

  constructor(opts: FrameDecoderOptions = {}) {
    this.maxDataLength = opts.maxDataLength ?? MESSAGE_LENGTH_MAX;
  }

  push(chunk: Uint8Array): DecodedFrame[] {
    const out: DecodedFrame[] = [];
    let off = 0;
    while (off < chunk.length) {
      const cur = this.current;
      if (cur === undefined) {
        const n = Math.min(HEADER_LENGTH - this.headerFill, chunk.length - off);
        this.header.set(chunk.subarray(off, off + n), this.headerFill);
        this.headerFill += n;
        off += n;
        if (this.headerFill === HEADER_LENGTH) this.startMessage(out);
        continue;
      }
      const n = Math.min(cur.length - this.done, chunk.length - off);
      this.body?.set(chunk.subarray(off, off + n), this.done);
      this.done += n;
      off += n;
      if (this.done === cur.length) this.finishMessage(out);
    }
    return out;
  }

  private startMessage(out: DecodedFrame[]): void {
    const h = this.header;
    this.current = { length: h.readUInt32BE(0), streamId: h.readUInt32BE(4), type: h[8]!, flags: h[9]! };
    this.headerFill = 0;
    this.done = 0;
    this.body = this.current.length > this.maxDataLength ? undefined : new Uint8Array(this.current.length);
    if (this.current.length === 0) this.finishMessage(out);
  }

  private finishMessage(out: DecodedFrame[]): void {
    const { length, streamId, type, flags } = this.current!;
    if (this.body) out.push({ kind: 'frame', streamId, type, flags, data: this.body });
    else out.push({ kind: 'oversize', streamId, type, flags, length, error: oversizeError(length, this.maxDataLength) });
    this.current = undefined;
    this.body = undefined;
  }
}
