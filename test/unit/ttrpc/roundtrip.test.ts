// Client and server end to end, directly on a Unix socket and through two Mux ends on one socket
// (plugin: server on conn 1, client on conn 2; runtime: the reverse, as in NRI).
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Mux } from '../../../src/nri/stub/mux.js';
import { Client, Request, Server, TtrpcError, type CallContext, type ClientOptions, type ServerOptions } from '../../../src/ttrpc/index.js';

const SVC = 'test.v1.Echo';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const text = (s: string) => new TextEncoder().encode(s);
const str = (b: Uint8Array) => new TextDecoder().decode(b);

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ttrpc-test-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A connected pair of Unix sockets. */
async function socketPair(): Promise<[net.Socket, net.Socket]> {
  const file = path.join(dir, `s${Math.random().toString(36).slice(2)}.sock`);
  const listener = net.createServer();
  await new Promise<void>((r) => listener.listen(file, r));
  const accepted = new Promise<net.Socket>((r) => listener.once('connection', r));
  const client = net.connect(file);
  await new Promise((r) => client.once('connect', r));
  const server = await accepted;
  listener.close();
  return [client, server];
}

const seen: CallContext[] = [];

const methods = {
  /** Answers the payload after `delay` ms, given as "delay:text". */
  Echo: async (payload: Uint8Array) => {
    const [delay, rest] = str(payload).split(':');
    await sleep(Number(delay));
    return text(rest ?? '');
  },
  Fail: (payload: Uint8Array) => {
    const [code, message] = str(payload).split(':');
    if (code === 'plain') throw new Error(message);
    throw new TtrpcError(Number(code), message ?? '');
  },
  Context: (_p: Uint8Array, ctx: CallContext) => {
    return text(JSON.stringify({ timeoutMs: ctx.timeoutMs, metadata: ctx.metadata }));
  },
  Size: (payload: Uint8Array) => text(String(payload.length)),
  Big: (payload: Uint8Array) => new Uint8Array(Number(str(payload))),
  /** Answers only when its signal aborts. */
  Hang: (_p: Uint8Array, ctx: CallContext) =>
    new Promise<Uint8Array>((resolve) => {
      seen.push(ctx);
      ctx.signal.addEventListener('abort', () => resolve(new Uint8Array(0)));
    }),
};

interface Setup {
  client: Client;
  /** Ends the transport from the server's side (the peer goes away). */
  dropPeer(): void;
  close(): void;
}

async function direct(serverOpts: ServerOptions, clientOpts: ClientOptions): Promise<Setup> {
  const [a, b] = await socketPair();
  const server = new Server({ [SVC]: methods }, serverOpts);
  server.serve(b);
  const client = new Client(a, clientOpts);
  const close = () => {
    client.close();
    server.close();
  };
  return { client, dropPeer: () => b.destroy(), close };
}

/** Both mux ends serve and call; `side` picks whose client the tests drive. */
async function viaMux(side: 'plugin' | 'runtime', serverOpts: ServerOptions, clientOpts: ClientOptions): Promise<Setup> {
  const [a, b] = await socketPair();
  const plugin = new Mux(a);
  const runtime = new Mux(b);
  const server = new Server({ [SVC]: methods }, serverOpts);
  server.serve(plugin.open(1));
  server.serve(runtime.open(2));
  const pluginClient = new Client(plugin.open(2), clientOpts);
  const runtimeClient = new Client(runtime.open(1), clientOpts);
  const client = side === 'plugin' ? pluginClient : runtimeClient;
  const peer = side === 'plugin' ? runtime : plugin;
  const close = () => {
    plugin.close();
    runtime.close();
  };
  return { client, dropPeer: () => peer.close(), close };
}

const transports: [string, (s: ServerOptions, c: ClientOptions) => Promise<Setup>][] = [
  ['a Unix socket', direct],
  ['the mux, plugin → runtime on conn 2', (s, c) => viaMux('plugin', s, c)],
  ['the mux, runtime → plugin on conn 1', (s, c) => viaMux('runtime', s, c)],
];

describe.each(transports)('over %s', (_name, make) => {
  let t: Setup;
  const open = async (s: ServerOptions = {}, c: ClientOptions = {}) => {
    t?.close();
    t = await make(s, c);
    return t.client;
  };
  afterEach(() => t?.close());

  it('runs calls concurrently and matches responses answered out of order', async () => {
    const client = await open();
    const order: string[] = [];
    const calls = ['60:a', '30:b', '0:c'].map((p) =>
      client.call(SVC, 'Echo', text(p)).then((r) => {
        order.push(str(r));
        return str(r);
      }),
    );
    expect(await Promise.all(calls)).toEqual(['a', 'b', 'c']);
    expect(order).toEqual(['c', 'b', 'a']);
  });

  it('answers an unknown service or method with 12', async () => {
    const client = await open();
    await expect(client.call('no.such.Service', 'Echo', text(''))).rejects.toMatchObject({ code: 12, message: 'service no.such.Service' });
    await expect(client.call(SVC, 'NoSuchMethod', text(''))).rejects.toMatchObject({ code: 12, message: 'method NoSuchMethod' });
    await expect(client.call(SVC, 'toString', text(''))).rejects.toMatchObject({ code: 12, message: 'method toString' });
  });

  it('passes handler error codes; other errors become 2 Unknown', async () => {
    const client = await open();
    await expect(client.call(SVC, 'Fail', text('5:not here'))).rejects.toMatchObject({ name: 'TtrpcError', code: 5, message: 'not here' });
    await expect(client.call(SVC, 'Fail', text('plain:boom'))).rejects.toMatchObject({ code: 2, message: 'boom' });
    expect(str(await client.call(SVC, 'Echo', text('0:still fine')))).toBe('still fine');
  });

  it('times out locally, sends the deadline as timeout_nano, drops the late answer', async () => {
    const client = await open({}, { timeoutMs: 5000 });
    await expect(client.call(SVC, 'Echo', text('200:late'), { timeoutMs: 50 })).rejects.toMatchObject({ code: 4, message: 'context deadline exceeded' });
    expect(JSON.parse(str(await client.call(SVC, 'Context', text(''))))).toEqual({ timeoutMs: 5000, metadata: {} });
    expect(JSON.parse(str(await client.call(SVC, 'Context', text(''), { timeoutMs: 1999.99 })))).toMatchObject({ timeoutMs: 1999.99 });
    await sleep(200); // the late answer arrives and is dropped
    expect(str(await client.call(SVC, 'Echo', text('0:next')))).toBe('next');
  });

  it('passes metadata to the handler; no deadline means no timeoutMs', async () => {
    const client = await open();
    const md = { 'containerd-namespace-ttrpc': 'k8s.io', traceparent: '00-1-2-01' };
    expect(JSON.parse(str(await client.call(SVC, 'Context', text(''), { metadata: md })))).toEqual({ metadata: md });
  });

  it('answers an oversize request with 8 and keeps the connection working', async () => {
    const client = await open();
    const payload = new Uint8Array(4_194_305);
    const n = Request.encode({ service: SVC, method: 'Size', payload: Buffer.from(payload) }).finish().length;
    await expect(client.call(SVC, 'Size', payload)).rejects.toMatchObject({ code: 8, message: `message length ${n} exceed maximum message size of 4194304` });
    expect(str(await client.call(SVC, 'Size', new Uint8Array(4_000_000)))).toBe('4000000');
  });

  it('accepts up to 16 MiB when configured, both ways', async () => {
    const client = await open({ maxDataLength: 16 << 20 }, { maxDataLength: 16 << 20 });
    expect(str(await client.call(SVC, 'Size', new Uint8Array(5_000_000)))).toBe('5000000');
    expect((await client.call(SVC, 'Big', text('5000000'))).length).toBe(5_000_000);
  });

  it("fails only the call whose response is over the client's limit", async () => {
    const client = await open();
    await expect(client.call(SVC, 'Big', text('4194305'))).rejects.toMatchObject({
      code: 8,
      message: 'message length 4194310 exceed maximum message size of 4194304',
    });
    expect(str(await client.call(SVC, 'Echo', text('0:ok')))).toBe('ok');
  });

  it('close() fails pending calls and later ones', async () => {
    const client = await open();
    const pending = client.call(SVC, 'Hang', text(''));
    await sleep(20);
    client.close();
    await expect(pending).rejects.toMatchObject({ code: 14, message: 'ttrpc: closed' });
    await expect(client.call(SVC, 'Echo', text('0:x'))).rejects.toMatchObject({ code: 14 });
    await client.closed;
  });

  it('the peer going away fails pending calls', async () => {
    const client = await open();
    const pending = client.call(SVC, 'Hang', text(''));
    await sleep(20);
    t.dropPeer();
    await expect(pending).rejects.toMatchObject({ code: 14, message: 'ttrpc: closed' });
  });
});

describe('mux', () => {
  it('EOF of the socket closes every conn and fails pending calls on both', async () => {
    const [a, b] = await socketPair();
    const mux = new Mux(a);
    const server = new Server({ [SVC]: methods });
    const runtime = new Mux(b);
    server.serve(runtime.open(2));
    server.serve(runtime.open(1));
    const c1 = new Client(mux.open(1));
    const c2 = new Client(mux.open(2));
    const pending = [c1.call(SVC, 'Hang', text('')), c2.call(SVC, 'Hang', text(''))];
    await sleep(20);
    b.end();
    for (const p of pending) await expect(p).rejects.toMatchObject({ code: 14 });
    await mux.closed;
    expect(a.destroyed).toBe(true);
    runtime.close();
  });

  it('refuses conn 0 and a conn opened twice', () => {
    const mux = new Mux(new net.Socket());
    expect(() => mux.open(0)).toThrow(/invalid conn id 0/);
    mux.open(1);
    expect(() => mux.open(1)).toThrow(/already open/);
    mux.close();
  });

  it("the handler's signal aborts at the caller's deadline", async () => {
    const t = await viaMux('runtime', {}, {});
    seen.length = 0;
    await expect(t.client.call(SVC, 'Hang', text(''), { timeoutMs: 50 })).rejects.toMatchObject({ code: 4 });
    await vi.waitFor(() => expect(seen[0]?.signal.aborted).toBe(true));
    expect(seen[0]!.timeoutMs).toBe(50);
    expect(seen[0]!.signal.reason).toMatchObject({ code: 4, message: 'context deadline exceeded' });
    t.close();
  });
});
