// The runtime side of NRI, in-process: listens on a Unix socket like containerd's NRI socket, serves
// Runtime.RegisterPlugin on mux conn 2 and calls the plugin's methods on conn 1 — built on our own
// ttrpc and mux. For protocol-level tests of the plugin; the real containerd suite is test/e2e.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Empty, RegisterPluginRequest } from '../../../src/gen/nri/api.js';
import { Mux } from '../../../src/nri/stub/mux.js';
import { Client, Server } from '../../../src/ttrpc/index.js';

export interface PluginSession {
  name: string;
  index: string;
  client: Client;
  mux: Mux;
  socket: net.Socket;
  /** Calls a Plugin method; `timeoutMs` is also sent as timeout_nano, like containerd's 2 s budget. */
  call(method: string, payload: Uint8Array, timeoutMs?: number): Promise<Uint8Array>;
  close(): void;
}

/** `socketPath`: listen there (a runtime coming back on the same socket, as containerd does after a restart). */
export async function startFakeNriRuntime(opts: { socketPath?: string } = {}): Promise<{
  socketPath: string;
  sessions: PluginSession[];
  nextSession(timeoutMs?: number): Promise<PluginSession>;
  stop(): Promise<void>;
}> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hcnproxyctl-nri-'));
  const socketPath = opts.socketPath ?? path.join(dir, 'nri.sock');
  fs.rmSync(socketPath, { force: true });
  const sessions: PluginSession[] = [];
  const waiting: ((s: PluginSession) => void)[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    const mux = new Mux(socket);
    const client = new Client(mux.open(1), { maxDataLength: 16 << 20 });
    const runtime = new Server({
      'nri.pkg.api.v1alpha1.Runtime': {
        RegisterPlugin: (payload) => {
          const req = RegisterPluginRequest.decode(payload);
          const session: PluginSession = {
            name: req.pluginName ?? '',
            index: req.pluginIdx ?? '',
            client,
            mux,
            socket,
            call: (method, p, timeoutMs = 2000) => client.call('nri.pkg.api.v1alpha1.Plugin', method, p, { timeoutMs }),
            close: () => {
              client.close();
              mux.close();
              socket.destroy();
            },
          };
          sessions.push(session);
          // Let the reply go out first, as containerd usually does (Configure may also come first).
          setImmediate(() => waiting.shift()?.(session));
          return Empty.encode({}).finish();
        },
      },
    });
    runtime.serve(mux.open(2));
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  return {
    socketPath,
    sessions,
    nextSession: (timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no plugin registered in time')), timeoutMs);
        waiting.push((s) => {
          clearTimeout(timer);
          resolve(s);
        });
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => {
          fs.rmSync(dir, { recursive: true, force: true });
          resolve();
        });
      }),
  };
}
