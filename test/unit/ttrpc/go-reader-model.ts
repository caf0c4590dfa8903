// A byte-exact model of how containerd reads one NRI mux conn (containerd/nri pkg/net/multiplex/mux.go
// @v0.6.1 and @v0.12.2, containerd/ttrpc channel.go @v1.2.5; checked against containerd 1.7.24): ttrpc's
// channel.recv over a bufio.Reader of 4096 bytes (golang bufio.go Read/Discard/fill) over the mux
// conn, whose Read hands over exactly one whole frame and fails when the destination is smaller.
// A frame that does not fit throws 'rejected' (ENOMEM, or the containerd panic).

const BUF = 4096;
const MESSAGE_LENGTH_MAX = 4 << 20;
const MAX_EMPTY_READS = 100;

export type GoMessage = { streamId: number; type: number; data: Uint8Array } | { streamId: number; type: number; oversize: number };

export class GoConnReader {
  private readonly buf = new Uint8Array(BUF);
  private r = 0;
  private w = 0;
  private next = 0;

  constructor(private readonly frames: Uint8Array[]) {}

  /** Reads every message the frames hold; throws if a frame is rejected or bytes are left over. */
  readAll(): GoMessage[] {
    const out: GoMessage[] = [];
    while (this.next < this.frames.length || this.r < this.w) out.push(this.recv());
    return out;
  }

  private recv(): GoMessage {
    const h = new Uint8Array(10);
    this.readFull(h);
    const v = new DataView(h.buffer);
    const length = v.getUint32(0);
    const streamId = v.getUint32(4);
    const type = h[8]!;
    if (length > MESSAGE_LENGTH_MAX) {
      this.discard(length);
      return { streamId, type, oversize: length };
    }
    const data = new Uint8Array(length);
    this.readFull(data);
    return { streamId, type, data };
  }

  /** mux conn.Read: one whole frame into `dest`, which must be large enough. */
  private connRead(dest: Uint8Array): number {
    const f = this.frames[this.next++];
    if (f === undefined) throw new Error('EOF');
    if (f.length > dest.length) throw new Error(`rejected: frame of ${f.length} bytes, destination ${dest.length}`);
    dest.set(f);
    return f.length;
  }

  private readFull(p: Uint8Array): void {
    for (let n = 0; n < p.length;) n += this.read(p.subarray(n));
  }

  /** bufio.Reader.Read */
  private read(p: Uint8Array): number {
    if (this.r === this.w) {
      if (p.length >= BUF) return this.connRead(p); // large read, empty buffer: straight into p
      this.r = 0;
      this.w = 0;
      const n = this.connRead(this.buf);
      if (n === 0) return 0;
      this.w = n;
    }
    const n = Math.min(p.length, this.w - this.r);
    p.set(this.buf.subarray(this.r, this.r + n));
    this.r += n;
    return n;
  }

  /** bufio.Reader.Discard */
  private discard(count: number): void {
    for (let remain = count; remain > 0;) {
      if (this.w === this.r) this.fill();
      const skip = Math.min(this.w - this.r, remain);
      this.r += skip;
      remain -= skip;
    }
  }

  /** bufio.Reader.fill */
  private fill(): void {
    this.buf.copyWithin(0, this.r, this.w);
    this.w -= this.r;
    this.r = 0;
    for (let i = 0; i < MAX_EMPTY_READS; i++) {
      const n = this.connRead(this.buf.subarray(this.w));
      this.w += n;
      if (n > 0) return;
    }
    throw new Error('io.ErrNoProgress');
  }
}
