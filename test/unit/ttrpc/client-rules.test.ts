// What the client puts on the wire and how it treats what comes back, as containerd/ttrpc's Go client
// (client.go, channel.go @v1.2.5): the envelopes, odd stream ids from 1 in steps of 2.
import { describe, expect, it } from 'vitest';
import { Request, Response } from '../../../src/gen/ttrpc/request.js';
import { Client, encodeFrame, FrameDecoder, MessageType } from '../../../src/ttrpc/index.js';
import { Capture } from './capture.js';

const reply = (streamId: number, status?: { code: number; message: string }, payload?: Uint8Array) =>
  encodeFrame(streamId, MessageType.Response, Response.encode({ status, payload: payload && Buffer.from(payload) }).finish());

describe('client', () => {
  it('uses odd stream ids from 1, flags 0, and sends timeout_nano and metadata', () => {
    const s = new Capture();
    const client = new Client(s);
    for (let i = 0; i < 3; i++) client.call('a.B', 'C', Uint8Array.of(i), { timeoutMs: 2000, metadata: { k: 'v' } }).catch(() => {});
    const frames = new FrameDecoder().push(s.output());
    expect(frames.map((f) => [f.streamId, f.type, f.flags])).toEqual([
      [1, 1, 0],
      [3, 1, 0],
      [5, 1, 0],
    ]);
    const f = frames[2]!;
    if (f.kind !== 'frame') throw new Error('oversize');
    expect(Request.decode(f.data)).toEqual({
      service: 'a.B',
      method: 'C',
      payload: Buffer.of(2),
      timeoutNano: 2_000_000_000,
      metadata: [{ key: 'k', value: 'v' }],
    });
    client.close();
  });

  it('matches responses by id in any order and drops those for unknown ids', async () => {
    const s = new Capture();
    const client = new Client(s);
    const a = client.call('a.B', 'C', new Uint8Array(0));
    const b = client.call('a.B', 'C', new Uint8Array(0));
    s.inject(
      Buffer.concat([reply(9, undefined, Uint8Array.of(9)), reply(3, undefined, Uint8Array.of(3)), reply(1, { code: 0, message: '' }, Uint8Array.of(1))]),
    );
    expect([...(await a)]).toEqual([1]);
    expect([...(await b)]).toEqual([3]);
    client.close();
  });

  it("a non-zero status fails the call with the peer's code and message", async () => {
    const s = new Capture();
    const client = new Client(s);
    const a = client.call('a.B', 'C', new Uint8Array(0));
    s.inject(reply(1, { code: 12, message: 'method C' }));
    await expect(a).rejects.toMatchObject({ code: 12, message: 'method C' });
    client.close();
  });

  it('an undecodable response fails only that call', async () => {
    const s = new Capture();
    const client = new Client(s);
    const a = client.call('a.B', 'C', new Uint8Array(0));
    const b = client.call('a.B', 'C', new Uint8Array(0));
    s.inject(Buffer.concat([encodeFrame(1, MessageType.Response, Uint8Array.of(0x0a, 0x09)), reply(3)]));
    await expect(a).rejects.toMatchObject({ code: 13 });
    expect((await b).length).toBe(0);
    client.close();
  });

  it('requests with no deadline carry no timeout_nano', () => {
    const s = new Capture();
    const client = new Client(s);
    client.call('a.B', 'C', new Uint8Array(0)).catch(() => {});
    const f = new FrameDecoder().push(s.output())[0]!;
    if (f.kind !== 'frame') throw new Error('oversize');
    expect(Request.decode(f.data).timeoutNano).toBe(0);
    expect(f.data.includes(0x20)).toBe(false);
    client.close();
  });
});
