// One NRI connection: the mux over the socket, our ttrpc server on conn 1 (serving before we register:
// Configure may overtake the RegisterPlugin answer), RegisterPlugin on conn 2. Resolves when the
// runtime goes away (EOF), which is the only shutdown signal containerd gives.
import net from 'node:net';
import { RegisterPluginRequest } from '../../gen/nri/api.js';
import { Client, Server, type Handler } from '../../ttrpc/index.js';
import { Mux } from './mux.js';
import { PLUGIN_SERVICE, PLUGIN_SERVICE_CONN, RUNTIME_SERVICE, RUNTIME_SERVICE_CONN } from './services.js';

/** containerd 1.7.24 sends requests above 4 MiB for pods with large annotations. */
const MAX_MESSAGE = 16 << 20;
const REGISTER_TIMEOUT_MS = 5000;

export type Endpoint = { socketPath: string } | { fd: number };

export interface Connected {
  /** Resolves when the connection is gone. */
  closed: Promise<void>;
  close(): void;
}

export function connectSocket(endpoint: Endpoint): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    if ('fd' in endpoint) {
      // Pre-installed: containerd hands us one end of a socketpair as this descriptor.
      resolve(new net.Socket({ fd: endpoint.fd, readable: true, writable: true }));
      return;
    }
    const s = net.connect(endpoint.socketPath);
    s.once('connect', () => {
      s.removeAllListeners('error');
      resolve(s);
    });
    s.once('error', reject);
  });
}

export async function serveConnection(socket: net.Socket, handlers: Record<string, Handler>, plugin: { name: string; index: string }): Promise<Connected> {
  const mux = new Mux(socket);
  const server = new Server({ [PLUGIN_SERVICE]: handlers }, { maxDataLength: MAX_MESSAGE });
  server.serve(mux.open(PLUGIN_SERVICE_CONN));
  const client = new Client(mux.open(RUNTIME_SERVICE_CONN), { maxDataLength: MAX_MESSAGE, timeoutMs: REGISTER_TIMEOUT_MS });
  const close = () => {
    client.close();
    server.close();
    mux.close();
    socket.destroy();
  };
  try {
    await client.call(RUNTIME_SERVICE, 'RegisterPlugin', RegisterPluginRequest.encode({ pluginName: plugin.name, pluginIdx: plugin.index }).finish());
  } catch (e) {
    // A refused registration leaves the socket open on the runtime's side: close it ourselves.
    close();
    throw e;
  }
  return { closed: mux.closed, close };
}
