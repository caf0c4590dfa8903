// How the server answers what a well-behaved client never sends, with Go's codes and texts
// (containerd/ttrpc server.go @v1.2.5, and containerd 1.7.24's own server answering the same): stream id
// rules, undecodable envelopes, message types it ignores.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Request, Response } from '../../../src/gen/ttrpc/request.js';
import { encodeFrame, FrameDecoder, MessageType, Server, type DecodedFrame } from '../../../src/ttrpc/index.js';
import { Capture } from './capture.js';

const SVC = 'test.v1.Svc';
const ODD = 'StreamID must be odd for client initiated streams';
const REUSED = 'StreamID cannot be re-used and must increment';

let socket: Capture;
let server: Server;
afterEach(() => server.close());

function start(maxDataLength?: number): void {
  socket = new Capture();
  server = new Server({ [SVC]: { Ok: () => Uint8Array.of(1) } }, maxDataLength === undefined ? {} : { maxDataLength });
  server.serve(socket);
}

const req = (streamId: number, method = 'Ok', type: number = MessageType.Request) =>
  encodeFrame(streamId, type, Request.encode({ service: SVC, method }).finish());

/**
 * The replies after injecting `frames`, as [stream id, code, message] (code 0: success), sorted:
 * rule violations are answered at once, handler results later.
 */
async function replies(count: number, ...frames: Uint8Array[]): Promise<[number, number, string][]> {
  for (const f of frames) socket.inject(f);
  const decode = (): DecodedFrame[] => new FrameDecoder().push(socket.output());
  await vi.waitFor(() => expect(decode().length).toBe(count));
  await new Promise((r) => setTimeout(r, 20)); // nothing more arrives
  return decode()
    .map((f) => {
      if (f.kind !== 'frame' || f.type !== MessageType.Response) throw new Error('not a response');
      const r = Response.decode(f.data);
      return [f.streamId, r.status?.code ?? 0, r.status?.message ?? ''] as [number, number, string];
    })
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

describe('stream ids', () => {
  it('an even id → 3, answered on that id; the connection keeps serving', async () => {
    start();
    expect(await replies(2, req(2), req(1))).toEqual([
      [1, 0, ''],
      [2, 3, ODD],
    ]);
  });

  it('a reused or smaller id → 3', async () => {
    start();
    expect(await replies(4, req(1), req(1), req(5), req(3))).toEqual([
      [1, 0, ''],
      [1, 3, REUSED],
      [3, 3, REUSED],
      [5, 0, ''],
    ]);
  });

  it('rejected ids do not advance the sequence', async () => {
    start();
    expect(await replies(3, req(4), req(3), req(5))).toEqual([
      [3, 0, ''],
      [4, 3, ODD],
      [5, 0, ''],
    ]);
  });
});

describe('requests the server cannot use', () => {
  it('an undecodable envelope → 3 "unmarshal request error: …"', async () => {
    start();
    const [[id, code, message]] = (await replies(1, encodeFrame(1, MessageType.Request, Uint8Array.of(0x0a, 0x05, 0x41)))) as [[number, number, string]];
    expect([id, code]).toEqual([1, 3]);
    expect(message).toMatch(/^unmarshal request error: /);
  });

  it('an oversize request → 8 on its id, without taking the id; the next request is served', async () => {
    start(100);
    const big = encodeFrame(1, MessageType.Request, Request.encode({ service: SVC, method: 'Ok', payload: Buffer.alloc(200) }).finish());
    expect(big.length - 10).toBe(220);
    expect(await replies(2, big, req(1))).toEqual([
      [1, 0, ''],
      [1, 8, 'message length 220 exceed maximum message size of 100'],
    ]);
  });

  it('data (type 3), responses and unknown types are ignored', async () => {
    start();
    expect(
      await replies(1, req(1, 'Ok', MessageType.Data), req(3, 'Ok', MessageType.Response), req(5, 'Ok', 9), req(2, 'Ok', MessageType.Data), req(7)),
    ).toEqual([[7, 0, '']]);
  });

  it('accepts metadata and skips unknown envelope fields', async () => {
    start();
    const body = Buffer.concat([
      Request.encode({ service: SVC, method: 'Ok', timeoutNano: 2_000_000_000, metadata: [{ key: 'containerd-namespace-ttrpc', value: 'k8s.io' }] }).finish(),
      Buffer.from([0x98, 0x06, 0x07]), // field 99, varint 7
    ]);
    expect(await replies(1, encodeFrame(1, MessageType.Request, body))).toEqual([[1, 0, '']]);
  });
});
