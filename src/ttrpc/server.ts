// A ttrpc server that answers like Go's (containerd/ttrpc server.go v1.2.5): handlers run
// concurrently, problems are answered with the same codes and texts, a success carries no status.
import type { Duplex } from 'node:stream';
import { Request, Response } from '../gen/ttrpc/request.js';
import { encodeFrame, MessageType, type DecodedFrame, type FrameDecoderOptions } from './frame.js';
import { Code, TtrpcError } from './status.js';
import { attachStream, type MessageStream } from './stream.js';

export interface CallContext {
  streamId: number;
  /** From the request's timeout_nano (0 = none): the caller's remaining time, may be ≤ 0. */
  timeoutMs?: number;
  metadata: Record<string, string>;
  /** Aborted when the caller's time is up or the connection ends. */
  signal: AbortSignal;
}

export type Handler = (payload: Uint8Array, ctx: CallContext) => Promise<Uint8Array> | Uint8Array;
export type Services = Record<string, Record<string, Handler>>;

export type ServerOptions = FrameDecoderOptions;

export interface ServerConnection {
  close(): void;
  readonly closed: Promise<void>;
}

export class Server {
  private readonly services = new Map<string, Map<string, Handler>>();
  private readonly connections = new Set<ServerConnection>();

  constructor(
    services: Services = {},
    private readonly opts: ServerOptions = {},
  ) {
    for (const [name, methods] of Object.entries(services)) this.register(name, methods);
  }

  register(service: string, methods: Record<string, Handler>): void {
    const m = this.services.get(service) ?? new Map<string, Handler>();
    for (const [name, fn] of Object.entries(methods)) m.set(name, fn);
    this.services.set(service, m);
  }

  /** Serves one connection (a socket or a mux conn) until it ends. */
  serve(stream: Duplex): ServerConnection {
    const conn = serveConnection(stream, this.services, this.opts, () => this.connections.delete(conn));
    this.connections.add(conn);
    return conn;
  }

  close(): void {
    for (const c of this.connections) c.close();
  }
}

function serveConnection(stream: Duplex, services: Map<string, Map<string, Handler>>, opts: ServerOptions, onClose: () => void): ServerConnection {
  let lastStreamId = 0;
  const active = new Set<AbortController>();
  const io: MessageStream = attachStream(stream, opts, onFrame, () => {
    for (const ac of active) ac.abort(new TtrpcError(Code.Canceled, 'ttrpc: closed'));
    onClose();
  });

  function reply(streamId: number, status: TtrpcError | undefined, payload?: Uint8Array): void {
    const body = Response.encode({
      status: status && { code: status.code, message: status.message },
      payload: payload && Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength),
    }).finish();
    io.send(encodeFrame(streamId, MessageType.Response, body));
  }

  function onFrame(f: DecodedFrame): void {
    if (f.type !== MessageType.Request) return; // data (streaming only) and unknown types: ignored
    if (f.kind === 'oversize') return reply(f.streamId, f.error);
    if (f.streamId % 2 !== 1) return reply(f.streamId, new TtrpcError(Code.InvalidArgument, 'StreamID must be odd for client initiated streams'));
    if (f.streamId <= lastStreamId) return reply(f.streamId, new TtrpcError(Code.InvalidArgument, 'StreamID cannot be re-used and must increment'));
    lastStreamId = f.streamId;
    let req: Request;
    try {
      req = Request.decode(f.data);
    } catch (e) {
      return reply(f.streamId, new TtrpcError(Code.InvalidArgument, `unmarshal request error: ${(e as Error).message}`));
    }
    const methods = services.get(req.service ?? '');
    if (!methods) return reply(f.streamId, new TtrpcError(Code.Unimplemented, `service ${req.service ?? ''}`));
    const handler = methods.get(req.method ?? '');
    if (!handler) return reply(f.streamId, new TtrpcError(Code.Unimplemented, `method ${req.method ?? ''}`));
    void run(f.streamId, req, handler);
  }

  async function run(streamId: number, req: Request, handler: Handler): Promise<void> {
    const ac = new AbortController();
    active.add(ac);
    const nano = req.timeoutNano ?? 0;
    const timeoutMs = nano === 0 ? undefined : nano / 1e6;
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(() => ac.abort(new TtrpcError(Code.DeadlineExceeded, 'context deadline exceeded')), Math.max(0, timeoutMs));
    const ctx: CallContext = {
      streamId,
      metadata: Object.fromEntries((req.metadata ?? []).map((kv) => [kv.key ?? '', kv.value ?? ''])),
      signal: ac.signal,
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
    };
    try {
      const out = await handler(req.payload ?? new Uint8Array(0), ctx);
      reply(streamId, undefined, out);
    } catch (e) {
      reply(streamId, e instanceof TtrpcError ? e : new TtrpcError(Code.Unknown, e instanceof Error ? e.message : String(e)));
    } finally {
      clearTimeout(timer);
      active.delete(ac);
    }
  }

  return { close: io.close, closed: io.closed };
}
