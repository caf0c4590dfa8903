// An async client of the simulator for tests and `hns-sim ctl`: one connection per request, like the C double.
import net from 'node:net';
import { parseAddress } from './address.js';
import { FrameReader, decodeHcnResponse, encodeControlRequest, encodeHcnRequest, frame } from './wire.js';
import type { HcnResponse, WireValue } from './wire.js';

/** Sends one framed payload and resolves with the one framed payload that answers it. */
export function simRequest(addr: string, payload: Buffer, timeoutMs = 10_000): Promise<Buffer> {
  const a = parseAddress(addr);
  return new Promise((resolve, reject) => {
    const sock = a.kind === 'unix' ? net.createConnection({ path: a.path }) : net.createConnection({ host: a.host, port: a.port });
    const reader = new FrameReader();
    const done = (err: Error | null, value?: Buffer): void => {
      clearTimeout(timer);
      sock.destroy();
      if (err) reject(err);
      else resolve(value ?? Buffer.alloc(0));
    };
    const timer = setTimeout(() => done(new Error(`hns-sim at ${addr}: no answer within ${timeoutMs} ms`)), timeoutMs);
    sock.on('connect', () => sock.write(frame(payload)));
    sock.on('data', (chunk) => {
      try {
        const [first] = reader.push(chunk);
        if (first) done(null, first);
      } catch (e) {
        done(e as Error);
      }
    });
    sock.on('error', (e) => done(new Error(`hns-sim at ${addr}: ${e.message}`)));
    sock.on('close', () => done(new Error(`hns-sim at ${addr}: connection closed without an answer`)));
  });
}

/** A control request (see control.ts); resolves with the JSON answer, `{ok:false,…}` included. */
export async function simControl(addr: string, request: object): Promise<any> {
  const answer = await simRequest(addr, encodeControlRequest(request));
  return JSON.parse(answer.toString('utf8')) as unknown;
}

/** An HCN call straight over the wire, as the C double would make it. */
export async function simCall(addr: string, name: string, args: readonly WireValue[]): Promise<HcnResponse> {
  return decodeHcnResponse(await simRequest(addr, encodeHcnRequest(name, args)));
}
