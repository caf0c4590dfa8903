// The simulator's listener: a Unix socket path or HOST:PORT (port 0 = any free port). Frames in, frames out.
import fs from 'node:fs';
import net from 'node:net';
import { formatAddress, parseAddress } from './address.js';
import { FrameReader, frame } from './wire.js';

export interface RunningServer {
  /** The bound address (the real port when port 0 was asked). */
  address: string;
  close(): Promise<void>;
}

export type PayloadHandler = (payload: Buffer) => Buffer;

function removeStaleSocket(path: string): void {
  const st = fs.lstatSync(path, { throwIfNoEntry: false });
  if (!st) return;
  if (!st.isSocket()) throw new Error(`${path} exists and is not a socket; refusing to replace it`);
  fs.rmSync(path);
}

function onConnection(sock: net.Socket, handle: PayloadHandler, log: (line: string) => void): void {
  const reader = new FrameReader();
  sock.on('error', () => sock.destroy());
  sock.on('data', (chunk) => {
    try {
      for (const payload of reader.push(chunk)) sock.write(frame(handle(payload)));
    } catch (e) {
      log(`hns-sim: dropping connection: ${(e as Error).message}`);
      sock.destroy();
    }
  });
}

export async function serve(listen: string, handle: PayloadHandler, log: (line: string) => void): Promise<RunningServer> {
  const addr = parseAddress(listen);
  if (addr.kind === 'unix') removeStaleSocket(addr.path);
  const sockets = new Set<net.Socket>();
  const server = net.createServer((sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    onConnection(sock, handle, log);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    if (addr.kind === 'unix') server.listen({ path: addr.path }, resolve);
    else server.listen({ host: addr.host, port: addr.port }, resolve);
  });
  const bound = server.address();
  const address =
    addr.kind === 'tcp' && bound !== null && typeof bound === 'object'
      ? formatAddress({ kind: 'tcp', host: addr.host, port: bound.port })
      : formatAddress(addr);
  return {
    address,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (addr.kind === 'unix') fs.rmSync(addr.path, { force: true });
    },
  };
}
