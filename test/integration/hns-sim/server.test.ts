// The listener and the async client, in-process (both sides are async here; only koffi callers need a
// separate simulator process).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleSeed } from '../../support/hns-sim.js';
import { parseAddress } from '../../support/hns-sim/address.js';
import { simCall, simControl, simRequest } from '../../support/hns-sim/client.js';
import { handlePayload } from '../../support/hns-sim/dispatch.js';
import { guidToBytes } from '../../support/hns-sim/guid.js';
import { parseSeed } from '../../support/hns-sim/seed.js';
import { serve } from '../../support/hns-sim/server.js';
import type { RunningServer } from '../../support/hns-sim/server.js';
import { createSim } from '../../support/hns-sim/sim.js';
import { guid, wstr } from '../../support/hns-sim/wire.js';

const seed = sampleSeed();
let dir: string;
const logs: string[] = [];
const start = (listen: string): Promise<RunningServer> => {
  const sim = createSim(parseSeed(seed));
  return serve(
    listen,
    (p) => handlePayload(sim, p),
    (l) => logs.push(l),
  );
};

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hns-sim-server-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('addresses', () => {
  it.each([
    ['127.0.0.1:0', { kind: 'tcp', host: '127.0.0.1', port: 0 }],
    ['localhost:8080', { kind: 'tcp', host: 'localhost', port: 8080 }],
    ['/tmp/hns.sock', { kind: 'unix', path: '/tmp/hns.sock' }],
    ['/tmp/a:1', { kind: 'unix', path: '/tmp/a:1' }],
    ['hns.sock', { kind: 'unix', path: 'hns.sock' }],
    ['host:port', { kind: 'unix', path: 'host:port' }],
  ])('%s', (addr, expected) => {
    expect(parseAddress(addr)).toEqual(expected);
  });

  it('refuses a port above 65535', () => {
    expect(() => parseAddress('127.0.0.1:70000')).toThrow(/out of range/);
  });
});

describe('server', () => {
  it('serves HCN calls and control requests on a Unix socket, and removes it on close', async () => {
    const sock = path.join(dir, 'a.sock');
    const server = await start(sock);
    expect(server.address).toBe(sock);
    const res = await simCall(sock, 'HcnOpenEndpoint', [guid(guidToBytes(seed.Endpoints[2]!.ID))]);
    expect(res.hresult).toBe(0);
    expect(res.outs[0]).toMatchObject({ type: 'handle' });
    expect(await simControl(sock, { op: 'handles' })).toMatchObject({ ok: true, handles: 1 });
    await server.close();
    expect(fs.existsSync(sock)).toBe(false);
  });

  it('binds port 0 to a real port and reports it', async () => {
    const server = await start('127.0.0.1:0');
    try {
      expect(server.address).toMatch(/^127\.0\.0\.1:[1-9][0-9]*$/);
      const res = await simCall(server.address, 'HNSCall', [wstr('GET'), wstr('/globals/version'), null]);
      expect(res.outs[0]).toEqual(wstr('{"Success":true,"Error":"","Output":{"Major":13,"Minor":2}}'));
    } finally {
      await server.close();
    }
  });

  it('replaces a stale socket file but never a regular file', async () => {
    const stale = path.join(dir, 'stale.sock');
    // A process killed while listening leaves its socket file behind.
    const script = `require('node:net').createServer().listen(${JSON.stringify(stale)}, () => process.kill(process.pid, 'SIGKILL'))`;
    spawnSync(process.execPath, ['-e', script]);
    expect(fs.lstatSync(stale).isSocket()).toBe(true);
    const server = await start(stale);
    expect(await simControl(stale, { op: 'counts' })).toMatchObject({ ok: true });
    await server.close();
    fs.writeFileSync(path.join(dir, 'plain'), 'x');
    await expect(start(path.join(dir, 'plain'))).rejects.toThrow(/is not a socket/);
    expect(fs.readFileSync(path.join(dir, 'plain'), 'utf8')).toBe('x');
  });

  it('answers a control request that is not JSON', async () => {
    const server = await start(path.join(dir, 'b.sock'));
    try {
      const answer = await simRequest(server.address, Buffer.concat([Buffer.of(2), Buffer.from('{op')]));
      expect(JSON.parse(answer.toString())).toMatchObject({ ok: false, error: expect.stringContaining('not JSON') });
    } finally {
      await server.close();
    }
  });

  it('drops a connection that sends a malformed request, and keeps serving', async () => {
    const server = await start(path.join(dir, 'c.sock'));
    try {
      await expect(simRequest(server.address, Buffer.of(1, 1, 0x58, 1, 9))).rejects.toThrow(/closed without an answer/);
      expect(logs.join('\n')).toContain('unknown tag 9');
      expect(await simControl(server.address, { op: 'counts' })).toEqual({ ok: true, counts: {} });
    } finally {
      await server.close();
    }
  });

  it('a client times out against a silent peer', async () => {
    const silent = net.createServer(() => {});
    const sock = path.join(dir, 'silent.sock');
    await new Promise<void>((r) => silent.listen(sock, r));
    try {
      await expect(simRequest(sock, Buffer.of(2), 100)).rejects.toThrow(/no answer within 100 ms/);
    } finally {
      silent.close();
    }
  });
});
