// The only module of the Linux backend that spawns processes: `nsenter --net=<netns> -- nft …` with
// argument arrays (never a shell), the script on stdin, a timeout, and nft's own error text kept.
import { spawn } from 'node:child_process';
// Named imports: a default import of a builtin makes the bundle copy all of its exports at load.
import { accessSync, constants, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, delimiter, isAbsolute, join, resolve } from 'node:path';
import type { ProxyPolicy } from '../policy/index.js';
import { asNftJson, describeDifference, normalizeTable, ruleTextsByHandle, type NftJson, type NormalRule } from './compare.js';
import { nftTable, renderTable, ruleText, TABLE_FAMILY, TABLE_NAME } from './render.js';
import { applyScript, removeScript } from './script.js';

export type NftErrorCode = 'NFT_NOT_FOUND' | 'NSENTER_NOT_FOUND' | 'NETNS_NOT_FOUND' | 'NFT_FAILED' | 'TIMEOUT';

export class NftError extends Error {
  constructor(
    readonly code: NftErrorCode,
    message: string,
    /** What the process wrote on stderr (nft's full error text, with its source line and carets). */
    readonly stderr: string = '',
  ) {
    super(message);
    this.name = 'NftError';
  }
}

export interface NftOptions {
  /** The nft binary; default: found in PATH, then /usr/sbin, /sbin, /usr/bin, /bin. */
  nftPath?: string;
  /** The nsenter binary (util-linux); found like nft by default. */
  nsenterPath?: string;
  /** The unshare binary (util-linux), used by checkTable only; found like nft by default. */
  unsharePath?: string;
  /** Per process, in milliseconds; default 10 s. */
  timeoutMs?: number;
}

export type CheckResult = { ok: true } | { ok: false; reason: 'missing' | 'differs'; detail: string };

export type NftAvailability = { ok: true; version: string } | { ok: false; reason: string };

const DEFAULT_TIMEOUT_MS = 10_000;
// CNI plugins run with the container runtime's environment, whose PATH may lack the sbin directories.
const FALLBACK_DIRS = ['/usr/sbin', '/sbin', '/usr/bin', '/bin'];
// A rendered table up to this size is handed to nft as one argument (the kernel's limit for one
// argument is 128 KiB); a larger one goes through a temporary file. See expectedTable().
const MAX_ARGUMENT_BYTES = 100_000;
const TABLE = `${TABLE_FAMILY} ${TABLE_NAME}`;

function isExecutableFile(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** An absolute path to the binary: the override (a path, or a name to search), else PATH then the usual dirs. */
export function findBinary(name: string, override?: string): string | undefined {
  const wanted = override ?? name;
  if (wanted.includes('/')) return isExecutableFile(wanted) ? resolve(wanted) : undefined;
  const dirs = [...(process.env.PATH ?? '').split(delimiter).filter((d) => isAbsolute(d)), ...FALLBACK_DIRS];
  for (const dir of dirs) {
    const file = join(dir, wanted);
    if (isExecutableFile(file)) return file;
  }
  return undefined;
}

const WHERE = `in PATH, ${FALLBACK_DIRS.join(', ')}`;

function nftBinary(opts: NftOptions): string {
  const nft = findBinary('nft', opts.nftPath);
  if (nft) return nft;
  throw new NftError('NFT_NOT_FOUND', opts.nftPath
    ? `nft was not found at ${opts.nftPath}`
    : `nft was not found (looked ${WHERE}): install nftables`);
}

function utilLinuxBinary(name: 'nsenter' | 'unshare', override: string | undefined): string {
  const file = findBinary(name, override);
  if (file) return file;
  throw new NftError('NSENTER_NOT_FOUND', override
    ? `${name} was not found at ${override}`
    : `${name} was not found (looked ${WHERE}): install util-linux`);
}

interface Output {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs one process with an argument array; rejects on timeout, resolves with its exit status otherwise. */
function run(file: string, args: readonly string[], input: string | undefined, timeoutMs: number): Promise<Output> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let done = false;
    const finish = (f: () => void) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      f();
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      const text = Buffer.concat(stderr).toString('utf8');
      finish(() => reject(new NftError('TIMEOUT', `${basename(file)} ${args.join(' ')} did not finish within ${timeoutMs} ms`, text)));
    }, timeoutMs);
    child.stdout?.on('data', (b: Buffer) => stdout.push(b));
    child.stderr?.on('data', (b: Buffer) => stderr.push(b));
    child.on('error', (e) => finish(() => reject(e)));
    child.on('close', (code, signal) => finish(() => resolve({
      status: code ?? (signal ? 128 : 1),
      stdout: Buffer.concat(stdout).toString('utf8'),
      stderr: Buffer.concat(stderr).toString('utf8'),
    })));
    if (child.stdin) {
      child.stdin.on('error', () => { /* the process exited before reading all of its input: its status says why */ });
      child.stdin.end(input);
    }
  });
}

/** nft's error lines ("Error: …"), each with the source line it points at, for a one-line message. */
export function nftErrorText(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trimEnd());
  const out: string[] = [];
  lines.forEach((line, i) => {
    const at = line.indexOf('Error:');
    if (at < 0) return;
    const source = lines[i + 1]?.trim();
    const where = source && !/^[\s^~]*$/.test(source) ? ` (in: ${source})` : '';
    out.push(`${line.slice(at)}${where}`);
  });
  if (out.length > 0) return out.join('; ');
  return lines.filter((l) => l.trim() !== '').join(' ').trim() || '(no error text)';
}

/**
 * Runs `nsenter --net=<netnsPath> -- nft <args>` with `input` on stdin and returns nft's stdout.
 * Throws NftError: NETNS_NOT_FOUND, NFT_NOT_FOUND, NSENTER_NOT_FOUND, NFT_FAILED (quoting nft), TIMEOUT.
 */
export async function nftInNetns(netnsPath: string, args: readonly string[], input?: string, opts: NftOptions = {}): Promise<string> {
  if (!existsSync(netnsPath)) throw new NftError('NETNS_NOT_FOUND', `network namespace ${netnsPath} does not exist`);
  const nft = nftBinary(opts);
  const nsenter = utilLinuxBinary('nsenter', opts.nsenterPath);
  let out: Output;
  try {
    out = await run(nsenter, [`--net=${netnsPath}`, '--', nft, ...args], input, opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new NftError('NSENTER_NOT_FOUND', `nsenter could not be started: ${nsenter}`);
    throw e;
  }
  if (out.status === 0) return out.stdout;
  if (/^nsenter: (cannot open|reassociate)/m.test(out.stderr)) {
    throw new NftError('NETNS_NOT_FOUND', `${netnsPath} is not a usable network namespace: ${out.stderr.trim()}`, out.stderr);
  }
  if (/^nsenter: failed to execute/m.test(out.stderr)) {
    throw new NftError('NFT_NOT_FOUND', `nft could not be run: ${out.stderr.trim()}`, out.stderr);
  }
  throw new NftError('NFT_FAILED', `nft ${args.join(' ')} failed in ${netnsPath} (exit ${out.status}): ${nftErrorText(out.stderr)}`, out.stderr);
}

/**
 * Creates or atomically replaces our table in the network namespace (one nft transaction: applying
 * twice converges). Throws PolicyError before running anything when nftables cannot express the policy.
 */
export async function applyPolicy(netnsPath: string, policy: ProxyPolicy, opts: NftOptions = {}): Promise<void> {
  await nftInNetns(netnsPath, ['-f', '-'], applyScript(policy), opts);
}

/** Deletes our table. Succeeds when it is absent, and when the network namespace is gone. */
export async function removeTable(netnsPath: string, opts: NftOptions = {}): Promise<void> {
  try {
    await nftInNetns(netnsPath, ['-f', '-'], removeScript(), opts);
  } catch (e) {
    if (e instanceof NftError && e.code === 'NETNS_NOT_FOUND') return;
    throw e;
  }
}

/** Our table as `nft -j list table` gives it, or undefined when it is absent. */
export async function readTable(netnsPath: string, opts: NftOptions = {}): Promise<NftJson | undefined> {
  let stdout: string;
  try {
    stdout = await nftInNetns(netnsPath, ['-j', 'list', 'table', TABLE_FAMILY, TABLE_NAME], undefined, opts);
  } catch (e) {
    if (e instanceof NftError && e.code === 'NFT_FAILED' && /No such file or directory/.test(e.stderr)) return undefined;
    throw e;
  }
  return parseNftJson(stdout, 'nft -j list table');
}

function parseNftJson(text: string, what: string): NftJson {
  try {
    return asNftJson(JSON.parse(text));
  } catch (e) {
    throw new NftError('NFT_FAILED', `${what} did not print nft JSON: ${(e as Error).message}`, text.slice(0, 2000));
  }
}

/**
 * The table as the kernel holds it, for the given `nft -f` text: nft applies it in a throwaway network
 * namespace that dies with the process (`unshare --net`) and echoes what it added (`-e -j`).
 *
 * nft 1.0.6 with -j reads `-f -` as JSON first and, when that fails, parses the same input again as
 * nft syntax: a pipe is empty by then, and nft adds nothing and exits 0. So the text goes as one
 * argument (a buffer nft parses twice correctly), or as a file when it is too long for one argument.
 */
async function expectedTable(text: string, opts: NftOptions): Promise<NftJson> {
  const nft = nftBinary(opts);
  const unshare = utilLinuxBinary('unshare', opts.unsharePath);
  const timeout = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let dir: string | undefined;
  try {
    let source: string[];
    if (Buffer.byteLength(text) <= MAX_ARGUMENT_BYTES) {
      source = [text];
    } else {
      dir = mkdtempSync(join(tmpdir(), 'hcnproxyctl-'));
      const file = join(dir, 'table.nft');
      writeFileSync(file, text, { mode: 0o600 });
      source = ['-f', file];
    }
    const out = await run(unshare, ['--net', '--', nft, '-e', '-j', ...source], undefined, timeout);
    if (out.status !== 0) {
      throw new NftError('NFT_FAILED', `nft could not load the expected table in a scratch network namespace (exit ${out.status}): ${nftErrorText(out.stderr)}`, out.stderr);
    }
    return parseNftJson(out.stdout, 'nft -e -j');
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Checks that the network namespace holds exactly the policy's table: `missing` when it is absent,
 * `differs` (with the first difference in words) when any chain or rule was changed, added or removed.
 */
export async function checkTable(netnsPath: string, policy: ProxyPolicy, opts: NftOptions = {}): Promise<CheckResult> {
  const spec = nftTable(policy);
  const live = await readTable(netnsPath, opts);
  if (!live) return { ok: false, reason: 'missing', detail: `table ${TABLE} is not in the network namespace ${netnsPath}` };
  const expected = normalizeTable(await expectedTable(renderTable(spec), opts));
  const have = normalizeTable(live);
  const unnamed = { expected: () => undefined, live: () => undefined };
  if (describeDifference(expected, have, unnamed) === undefined) return { ok: true };
  // Differs: name the rules with nft's text (ours for the expected side, nft's listing for the live one).
  const listing = await nftInNetns(netnsPath, ['-a', 'list', 'table', TABLE_FAMILY, TABLE_NAME], undefined, opts).catch(() => '');
  const texts = ruleTextsByHandle(listing);
  const detail = describeDifference(expected, have, {
    expected: (chain: string, index: number) => {
      const rule = spec.chains.find((c) => c.name === chain)?.rules[index];
      return rule ? ruleText(rule) : undefined;
    },
    live: (rule: NormalRule) => (rule.handle === undefined ? undefined : texts.get(rule.handle)),
  });
  return { ok: false, reason: 'differs', detail: `table ${TABLE} in ${netnsPath}: ${detail ?? 'differs'}` };
}

/** Whether nft can be run here (for CNI STATUS): its version, or why not. */
export async function nftAvailable(opts: NftOptions = {}): Promise<NftAvailability> {
  try {
    const nft = nftBinary(opts);
    utilLinuxBinary('nsenter', opts.nsenterPath);
    const out = await run(nft, ['--version'], undefined, opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    if (out.status !== 0) return { ok: false, reason: `${nft} --version failed (exit ${out.status}): ${nftErrorText(out.stderr)}` };
    const version = /v?(\d+\.\d+(?:\.\d+)*)/.exec(out.stdout)?.[1];
    return version ? { ok: true, version } : { ok: false, reason: `${nft} --version printed no version: ${out.stdout.trim()}` };
  } catch (e) {
    return { ok: false, reason: (e as Error).message };
  }
}
