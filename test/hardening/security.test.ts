// The security model's claims (SECURITY.md), each enforced here or in the test it names.
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCni } from '../../src/cni/index.js';
import { checkOwnFolder } from '../../src/runtime/cache-dir.js';
import { MAIN, ROOT } from '../support/cli.js';
import { fakeBackend } from '../support/fakes/backend.js';
import { tally } from '../support/tally.js';

const CAP = 'io.kubernetes.cri.pod-annotations';
/** The CNI environment of an ADD every case here starts from. */
const ADD_ENV = {
  PATH: process.env.PATH,
  CNI_COMMAND: 'ADD',
  CNI_CONTAINERID: 'c1',
  CNI_NETNS: '/run/netns/none',
  CNI_IFNAME: 'eth0',
  CNI_PATH: '/opt/cni/bin',
};
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hcnproxyctl-sec-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'gen' ? [] : sources(p);
    return p.endsWith('.ts') ? [p] : [];
  });
}

const conf = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    cniVersion: '1.0.0',
    name: 'net',
    type: 'hcnproxyctl',
    policy: { outboundPort: 15001, proxyUid: 1337 },
    prevResult: { cniVersion: '1.0.0', interfaces: [{ name: 'eth0' }], ips: [{ address: '10.1.0.5/24', interface: 0 }] },
    ...extra,
  });

describe('security model', () => {
  it('no shell: one module spawns processes, with argument arrays and never a shell', () => {
    const spawning = sources(path.join(ROOT, 'src')).filter((f) => /child_process/.test(fs.readFileSync(f, 'utf8')));
    expect(spawning.map((f) => path.relative(ROOT, f))).toEqual(['src/nft/exec.ts']);
    const text = fs.readFileSync(path.join(ROOT, 'src/nft/exec.ts'), 'utf8');
    expect(text).not.toMatch(/shell\s*:/);
    // child_process is used for exactly one call: spawn(file, args-array, options).
    expect(text.match(/childProcess\(\)\.\w+\([^)]*/g)).toEqual([
      "childProcess().spawn(file, args, { stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] }",
    ]);
  });

  it('hostile container IDs, netns paths, interface names and annotation values run nothing', () => {
    const mark = path.join(tmp, `pwned-${randomBytes(4).toString('hex')}`);
    const hostile = [`$(touch ${mark})`, `\`touch ${mark}\``, `x; touch ${mark}`, `x\ntouch ${mark}`, '../../../etc/passwd'];
    for (const h of hostile) {
      for (const [k, v] of [
        ['CNI_CONTAINERID', h],
        ['CNI_NETNS', `/run/netns/${h}`],
        ['CNI_IFNAME', h],
      ] as const) {
        const env = {
          ...ADD_ENV,
          [k]: v,
        };
        for (const nftMode of ['auto', 'exec']) {
          tally('inputs');
          const r = spawnSync(process.execPath, [MAIN], {
            env,
            input: conf({ nftMode, runtimeConfig: { [CAP]: { 'hcnproxyctl.io/enabled': 'true', 'hcnproxyctl.io/exclude-outbound-ips': h } } }),
            encoding: 'utf8',
          });
          expect(r.status).toBe(1);
          expect(JSON.parse(r.stdout)).toMatchObject({ code: expect.any(Number) });
        }
      }
    }
    expect(fs.existsSync(mark)).toBe(false);
  });

  it('logs name the keys the plugin reads, never annotations it does not read', async () => {
    const secret = `TOPSECRET-${randomBytes(6).toString('hex')}`;
    let stderr = '';
    const { PATH: _path, ...env } = ADD_ENV;
    const b = fakeBackend();
    b.fail = 'internal';
    await runCni(
      env,
      {
        readStdin: () =>
          conf({
            logLevel: 'debug',
            runtimeConfig: { [CAP]: { 'hcnproxyctl.io/enabled': 'true', 'example.com/api-token': secret, 'hcnproxyctl.io/bogus': secret } },
          }),
        writeStdout: () => {},
        writeStderr: (t) => {
          stderr += t;
        },
      },
      () => b,
    );
    expect(stderr).toContain('"level":"error"');
    expect(stderr).not.toContain(secret);
  });

  it('log files are created 0640; an unwritable or full log file never breaks the plugin (stderr keeps the lines)', () => {
    const log = path.join(tmp, 'cni.log');
    const env = {
      ...ADD_ENV,
    };
    const ok = spawnSync(process.execPath, [MAIN], { env, input: conf({ logFile: log, logLevel: 'debug' }), encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(fs.statSync(log).mode & 0o777).toBe(0o640);
    for (const logFile of ['/dev/full', '/proc/version']) {
      const r = spawnSync(process.execPath, [MAIN], { env, input: conf({ logFile, logLevel: 'debug' }), encoding: 'utf8' });
      expect(r.status, logFile).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ cniVersion: '1.0.0' });
      expect(r.stderr).toContain('"msg":"pod skipped"');
    }
  });

  it.skipIf(process.getuid?.() !== 0)("the executable's cache folder is refused when another user owns it or others may write it", () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'cache-'));
    fs.chmodSync(dir, 0o700);
    expect(() => checkOwnFolder(dir)).not.toThrow();
    fs.chmodSync(dir, 0o770);
    expect(() => checkOwnFolder(dir)).toThrow(/refusing the cache folder/);
    fs.chmodSync(dir, 0o700);
    fs.chownSync(dir, 65534, 65534);
    expect(() => checkOwnFolder(dir)).toThrow(/owned by uid 0/);
  });
});
