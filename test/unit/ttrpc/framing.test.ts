// Framing must not depend on how the bytes are chunked: seeded random splits of streams holding
// messages of awkward sizes, through the ttrpc FrameDecoder and through the mux reader; and the mux
// writer checked against a byte-exact model of containerd's reader (go-reader-model.ts).
import { describe, expect, it } from 'vitest';
import { encodeMuxFrames, MAX_FRAME_PAYLOAD, Mux } from '../../../src/nri/stub/mux.js';
import { encodeFrame, FrameDecoder, type DecodedFrame } from '../../../src/ttrpc/index.js';
import { Capture, hex } from './capture.js';
import { GoConnReader } from './go-reader-model.js';
import { prng, randomChunks } from './prng.js';

const SIZES = [0, 5, 4085, 4086, 4087, 4095, 4096, 4097, 9000, 70_000];
const SEEDS = Array.from({ length: 12 }, (_, i) => 1000 + i);
const tick = () => new Promise((r) => setImmediate(r));

interface Msg {
  streamId: number;
  type: number;
  flags: number;
  data: Uint8Array;
}

/** Every size twice, shuffled, with random ids, types and contents. */
function messages(rnd: ReturnType<typeof prng>): Msg[] {
  const sizes = [...SIZES, ...SIZES].map((s) => ({ s, k: rnd.int(0, 1e9) })).sort((a, b) => a.k - b.k);
  return sizes.map(({ s }) => ({ streamId: rnd.int(0, 0xffffffff), type: rnd.int(1, 3), flags: rnd.int(0, 255), data: rnd.bytes(s) }));
}

const encode = (ms: Msg[]) => Buffer.concat(ms.map((m) => encodeFrame(m.streamId, m.type, m.data, m.flags)));
/** Comparable form of decoded frames (data as hex keeps failures readable). */
const view = (fs: (Msg | DecodedFrame)[]) =>
  fs.map((f) =>
    'kind' in f && f.kind === 'oversize'
      ? { id: f.streamId, oversize: f.length, msg: f.error.message }
      : { id: f.streamId, type: f.type, flags: f.flags, data: hex((f as Msg).data) },
  );

describe('ttrpc FrameDecoder', () => {
  it.each(SEEDS)('decodes the same messages however the stream is chunked (seed %i)', (seed) => {
    const rnd = prng(seed);
    const ms = messages(rnd);
    const decoder = new FrameDecoder();
    const got = randomChunks(encode(ms), rnd).flatMap((c) => decoder.push(c));
    expect(view(got)).toEqual(view(ms));
  });

  it('one byte at a time, zero-length messages included', () => {
    const ms = messages(prng(7));
    const bytes = encode(ms);
    const decoder = new FrameDecoder();
    const got: DecodedFrame[] = [];
    for (let i = 0; i < bytes.length; i++) got.push(...decoder.push(bytes.subarray(i, i + 1)));
    expect(view(got)).toEqual(view(ms));
  });

  it.each(SEEDS)('skips exactly the declared length of messages over the limit and stays in step (seed %i)', (seed) => {
    const rnd = prng(seed);
    const ms = messages(rnd);
    const decoder = new FrameDecoder({ maxDataLength: 4096 });
    const got = randomChunks(encode(ms), rnd).flatMap((c) => decoder.push(c));
    const want = ms.map((m) =>
      m.data.length > 4096
        ? { id: m.streamId, oversize: m.data.length, msg: `message length ${m.data.length} exceed maximum message size of 4096` }
        : view([m])[0],
    );
    expect(view(got)).toEqual(want);
  });

  it("defaults to Go's 4 194 304 limit, inclusive", () => {
    const decoder = new FrameDecoder();
    const at = decoder.push(encodeFrame(1, 1, new Uint8Array(4_194_304)));
    const over = decoder.push(encodeFrame(3, 1, new Uint8Array(4_194_305)));
    expect(at.map((f) => f.kind)).toEqual(['frame']);
    expect(over).toMatchObject([
      { kind: 'oversize', streamId: 3, length: 4_194_305, error: { code: 8, message: 'message length 4194305 exceed maximum message size of 4194304' } },
    ]);
  });

  it('skips a huge declared length without buffering it', () => {
    const decoder = new FrameDecoder({ maxDataLength: 16 << 20 });
    const header = Buffer.from('ffffffff000000050100', 'hex');
    expect(decoder.push(header)).toEqual([]);
    const chunk = new Uint8Array(1 << 20);
    for (let i = 0; i < 4095; i++) expect(decoder.push(chunk)).toEqual([]);
    const tail = Buffer.concat([Buffer.alloc((1 << 20) - 1), encodeFrame(7, 2, Uint8Array.of(1))]);
    expect(view(decoder.push(tail))).toEqual([
      { id: 5, oversize: 0xffffffff, msg: 'message length 4294967295 exceed maximum message size of 16777216' },
      { id: 7, type: 2, flags: 0, data: '01' },
    ]);
  });
});

describe('mux reader', () => {
  it.each(SEEDS)("reassembles each conn's stream from any framing and chunking, ignoring other conns (seed %i)", async (seed) => {
    const rnd = prng(seed);
    const streams = new Map<number, Msg[]>([
      [1, messages(rnd)],
      [2, messages(rnd)],
      [0, messages(rnd).slice(0, 4)],
      [3, messages(rnd).slice(0, 4)],
    ]);
    // Split each conn's bytes into frames of random sizes (zero-length and 70 000-byte frames too),
    // then interleave the conns' frames at frame boundaries.
    const queues = [...streams].map(([id, ms]) => {
      const bytes = encode(ms);
      const frames: Buffer[] = [];
      for (let off = 0; off < bytes.length;) {
        const n = Math.min(bytes.length - off, [0, rnd.int(1, 10), rnd.int(1, 4096), 4096, rnd.int(1, 70_000)][rnd.int(0, 4)]!);
        const h = Buffer.alloc(8);
        h.writeUInt32BE(id, 0);
        h.writeUInt32BE(n, 4);
        frames.push(h, bytes.subarray(off, off + n));
        off += n;
      }
      return frames;
    });
    const wire: Buffer[] = [];
    while (queues.some((q) => q.length > 0)) {
      const q = queues[rnd.int(0, queues.length - 1)]!;
      wire.push(...q.splice(0, 2));
    }

    const socket = new Capture();
    const mux = new Mux(socket);
    const got = new Map<number, DecodedFrame[]>();
    for (const id of [1, 2]) {
      const decoder = new FrameDecoder();
      got.set(id, []);
      mux.open(id).on('data', (c: Buffer) => got.get(id)!.push(...decoder.push(c)));
    }
    for (const c of randomChunks(Buffer.concat(wire), rnd)) socket.emit('data', Buffer.from(c));
    await tick();
    expect(view(got.get(1)!)).toEqual(view(streams.get(1)!));
    expect(view(got.get(2)!)).toEqual(view(streams.get(2)!));
    mux.close();
  });
});

/** Splits the mux frames in `wire` per conn, checking each header. */
function parseMux(wire: Uint8Array): { id: number; payload: Buffer }[] {
  const b = Buffer.from(wire);
  const out: { id: number; payload: Buffer }[] = [];
  for (let off = 0; off < b.length;) {
    const n = b.readUInt32BE(off + 4);
    out.push({ id: b.readUInt32BE(off), payload: b.subarray(off + 8, off + 8 + n) });
    off += 8 + n;
  }
  return out;
}

describe('mux writer (policy A: payloads of 1 to 4096 bytes)', () => {
  it.each(SEEDS)('frames of ≤ 4096 bytes, none empty, concatenating to the ttrpc bytes, accepted by the Go reader model (seed %i)', async (seed) => {
    const rnd = prng(seed);
    const socket = new Capture();
    const mux = new Mux(socket);
    const conns = [mux.open(1), mux.open(2)];
    const sent = new Map<number, Msg[]>([
      [1, []],
      [2, []],
    ]);
    for (const m of messages(rnd).concat(messages(rnd))) {
      const id = rnd.int(1, 2);
      sent.get(id)!.push(m);
      conns[id - 1]!.write(encodeFrame(m.streamId, m.type, m.data, m.flags));
    }
    await tick();
    const frames = parseMux(socket.output());
    for (const f of frames) {
      expect(f.payload.length).toBeGreaterThan(0);
      expect(f.payload.length).toBeLessThanOrEqual(MAX_FRAME_PAYLOAD);
    }
    for (const id of [1, 2]) {
      const payloads = frames.filter((f) => f.id === id).map((f) => f.payload);
      expect(hex(Buffer.concat(payloads))).toBe(hex(encode(sent.get(id)!)));
      const model = new GoConnReader(payloads).readAll();
      expect(view(model.map((m) => ({ ...m, flags: 0, data: 'data' in m ? m.data : new Uint8Array(0) })))).toEqual(
        view(sent.get(id)!.map((m) => ({ ...m, flags: 0 }))),
      );
    }
    mux.close();
  });

  it('splits a message into 4096-byte frames plus the rest, one write at a time', () => {
    const sizes = parseMux(encodeMuxFrames(1, new Uint8Array(10_000))).map((f) => f.payload.length);
    expect(sizes).toEqual([4096, 4096, 1808]);
    expect(parseMux(encodeMuxFrames(1, new Uint8Array(4096))).map((f) => f.payload.length)).toEqual([4096]);
    expect(encodeMuxFrames(1, new Uint8Array(0)).length).toBe(0);
  });

  it('a message over 4 MiB framed by us is discarded by the Go reader model, and the next one is read', () => {
    const big = encodeFrame(5, 1, new Uint8Array(4_199_986)); // 4 199 996 bytes: over ttrpc's messageLengthMax (4 << 20 = 4 194 304; containerd/ttrpc channel.go @v1.2.5)
    const next = encodeFrame(7, 1, Uint8Array.of(1, 2, 3));
    const payloads = parseMux(Buffer.concat([encodeMuxFrames(2, big), encodeMuxFrames(2, next)])).map((f) => f.payload);
    expect(new GoConnReader(payloads).readAll()).toEqual([
      { streamId: 5, type: 1, oversize: 4_199_986 },
      { streamId: 7, type: 1, data: Uint8Array.of(1, 2, 3) },
    ]);
  });

  it('the model rejects what containerd rejects (sanity check of the model)', () => {
    const big = encodeFrame(1, 2, new Uint8Array(9050)); // 9 060 bytes
    const small = encodeFrame(3, 2, new Uint8Array(50)); // 60 bytes
    // One frame per message: 9 060 > 4096 at a message boundary.
    expect(() => new GoConnReader([big, small]).readAll()).toThrow(/rejected/);
    // Go's own framing (4096 + rest) is accepted.
    expect(new GoConnReader([big.subarray(0, 4096), big.subarray(4096), small]).readAll()).toHaveLength(2);
    // The crash case: 4096, then the last 4 964 bytes plus the next message in one frame.
    expect(() => new GoConnReader([big.subarray(0, 4096), Buffer.concat([big.subarray(4096), small])]).readAll()).toThrow(/rejected/);
    // Crossing into the next message with R < 4096 is fine.
    const mid = encodeFrame(1, 2, new Uint8Array(5050)); // 5 060 bytes
    expect(new GoConnReader([mid.subarray(0, 4096), Buffer.concat([mid.subarray(4096), small])]).readAll()).toHaveLength(2);
    // 4096 at a boundary is accepted, 4097 is not.
    expect(new GoConnReader([encodeFrame(1, 2, new Uint8Array(4086))]).readAll()).toHaveLength(1);
    expect(() => new GoConnReader([encodeFrame(1, 2, new Uint8Array(4087))]).readAll()).toThrow(/rejected/);
  });
});

describe('mux reader: a corrupt stream is dropped', () => {
  it('a frame length beyond any message (here 4 GiB) closes the connection instead of waiting for it', async () => {
    const socket = new Capture();
    const mux = new Mux(socket);
    mux.open(1);
    let closed = false;
    void mux.closed.then(() => {
      closed = true;
    });
    socket.emit('data', Buffer.from([0, 0, 0, 1, 0xff, 0xff, 0xff, 0xff, 1, 2, 3]));
    await mux.closed;
    expect(closed).toBe(true);
  });

  it('a large but plausible frame (4 MiB, as containerd 1.7.24 sends) is read', async () => {
    const socket = new Capture();
    const mux = new Mux(socket);
    let got = 0;
    mux.open(1).on('data', (c: Buffer) => {
      got += c.length;
    });
    const payload = Buffer.alloc(4 << 20, 7);
    const header = Buffer.alloc(8);
    header.writeUInt32BE(1, 0);
    header.writeUInt32BE(payload.length, 4);
    socket.emit('data', Buffer.concat([header, payload]));
    await new Promise((r) => setImmediate(r));
    expect(got).toBe(payload.length);
    mux.close();
  });
});
