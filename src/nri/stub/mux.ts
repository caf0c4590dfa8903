// The NRI connection multiplexer (containerd/nri pkg/net/multiplex): several independent byte
// streams over one socket, in frames [conn id u32 BE][payload length u32 BE][payload]. There are no
// open or close frames: opening a conn is local, frames for conns not opened here are dropped.
import { Duplex } from 'node:stream';

export const MUX_HEADER_LENGTH = 8;

/**
 * Writer rule: every frame we emit carries 1 to 4096 payload bytes (the
 * 8-byte mux header not counted). Go's ttrpc reads a mux conn through a 4096-byte bufio.Reader,
 * and one conn read returns exactly one whole frame or fails (ENOMEM) when the destination is
 * smaller. That destination is bufio's own 4096-byte buffer, or, while R ≥ 4096 bytes of the
 * current message's data are missing, the caller's slice of exactly R bytes. A payload of ≤ 4096
 * bytes fits both, wherever it starts; a larger one fails, or crashes containerd when it runs into
 * the next message. Each write (one ttrpc message) is split on its own, so frames never cross
 * messages either; zero-length writes emit nothing.
 */
export const MAX_FRAME_PAYLOAD = 4096;

/**
 * Reader rule: a frame may be large (containerd 1.7.24 sends a 4 MiB message as one
 * frame), but not larger than any message a conn would accept; a length beyond this is a corrupt or
 * hostile stream, and the connection is dropped (the daemon connects again) instead of swallowing
 * gigabytes that will never form a message.
 */
export const MAX_FRAME_READ = 64 << 20;

/** One multiplexed connection: a Duplex carrying that conn's byte stream. */
export class MuxConn extends Duplex {
  constructor(
    readonly id: number,
    private readonly mux: Mux,
  ) {
    super();
  }

  override _read(): void {}

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.mux.writeFrames(this.id, chunk, cb);
  }

  override _final(cb: (err?: Error | null) => void): void {
    cb();
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    this.mux.forget(this);
    cb(err);
  }
}

export class Mux {
  private readonly conns = new Map<number, MuxConn>();
  private readonly header = Buffer.alloc(MUX_HEADER_LENGTH);
  private headerFill = 0;
  private frameConn: MuxConn | undefined;
  private frameLeft = -1; // payload bytes still to come of the current frame; -1 while reading a header
  private isClosed = false;
  readonly closed: Promise<void>;
  private resolveClosed!: () => void;

  constructor(private readonly socket: Duplex) {
    this.closed = new Promise((resolve) => (this.resolveClosed = resolve));
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('end', () => this.close());
    socket.on('close', () => this.close());
    socket.on('error', () => this.close());
    if (socket.destroyed) queueMicrotask(() => this.close());
  }

  /** Opens conn `id` (1 … 2³²−1) here; frames for it are delivered from now on. */
  open(id: number): MuxConn {
    if (!Number.isInteger(id) || id < 1 || id > 0xffff_ffff) throw new RangeError(`mux: invalid conn id ${id}`);
    if (this.conns.has(id)) throw new Error(`mux: conn ${id} is already open`);
    const conn = new MuxConn(id, this);
    this.conns.set(id, conn);
    if (this.isClosed) conn.destroy();
    return conn;
  }

  /** Closes the socket and every conn (their clients fail pending calls). */
  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.socket.destroy();
    for (const conn of [...this.conns.values()]) conn.destroy();
    this.resolveClosed();
  }

  /** @internal */
  writeFrames(id: number, data: Buffer, cb: (err?: Error | null) => void): void {
    if (this.isClosed) return cb();
    const out = encodeMuxFrames(id, data);
    if (out.length === 0 || this.socket.write(out)) return cb();
    this.socket.once('drain', () => cb());
  }

  /** @internal */
  forget(conn: MuxConn): void {
    if (this.conns.get(conn.id) === conn) this.conns.delete(conn.id);
  }

  private onData(chunk: Buffer): void {
    let off = 0;
    while (off < chunk.length && !this.isClosed) {
      if (this.frameLeft < 0) {
        const n = Math.min(MUX_HEADER_LENGTH - this.headerFill, chunk.length - off);
        chunk.copy(this.header, this.headerFill, off, off + n);
        this.headerFill += n;
        off += n;
        if (this.headerFill < MUX_HEADER_LENGTH) continue;
        this.headerFill = 0;
        this.frameConn = this.conns.get(this.header.readUInt32BE(0));
        this.frameLeft = this.header.readUInt32BE(4);
        if (this.frameLeft > MAX_FRAME_READ) {
          this.close();
          return;
        }
      } else {
        const n = Math.min(this.frameLeft, chunk.length - off);
        if (this.frameConn && !this.frameConn.destroyed) this.frameConn.push(Buffer.from(chunk.subarray(off, off + n)));
        this.frameLeft -= n;
        off += n;
      }
      if (this.frameLeft === 0) this.frameLeft = -1;
    }
  }
}

/** The frames of one write on conn `id`, each with at most MAX_FRAME_PAYLOAD payload bytes. */
export function encodeMuxFrames(id: number, data: Uint8Array): Buffer {
  const frames = Math.ceil(data.length / MAX_FRAME_PAYLOAD);
  const out = Buffer.allocUnsafe(data.length + frames * MUX_HEADER_LENGTH);
  let pos = 0;
  for (let off = 0; off < data.length; off += MAX_FRAME_PAYLOAD) {
    const n = Math.min(MAX_FRAME_PAYLOAD, data.length - off);
    out.writeUInt32BE(id, pos);
    out.writeUInt32BE(n, pos + 4);
    out.set(data.subarray(off, off + n), pos + MUX_HEADER_LENGTH);
    pos += MUX_HEADER_LENGTH + n;
  }
  return out;
}
