// check's view of the NRI face: daemons found by their command line (a fake /proc), each asked /readyz
// over its --metrics-address (a real HTTP server on loopback), and a pre-installed plugin.
import fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askReadiness, findNriPlugins, type NriProcess } from '../../../src/nri/presence.js';
import { METRICS_PATHS } from '../../../src/nri/defaults.js';

let dir: string;
const proc = (pid: number, argv: string[]) => {
  fs.mkdirSync(path.join(dir, 'proc', String(pid)), { recursive: true });
  fs.writeFileSync(path.join(dir, 'proc', String(pid), 'cmdline'), `${argv.join('\0')}\0`);
};

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'presence-'));
  proc(10, ['/usr/local/bin/hcnproxyctl', 'nri', '--metrics-address', '127.0.0.1:9464']);
  proc(11, ['/usr/bin/node', '/srv/hcnproxyctl/dist/main.cjs', 'nri', '--metrics-address=:9465']);
  proc(12, ['/opt/nri/plugins/10-hcnproxyctl']);
  proc(13, ['/usr/local/bin/hcnproxyctl', 'check']); // ours, but not the daemon
  proc(14, ['/usr/bin/containerd']);
  fs.mkdirSync(path.join(dir, 'proc', 'self'));
  fs.mkdirSync(path.join(dir, 'plugins'));
  fs.writeFileSync(path.join(dir, 'plugins', '10-hcnproxyctl'), '');
  fs.writeFileSync(path.join(dir, 'plugins', '20-other'), '');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('findNriPlugins', () => {
  it('finds the daemon as the executable, as the Node bundle and pre-installed, with each one’s metrics address', () => {
    const found = findNriPlugins(path.join(dir, 'plugins'), path.join(dir, 'proc'));
    expect(found.running.sort()).toEqual([10, 11, 12]);
    expect(found.plugins.sort((a, b) => a.pid - b.pid)).toEqual([{ pid: 10, metrics: '127.0.0.1:9464' }, { pid: 11, metrics: ':9465' }, { pid: 12 }]);
    expect(found.preinstalled).toBe(path.join(dir, 'plugins', '10-hcnproxyctl'));
  });

  it('no /proc and no plugin path: nothing found, nothing thrown', () => {
    expect(findNriPlugins(path.join(dir, 'none'), path.join(dir, 'none'))).toEqual({ running: [], plugins: [] });
  });
});

describe('askReadiness', () => {
  let server: Server;
  let port = 0;
  let ready = true;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === METRICS_PATHS.ready) res.writeHead(ready ? 200 : 503).end(ready ? 'ready\n' : 'not ready: not synchronized\n');
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('ready, not ready, unreachable, and unknown without metrics', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    const up: NriProcess[] = [{ pid: 1, metrics: `:${port}` }, { pid: 2 }, { pid: 3, metrics: `127.0.0.1:${closedPort}` }];
    await askReadiness(up, 2000);
    expect(up[0]).toMatchObject({ ready: true, readiness: 'ready' });
    expect(up[1]).toEqual({ pid: 2 });
    expect(up[2]!.ready).toBe(false);
    expect(up[2]!.readiness).toMatch(new RegExp(`^no answer from 127\\.0\\.0\\.1:${closedPort}/readyz`));

    ready = false;
    const down: NriProcess[] = [{ pid: 1, metrics: `0.0.0.0:${port}` }];
    await askReadiness(down, 2000);
    expect(down[0]).toMatchObject({ ready: false, readiness: 'not ready: not synchronized' });
  });
});
