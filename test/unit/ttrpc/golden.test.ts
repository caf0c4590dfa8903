// Golden byte vectors of the NRI wire (ttrpc envelopes, the NRI mux frame): what we emit must equal them
// byte for byte (asserted against the literal hex below — `protoc --encode` of the field numbers in
// proto/, and sent to containerd 1.7.24, which accepted them — and kept as golden files in
// test/golden/ttrpc); what the runtime sends must decode.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Request } from '../../../src/gen/ttrpc/request.js';
import { Mux } from '../../../src/nri/stub/mux.js';
import { Client, FrameDecoder, Server, type Handler } from '../../../src/ttrpc/index.js';
import { expectGolden } from '../../support/golden.js';
import { Capture, hex, hexLines, unhex } from './capture.js';

const RUNTIME = 'nri.pkg.api.v1alpha1.Runtime';
const PLUGIN = 'nri.pkg.api.v1alpha1.Plugin';
const REGISTER_PLUGIN_REQUEST = unhex('0a0b 68636e70726f787963746c 1202 3130'); // {plugin_name "hcnproxyctl", plugin_idx "10"}

// 7a: Runtime.RegisterPlugin, stream 1: 75 bytes
const V7A = unhex(`00000041 00000001 0100
  0a1c 6e72692e706b672e6170692e7631616c706861312e52756e74696d65
  120e 5265676973746572506c7567696e
  1a11 0a0b68636e70726f787963746c 12023130`);
// 7a with a 5 s deadline: timeout_nano = 5 000 000 000, data length 71
const V7A_TIMEOUT = unhex(`00000047 00000001 0100
  0a1c 6e72692e706b672e6170692e7631616c706861312e52756e74696d65
  120e 5265676973746572506c7567696e
  1a11 0a0b68636e70726f787963746c 12023130
  2080e497d012`);
// 7f, illustrative (87 bytes) and real containerd 1.7.24 (90 bytes) Configure requests on conn 1
const V7F = unhex(`00000001 0000004f 00000045 00000001 0100
  0a1b 6e72692e706b672e6170692e7631616c706861312e506c7567696e 1209 436f6e666967757265
  1a15 120a 636f6e7461696e657264 1a07 76312e372e3234
  20f0d9d5b907`);
const V7F_REAL = unhex(`00000001 00000052 00000048 00000001 0100
  0a1b 6e72692e706b672e6170692e7631616c706861312e506c7567696e 1209 436f6e666967757265
  1a18 120a 636f6e7461696e657264 1a0a 312e372e32347e647331
  20cab8d3b907`);

const tick = () => new Promise((r) => setImmediate(r));
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

/** The first call's bytes as the client writes them (the call itself stays pending). */
function clientBytes(stream: Capture | ReturnType<Mux['open']>, timeoutMs?: number): void {
  const client = new Client(stream);
  client.call(RUNTIME, 'RegisterPlugin', REGISTER_PLUGIN_REQUEST, timeoutMs === undefined ? {} : { timeoutMs }).catch(() => {});
  cleanups.push(() => client.close());
}

/** Serves `methods` on a capture (or on conn 1 of a mux over it), injects `input`, returns the reply bytes. */
async function serverReply(methods: Record<string, Handler>, input: Uint8Array, viaMux: boolean): Promise<Buffer> {
  const socket = new Capture();
  const server = new Server({ [PLUGIN]: methods });
  cleanups.push(() => server.close());
  server.serve(viaMux ? new Mux(socket).open(1) : socket);
  socket.inject(input);
  await vi.waitFor(() => expect(socket.written.length).toBeGreaterThan(0));
  await tick();
  return socket.output();
}

/** A request frame on stream `streamId` as a 1.7 runtime sends it. */
function request(streamId: number, service: string, method: string, payload: Uint8Array): Buffer {
  const body = Request.encode({ service, method, payload: Buffer.from(payload) }).finish();
  const h = Buffer.alloc(10);
  h.writeUInt32BE(body.length, 0);
  h.writeUInt32BE(streamId, 4);
  h[8] = 1;
  return Buffer.concat([h, body]);
}

describe('golden vectors, our side', () => {
  it('7a RegisterPlugin request (75 bytes)', () => {
    const s = new Capture();
    clientBytes(s);
    expect(V7A.length).toBe(75);
    expect(hex(s.output())).toBe(hex(V7A));
    expectGolden('ttrpc/7a-register-plugin.hex', hexLines(s.output()));
  });

  it('7a with timeout_nano 5 000 000 000 (20 80 e4 97 d0 12)', () => {
    const s = new Capture();
    clientBytes(s, 5000);
    expect(hex(s.output())).toBe(hex(V7A_TIMEOUT));
    expectGolden('ttrpc/7a-register-plugin-timeout.hex', hexLines(s.output()));
  });

  it('7b RegisterPlugin inside a mux frame on conn 2 (83 bytes)', () => {
    const socket = new Capture();
    clientBytes(new Mux(socket).open(2));
    const want = Buffer.concat([unhex('00000002 0000004b'), V7A]);
    expect(want.length).toBe(83);
    expect(hex(socket.output())).toBe(hex(want));
    expectGolden('ttrpc/7b-register-plugin-mux.hex', hexLines(socket.output()));
  });

  it('7c empty success response: data length 0, status absent', async () => {
    const out = await serverReply({ StateChange: () => new Uint8Array(0) }, request(1, PLUGIN, 'StateChange', unhex('0801')), false);
    expect(hex(out)).toBe(hex(unhex('00000000 00000001 0200')));
    expectGolden('ttrpc/7c-empty-response.hex', hexLines(out));
  });

  it('7c the Empty reply to a StateChange on stream 5, conn 1', async () => {
    const input = request(5, PLUGIN, 'StateChange', unhex('0801'));
    const muxed = Buffer.concat([unhex('00000001'), Buffer.from([0, 0, 0, input.length]), input]);
    const out = await serverReply({ StateChange: () => new Uint8Array(0) }, muxed, true);
    expect(hex(out)).toBe(hex(unhex('00000001 0000000a 00000000 00000005 0200')));
    expectGolden('ttrpc/7c-empty-response-mux.hex', hexLines(out));
  });

  it('7d ConfigureResponse{events 7} in mux form, answering the 7f Configure', async () => {
    let seen: Uint8Array | undefined;
    const configure: Handler = (payload) => {
      seen = payload;
      return Uint8Array.of(0x10, 0x07);
    };
    const out = await serverReply({ Configure: configure }, V7F, true);
    expect(hex(seen!)).toBe('120a636f6e7461696e6572641a0776312e372e3234');
    expect(hex(out.subarray(8))).toBe(hex(unhex('00000004 00000001 0200 12021007')));
    expect(hex(out)).toBe(hex(unhex('00000001 0000000e 00000004 00000001 0200 12021007')));
    expectGolden('ttrpc/7d-configure-response-mux.hex', hexLines(out));
  });

  it('7d ConfigureResponse{events 7} in plain ttrpc form (14 bytes)', async () => {
    const out = await serverReply({ Configure: () => Uint8Array.of(0x10, 0x07) }, V7F.subarray(8), false);
    expect(hex(out)).toBe(hex(unhex('00000004 00000001 0200 12021007')));
    expectGolden('ttrpc/7d-configure-response.hex', hexLines(out));
  });

  it('7e Unimplemented reply for "method RunPodSandbox" on stream 3 (36 bytes)', async () => {
    const out = await serverReply({ StateChange: () => new Uint8Array(0) }, request(3, PLUGIN, 'RunPodSandbox', unhex('0a00')), false);
    const want = unhex('0000001a 00000003 0200 0a18 080c 1214 6d6574686f642052756e506f6453616e64626f78');
    expect(want.length).toBe(36);
    expect(hex(out)).toBe(hex(want));
    expectGolden('ttrpc/7e-unimplemented.hex', hexLines(out));
  });

  it('7e layout: containerd\'s own reply for "method NoSuchMethod"', async () => {
    const out = await serverReply({}, request(3, PLUGIN, 'NoSuchMethod', new Uint8Array(0)), false);
    expect(hex(out)).toBe(hex(Buffer.concat([unhex('00000019 00000003 0200 0a17 080c 1213'), Buffer.from('method NoSuchMethod')])));
  });
});

describe('golden vectors, runtime side (decoded)', () => {
  async function decodeOnConn1(bytes: Uint8Array) {
    const socket = new Capture();
    const conn = new Mux(socket).open(1);
    const decoder = new FrameDecoder();
    const frames: ReturnType<FrameDecoder['push']> = [];
    conn.on('data', (c: Buffer) => frames.push(...decoder.push(c)));
    socket.inject(bytes);
    await tick();
    expect(frames).toHaveLength(1);
    const f = frames[0]!;
    if (f.kind !== 'frame') throw new Error('oversize');
    return { streamId: f.streamId, type: f.type, flags: f.flags, req: Request.decode(f.data) };
  }

  it('7f Configure request (illustrative, 87 bytes)', async () => {
    expect(V7F.length).toBe(87);
    const { streamId, type, flags, req } = await decodeOnConn1(V7F);
    expect({ streamId, type, flags, service: req.service, method: req.method, timeoutNano: req.timeoutNano, metadata: req.metadata }).toEqual({
      streamId: 1,
      type: 1,
      flags: 0,
      service: PLUGIN,
      method: 'Configure',
      timeoutNano: 1_999_990_000,
      metadata: [],
    });
    expect(hex(req.payload!)).toBe('120a636f6e7461696e6572641a0776312e372e3234');
    expectGolden('ttrpc/7f-configure-request.json', `${JSON.stringify({ streamId, type, flags, ...req, payload: hex(req.payload!) }, null, 2)}\n`);
  });

  it('7f Configure request (real containerd 1.7.24, 90 bytes)', async () => {
    expect(V7F_REAL.length).toBe(90);
    const { req } = await decodeOnConn1(V7F_REAL);
    expect(req.timeoutNano).toBe(1_999_952_970);
    expect(Buffer.from(req.payload!).subarray(14).toString()).toBe('1.7.24~ds1');
    expectGolden('ttrpc/7f-configure-request-real.json', `${JSON.stringify({ ...req, payload: hex(req.payload!) }, null, 2)}\n`);
  });

  it('the 7d ConfigureResponse and the 7c responses decode as success on the client', async () => {
    const cases: [string, string][] = [
      ['00000000 00000001 0200', ''], // 7c as Go sends it
      ['00000002 00000001 0200 0a00', ''], // explicit OK status
      ['00000006 00000001 0200 0a00 12021007', '1007'], // explicit OK status with a payload
      ['00000004 00000001 0200 12021007', '1007'], // 7d
    ];
    for (const [bytes, payload] of cases) {
      const s = new Capture();
      const client = new Client(s);
      const p = client.call(PLUGIN, 'Configure', new Uint8Array(0));
      s.inject(bytes);
      expect(hex(await p)).toBe(payload);
      client.close();
    }
  });

  it('7c as containerd answers RegisterPlugin on conn 2 decodes as success', async () => {
    const socket = new Capture();
    const client = new Client(new Mux(socket).open(2));
    const p = client.call(RUNTIME, 'RegisterPlugin', REGISTER_PLUGIN_REQUEST);
    socket.inject('00000002 0000000a 00000000 00000001 0200');
    expect((await p).length).toBe(0);
    client.close();
  });
});

describe('int64 timeout_nano', () => {
  it.each([
    [5_000_000_000, '2080e497d012'],
    [1_999_990_000, '20f0d9d5b907'],
    [1_999_952_970, '20cab8d3b907'],
    [2 ** 31, '208080808008'],
    [Number.MAX_SAFE_INTEGER, '20ffffffffffffff0f'],
    [-1, '20ffffffffffffffffff01'],
  ])('%d encodes as %s and decodes exactly', (value, want) => {
    const bytes = Request.encode({ timeoutNano: value }).finish();
    expect(hex(bytes)).toBe(want);
    expect(Request.decode(bytes).timeoutNano).toBe(value);
  });
});
