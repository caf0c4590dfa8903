// The exec runner: `nsenter --net=<netns> -- nft …` with argument arrays (never a shell), the script on
// stdin, a timeout from the deadline, and nft's own error text kept. The only module of the Linux
// backend that spawns processes; used when libnftables cannot be loaded or nftMode is "exec".
// Named imports: a default import of a builtin makes the bundle copy all of its exports at load.
import { accessSync, constants, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, delimiter, isAbsolute, join, resolve } from 'node:path';
import { NftError, nftErrorText, timeLeft } from './errors.js';
import { TABLE_FAMILY, TABLE_NAME } from './render.js';
import type { NftRunner } from './runner.js';

export interface ExecOptions {
  /** The nft binary; default: found in PATH, then /usr/sbin, /sbin, /usr/bin, /bin. */
  nftPath?: string;
  /** The nsenter binary (util-linux); found like nft by default. */
  nsenterPath?: string;
  /** The unshare binary (util-linux), for the scratch namespace; found like nft by default. */
  unsharePath?: string;
}

// CNI plugins run with the container runtime's environment, whose PATH may lack the sbin directories.
const FALLBACK_DIRS = ['/usr/sbin', '/sbin', '/usr/bin', '/bin'];
// A script up to this size is handed to nft as one argument (the kernel's limit for one argument is
// 128 KiB); a larger one goes through a temporary file. See scratchTable().
const MAX_ARGUMENT_BYTES = 100_000;
const DEFAULT_TIMEOUT_MS = 10_000;

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

function nftBinary(opts: ExecOptions): string {
  const nft = findBinary('nft', opts.nftPath);
  if (nft) return nft;
  throw new NftError('NFT_NOT_FOUND', opts.nftPath ? `nft was not found at ${opts.nftPath}` : `nft was not found (looked ${WHERE}): install nftables`);
}

function utilLinuxBinary(name: 'nsenter' | 'unshare', override: string | undefined): string {
  const file = findBinary(name, override);
  if (file) return file;
  throw new NftError('NSENTER_NOT_FOUND', override ? `${name} was not found at ${override}` : `${name} was not found (looked ${WHERE}): install util-linux`);
}

interface Output {
  status: number;
  stdout: string;
  stderr: string;
}

/** node:child_process costs ≈ 5 ms to load: only the exec path (the fallback) pays for it. */
const childProcess = () => process.getBuiltinModule('node:child_process');

/** Runs one process with an argument array; rejects on timeout, resolves with its exit status otherwise. */
function run(file: string, args: readonly string[], input: string | undefined, timeoutMs: number): Promise<Output> {
  return new Promise((resolve, reject) => {
    const child = childProcess().spawn(file, args, { stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
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
    child.on('close', (code, signal) =>
      finish(() =>
        resolve({
          status: code ?? (signal ? 128 : 1),
          stdout: Buffer.concat(stdout).toString('utf8'),
          stderr: Buffer.concat(stderr).toString('utf8'),
        }),
      ),
    );
    if (child.stdin) {
      child.stdin.on('error', () => {
        /* the process exited before reading all of its input: its status says why */
      });
      child.stdin.end(input);
    }
  });
}

/**
 * Runs `nsenter --net=<netnsPath> -- nft <args>` with `input` on stdin and returns nft's stdout.
 * Throws NftError: NETNS_NOT_FOUND, NFT_NOT_FOUND, NSENTER_NOT_FOUND, NFT_FAILED (quoting nft), TIMEOUT.
 */
export async function nftInNetns(netnsPath: string, args: readonly string[], input?: string, opts: ExecOptions & { deadline?: number } = {}): Promise<string> {
  const deadline = opts.deadline ?? Date.now() + DEFAULT_TIMEOUT_MS;
  if (!existsSync(netnsPath)) throw new NftError('NETNS_NOT_FOUND', `network namespace ${netnsPath} does not exist`);
  const nft = nftBinary(opts);
  const nsenter = utilLinuxBinary('nsenter', opts.nsenterPath);
  let out: Output;
  try {
    out = await run(nsenter, [`--net=${netnsPath}`, '--', nft, ...args], input, timeLeft(deadline, `nft ${args.join(' ')}`));
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

export function execRunner(opts: ExecOptions = {}): NftRunner {
  return {
    mode: 'exec',
    cheapQuestions: false,
    async run(netns, script, deadline) {
      await nftInNetns(netns, ['-f', '-'], script, { ...opts, deadline });
    },
    async listTable(netns, format, deadline) {
      try {
        return await nftInNetns(netns, [format === 'json' ? '-j' : '-a', 'list', 'table', TABLE_FAMILY, TABLE_NAME], undefined, { ...opts, deadline });
      } catch (e) {
        if (e instanceof NftError && e.code === 'NFT_FAILED' && /No such file or directory/.test(e.stderr)) return undefined;
        throw e;
      }
    },
    /**
     * nft applies the script in a namespace that dies with the process (`unshare --net`) and echoes
     * what it added (`-e -j`). nft 1.0.6 with -j reads `-f -` as JSON first and, when that fails,
     * parses the same input again as nft syntax: a pipe is empty by then, and nft adds nothing and
     * exits 0. So the text goes as one argument, or as a file when it is too long for one.
     */
    async scratchTable(script, deadline) {
      const nft = nftBinary(opts);
      const unshare = utilLinuxBinary('unshare', opts.unsharePath);
      let dir: string | undefined;
      try {
        let source: string[];
        if (Buffer.byteLength(script) <= MAX_ARGUMENT_BYTES) {
          source = [script];
        } else {
          dir = mkdtempSync(join(tmpdir(), 'hcnproxyctl-'));
          const file = join(dir, 'table.nft');
          writeFileSync(file, script, { mode: 0o600 });
          source = ['-f', file];
        }
        const out = await run(unshare, ['--net', '--', nft, '-e', '-j', ...source], undefined, timeLeft(deadline, 'nft in a scratch namespace'));
        if (out.status !== 0) {
          throw new NftError(
            'NFT_FAILED',
            `nft could not load the expected table in a scratch network namespace (exit ${out.status}): ${nftErrorText(out.stderr)}`,
            out.stderr,
          );
        }
        return out.stdout;
      } finally {
        if (dir) rmSync(dir, { recursive: true, force: true });
      }
    },
    async version(deadline) {
      const nft = nftBinary(opts);
      utilLinuxBinary('nsenter', opts.nsenterPath);
      const out = await run(nft, ['--version'], undefined, timeLeft(deadline, 'nft --version'));
      if (out.status !== 0) throw new NftError('NFT_FAILED', `${nft} --version failed (exit ${out.status}): ${nftErrorText(out.stderr)}`, out.stderr);
      const version = /v?(\d+\.\d+(?:\.\d+)*)/.exec(out.stdout)?.[1];
      if (!version) throw new NftError('NFT_FAILED', `${nft} --version printed no version: ${out.stdout.trim()}`);
      return version;
    },
  };
}
