// TCP listeners for the e2e suites: on the bridge gateway (the only host address a pod reaches) and
// inside a pod's network namespace (a process entered with nsenter, standing in for the sidecar proxy).
// Each answers a connection with its tag and records it. Traffic stays on the harness's own bridge.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { createInterface } from 'node:readline';

export interface TagListener {
  readonly port: number;
  /** Remote addresses of the connections received. */
  readonly received: string[];
  close(): Promise<void>;
}

function answer(s: net.Socket, tag: string, received: string[]): void {
  s.setEncoding('utf8');
  let buf = '';
  s.on('data', (d: string) => {
    buf += d;
    if (!buf.includes('\n')) return;
    received.push(String(s.remoteAddress));
    s.end(`${tag}\n`);
  });
  s.on('error', () => {});
}

/** A listener on the gateway address of the harness bridge (port 0: any free port). */
export async function gatewayListener(host: string, tag: string, port = 0): Promise<TagListener> {
  const received: string[] = [];
  const server = net.createServer((s) => answer(s, tag, received));
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen({ host, port }, resolve));
  return { port: (server.address() as net.AddressInfo).port, received, close: () => new Promise((r) => server.close(() => r())) };
}

const IN_NETNS = String.raw`
const net = require('node:net');
const [port, tag] = process.argv.slice(1);
const server = net.createServer((s) => {
  s.setEncoding('utf8');
  let buf = '';
  s.on('data', (d) => { buf += d; if (buf.includes('\n')) { console.log(JSON.stringify({ from: s.remoteAddress })); s.end(tag + '\n'); } });
  s.on('error', () => {});
});
server.listen({ host: '0.0.0.0', port: Number(port) }, () => console.log(JSON.stringify({ listening: true })));
`;

/** A listener inside a network namespace (by path), killed by close(). */
export async function netnsListener(netnsPath: string, port: number, tag: string): Promise<TagListener> {
  const child: ChildProcess = spawn('nsenter', [`--net=${netnsPath}`, '--', process.execPath, '-e', IN_NETNS, String(port), tag], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const received: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`listener ${tag} in ${netnsPath} did not start`)), 10_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = JSON.parse(line) as { listening?: boolean; from?: string };
      if (m.listening) {
        clearTimeout(timer);
        resolve();
      }
      if (m.from) received.push(m.from);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`listener ${tag} exited with ${code}`));
    });
  });
  return {
    port,
    received,
    close: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}
