// The single executables (build/sea.mjs, built by the test command before the suites): the Linux one
// run as a user and a runtime run it — `version`, the CNI plugin (VERSION, ADD of a pod that is not
// opted in), NODE_OPTIONS ignored, koffi's native module extracted to the cache folder and used against
// the HNS simulator — and the Windows one checked as a file (PE32+, the SEA resource, no signature).
// Its behaviour under Wine is test/support/wine's.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/cli.js';
import { sampleSeed, startHnsSim } from '../support/hns-sim.js';

const EXE = path.join(ROOT, 'dist', 'hcnproxyctl');
const WIN_EXE = path.join(ROOT, 'dist', 'hcnproxyctl.exe');
const CAP = 'io.kubernetes.cri.pod-annotations';

const missing = !fs.existsSync(EXE);
if (missing) {
  const why = `${EXE} is missing: run \`npm run build:exe\` (npm test builds it)`;
  if (process.env.CI === 'true') throw new Error(`single-executable suite cannot run in CI: ${why}`);
  console.warn(`SKIPPING the single-executable suite: ${why}`);
}

/** The executable's cache folder for this suite (as root it would otherwise be /var/cache/hcnproxyctl). */
const suiteCache = fs.mkdtempSync(path.join(os.tmpdir(), 'hcnproxyctl-sea-cache-'));
afterAll(() => fs.rmSync(suiteCache, { recursive: true, force: true }));

/** A clean environment: nothing of the test runner's that could change the executable's face. */
function run(args: string[], env: Record<string, string> = {}, input = '') {
  const r = spawnSync(EXE, args, {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', HCNPROXYCTL_CACHE_DIR: suiteCache, ...env },
    input,
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.skipIf(missing)('dist/hcnproxyctl (linux-x64 single executable)', () => {
  it('prints version, commit, Node version and platform', () => {
    const r = run(['version']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/^hcnproxyctl \d+\.\d+\.\d+\S* \(commit [0-9a-f]{12}|unknown, node v22\.23\.3, linux-x64\)\n$/);
    expect(r.stdout).toContain('node v22.23.3, linux-x64');
    // main.ts answers `version` alone without the CLI bundle: the same text as the CLI's command.
    expect(run(['version', '--output', 'text'])).toEqual(r);
    expect(JSON.parse(run(['version', '--output', 'json']).stdout)).toMatchObject({ node: 'v22.23.3', platform: 'linux-x64' });
  });

  it('is a CNI plugin: VERSION', () => {
    const r = run([], { CNI_COMMAND: 'VERSION' }, '{"cniVersion":"1.0.0"}');
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(r.stdout)).toMatchObject({ supportedVersions: expect.arrayContaining(['0.3.1', '1.0.0', '1.1.0']) });
  });

  it('is a CNI plugin: ADD of a pod that is not opted in prints prevResult and nothing else', () => {
    const prevResult = {
      cniVersion: '1.0.0',
      interfaces: [{ name: 'eth0', sandbox: '/run/netns/sea-test' }],
      ips: [{ address: '198.18.95.7/24', interface: 0 }],
    };
    const conf = { cniVersion: '1.0.0', name: 'sea', type: 'hcnproxyctl', capabilities: { [CAP]: true }, prevResult, runtimeConfig: { [CAP]: { app: 'web' } } };
    const r = run(
      [],
      { CNI_COMMAND: 'ADD', CNI_CONTAINERID: 'sea-test', CNI_NETNS: '/run/netns/sea-test', CNI_IFNAME: 'eth0', CNI_PATH: '/usr/lib/cni' },
      JSON.stringify(conf),
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(prevResult);
    expect(r.stdout.trim()).toBe(JSON.stringify(prevResult));
  });

  it('keeps a V8 code cache of the CNI bundle in its cache folder, and survives a broken one', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hcnproxyctl-code-cache-'));
    try {
      const version = () => run([], { CNI_COMMAND: 'VERSION', HCNPROXYCTL_CACHE_DIR: dir }, '{"cniVersion":"1.0.0"}');
      const first = version();
      expect(first).toMatchObject({ code: 0, stderr: '' });
      const codeDir = path.join(dir, 'code-v22.23.3');
      const [file] = fs.readdirSync(codeDir);
      expect(file).toMatch(/^cni\.cjs-[0-9a-f]{16}\.v8$/);
      expect(fs.statSync(path.join(codeDir, file!)).mode & 0o777).toBe(0o600);
      expect(version()).toEqual(first);
      fs.writeFileSync(path.join(codeDir, file!), 'not a code cache');
      expect(version()).toEqual(first); // rejected by V8, compiled from source, written again
      expect(fs.readFileSync(path.join(codeDir, file!)).length).toBeGreaterThan(1000);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('ignores NODE_OPTIONS (execArgvExtension "none")', () => {
    const plain = run(['version']);
    for (const opts of ['--require /nonexistent/hook.js', '--max-old-space-size=1']) {
      expect(run(['version'], { NODE_OPTIONS: opts })).toEqual(plain);
    }
  });

  it('loads feature bundles from its assets (lookup --help, an unknown command)', () => {
    const help = run(['lookup', '--help']);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toMatch(/^Usage: hcnproxyctl lookup/);
    expect(run(['no-such-command']).code).not.toBe(0);
  });

  describe('koffi from the embedded asset, against the HNS simulator', () => {
    let sim: Awaited<ReturnType<typeof startHnsSim>>;
    let cacheDir: string;
    const seed = sampleSeed();
    const EP = seed.Endpoints[0]!.ID;

    beforeAll(async () => {
      sim = await startHnsSim(seed);
      cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hcnproxyctl-sea-cache-'));
    });
    afterAll(async () => {
      await sim?.stop();
      if (cacheDir) fs.rmSync(cacheDir, { recursive: true, force: true });
    });

    const koffiFiles = (): string[] => (fs.readdirSync(cacheDir, { recursive: true }) as string[]).filter((f) => path.basename(f) === 'koffi.node');

    it('version does not extract the native module', () => {
      expect(run(['version'], { HCNPROXYCTL_CACHE_DIR: cacheDir }).code).toBe(0);
      expect(koffiFiles()).toEqual([]);
    });

    it('add / list extract koffi.node once into HCNPROXYCTL_CACHE_DIR and work', () => {
      const env = { ...sim.env, HCNPROXYCTL_CACHE_DIR: cacheDir };
      const add = run(['add', EP, '--inbound-port', '9091', '--outbound-port', '9191', '--usersid', 'S-1-5-32-556'], env);
      expect(add).toMatchObject({ code: 0, stdout: 'Successfully added the policy\n', stderr: '' });
      const files = koffiFiles();
      expect(files).toHaveLength(1);
      expect(files[0]).toMatch(/^3\.\d+\.\d+-[0-9a-f]{12}[/\\]koffi\.node$/);
      const file = path.join(cacheDir, files[0]!);
      const st = fs.statSync(file);
      expect(st.mode & 0o022).toBe(0);
      expect(fs.statSync(path.dirname(file)).mode & 0o077).toBe(0);

      const list = run(['list', EP, '--output', 'json'], env);
      expect(list).toMatchObject({ code: 0, stderr: '' });
      expect(JSON.parse(list.stdout)).toMatchObject({ endpoint: EP, policies: [{ Type: 'L4WFPPROXY' }] });
      expect(fs.statSync(file).mtimeMs).toBe(st.mtimeMs); // reused, not rewritten
      expect(fs.readdirSync(path.dirname(file))).toEqual(['koffi.node']); // no temp file left
    });

    it('refuses a group/world-writable cache folder', () => {
      const open = fs.mkdtempSync(path.join(os.tmpdir(), 'hcnproxyctl-sea-open-'));
      try {
        const tag = path.dirname(koffiFiles()[0]!);
        fs.mkdirSync(path.join(open, tag), { mode: 0o777 });
        fs.chmodSync(path.join(open, tag), 0o777);
        const r = run(['list', EP], { ...sim.env, HCNPROXYCTL_CACHE_DIR: open });
        expect(r.code).not.toBe(0);
        expect(r.stderr).toMatch(/refusing the cache folder .* it must be a directory owned by uid \d+ and not group\/world-writable/);
        expect(fs.readdirSync(path.join(open, tag))).toEqual([]);
      } finally {
        fs.rmSync(open, { recursive: true, force: true });
      }
    });
  });
});

describe.skipIf(missing)('dist/hcnproxyctl.exe (win-x64 single executable), as a file', () => {
  it('is a PE32+ image with the NODE_SEA_BLOB resource and no Authenticode security directory', () => {
    expect(fs.existsSync(WIN_EXE)).toBe(true);
    const buf = fs.readFileSync(WIN_EXE);
    expect(buf.toString('latin1', 0, 2)).toBe('MZ');
    const pe = buf.readUInt32LE(0x3c);
    expect(buf.toString('latin1', pe, pe + 4)).toBe('PE\0\0');
    const opt = pe + 24;
    expect(buf.readUInt16LE(opt)).toBe(0x20b); // PE32+
    expect(buf.readUInt16LE(pe + 4)).toBe(0x8664); // x86-64
    const security = opt + 112 + 4 * 8;
    expect([buf.readUInt32LE(security), buf.readUInt32LE(security + 4)]).toEqual([0, 0]);
    // Resource names are UTF-16LE in the resource directory.
    expect(buf.includes(Buffer.from('NODE_SEA_BLOB', 'utf16le'))).toBe(true);
    // The fuse is flipped: the sentinel is followed by ":1".
    expect(buf.includes(Buffer.from('NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2:1', 'latin1'))).toBe(true);
  });
});
