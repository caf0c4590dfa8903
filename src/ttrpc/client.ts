// A ttrpc client for unary calls (containerd/ttrpc client.go): odd stream ids from 1 per
// connection, responses matched by id in any order, a local deadline on every call.
import type { Duplex } from 'node:stream';
import { Request, Response } from '../gen/ttrpc/request.js';
import { encodeFrame, MessageType, type DecodedFrame, type FrameDecoderOptions } from './frame.js';
import { closedError, Code, TtrpcError } from './status.js';
import { attachStream, type MessageStream } from './stream.js';

export interface ClientOptions extends FrameDecoderOptions {
  /** Deadline of calls that do not set their own; none by default. */
  timeoutMs?: number;
}

export interface CallOptions {
  /** Local deadline, also sent as timeout_nano. */
  timeoutMs?: number;
  metadata?: Record<string, string>;
}

interface Pending {
  resolve(payload: Uint8Array): void;
  reject(err: TtrpcError): void;
}

const MAX_STREAM_ID = 0xffff_ffff;

export class Client {
  private nextStreamId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly io: MessageStream;
  private isClosed = false;

  constructor(
    stream: Duplex,
    private readonly opts: ClientOptions = {},
  ) {
    this.io = attachStream(
      stream,
      opts,
      (f) => this.onFrame(f),
      () => this.failAll(),
    );
  }

  get closed(): Promise<void> {
    return this.io.closed;
  }

  /** Calls a unary method; resolves with the method's serialized result. */
  call(service: string, method: string, payload: Uint8Array, opts: CallOptions = {}): Promise<Uint8Array> {
    if (this.isClosed) return Promise.reject(closedError());
    if (this.nextStreamId > MAX_STREAM_ID) return Promise.reject(new TtrpcError(Code.ResourceExhausted, 'ttrpc: stream ids exhausted'));
    const streamId = this.nextStreamId;
    this.nextStreamId += 2;
    const timeoutMs = opts.timeoutMs ?? this.opts.timeoutMs;
    const body = Request.encode({
      service,
      method,
      payload: Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength),
      timeoutNano: timeoutMs === undefined ? 0 : Math.round(timeoutMs * 1e6),
      metadata: Object.entries(opts.metadata ?? {}).map(([key, value]) => ({ key, value })),
    }).finish();
    return new Promise<Uint8Array>((resolve, reject) => {
      const timer =
        timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              this.pending.delete(streamId);
              reject(new TtrpcError(Code.DeadlineExceeded, 'context deadline exceeded'));
            }, timeoutMs);
      const settle = () => {
        clearTimeout(timer);
        this.pending.delete(streamId);
      };
      this.pending.set(streamId, {
        resolve(p) {
          settle();
          resolve(p);
        },
        reject(e) {
          settle();
          reject(e);
        },
      });
      this.io.send(encodeFrame(streamId, MessageType.Request, body));
    });
  }

  /** Closes the stream; pending calls fail with 'ttrpc: closed'. */
  close(): void {
    this.io.close();
  }

  private onFrame(f: DecodedFrame): void {
    if (f.type !== MessageType.Response) return;
    const call = this.pending.get(f.streamId);
    if (!call) return; // late (timed out) or unknown: dropped, as Go does
    if (f.kind === 'oversize') return call.reject(f.error);
    let res: Response;
    try {
      res = Response.decode(f.data);
    } catch (e) {
      return call.reject(new TtrpcError(Code.Internal, `ttrpc: error unmarshalling response: ${(e as Error).message}`));
    }
    const code = res.status?.code ?? Code.OK;
    if (code !== Code.OK) return call.reject(new TtrpcError(code, res.status?.message ?? ''));
    call.resolve(res.payload ?? new Uint8Array(0));
  }

  private failAll(): void {
    this.isClosed = true;
    for (const call of [...this.pending.values()]) call.reject(closedError());
  }
}
