// Small process and /proc helpers for the e2e harness: commands run with argument arrays (never a shell),
// synchronously or not, and the facts teardown needs about other processes (command line, state, start
// time, cgroups) read straight from /proc — no `ps`, no `find`, no per-directory child process.
import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  input?: string;
}

function describeFailure(cmd: string, args: readonly string[], r: RunResult): string {
  const out = (r.stderr.trim() || r.stdout.trim()).split('\n').slice(-15).join('\n');
  return `${cmd} ${args.join(' ')} exited with ${r.code}: ${out}`;
}

/** Runs a command to completion; rejects when it fails (non-zero exit, signal, timeout). */
export function run(cmd: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      cmd,
      args,
      { cwd: opts.cwd, env: opts.env, timeout: opts.timeoutMs ?? 120_000, encoding: 'utf8', maxBuffer: 64 << 20 },
      (err, stdout, stderr) => {
        const r: RunResult = { code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr };
        if (err) reject(new Error(describeFailure(cmd, args, { ...r, stderr: stderr || err.message })));
        else resolve(r);
      },
    );
    if (opts.input !== undefined) child.stdin?.end(opts.input);
  });
}

/** Runs a command synchronously (teardown runs from signal and exit handlers, where nothing can await). */
export function runSync(cmd: string, args: readonly string[], opts: RunOptions = {}): RunResult {
  const r = spawnSync(cmd, args, { cwd: opts.cwd, env: opts.env, timeout: opts.timeoutMs ?? 30_000, encoding: 'utf8', input: opts.input });
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? (r.error ? r.error.message : '') };
}

export function runSyncOrThrow(cmd: string, args: readonly string[], opts: RunOptions = {}): RunResult {
  const r = runSync(cmd, args, opts);
  if (r.code !== 0) throw new Error(describeFailure(cmd, args, r));
  return r;
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Blocks the thread for `ms` (teardown is synchronous on purpose, see above). */
export function sleepSync(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function readOr(file: string, fallback: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return fallback;
  }
}

/** Every numeric entry of /proc. */
export function listPids(): number[] {
  return fs
    .readdirSync('/proc')
    .filter((n) => /^\d+$/.test(n))
    .map(Number);
}

/** The command line with NULs turned into spaces ('' when the process is gone or a kernel thread). */
export function cmdline(pid: number): string {
  return readOr(`/proc/${pid}/cmdline`, '').replace(/\0/g, ' ').trim();
}

function statFields(pid: number): string[] | undefined {
  const stat = readOr(`/proc/${pid}/stat`, '');
  const close = stat.lastIndexOf(')');
  if (close < 0) return undefined;
  // Fields after "pid (comm)": index 0 is field 3 (state).
  return stat.slice(close + 2).split(' ');
}

/** The process state letter (R, S, Z, …), or undefined when the process no longer exists. */
export function procState(pid: number): string | undefined {
  return statFields(pid)?.[0];
}

/** Start time in clock ticks since boot (field 22 of /proc/<pid>/stat), as runc records it. */
export function startTime(pid: number): string | undefined {
  return statFields(pid)?.[19];
}

/** Gone or a zombie: a zombie holds no resources and waits only for its parent to reap it. */
export function isGone(pid: number): boolean {
  const s = procState(pid);
  return s === undefined || s === 'Z' || s === 'X';
}

/** The cgroup paths of a process, one `id:controllers:path` line each. */
export function procCgroups(pid: number): string[] {
  return readOr(`/proc/${pid}/cgroup`, '').split('\n').filter(Boolean);
}

/** SIGKILLs the given processes and waits (≤ timeoutMs) until each is gone or a zombie; returns the survivors. */
export function killAndWaitSync(pids: Iterable<number>, timeoutMs = 3000): number[] {
  let left = [...new Set(pids)].filter((p) => p > 1 && p !== process.pid && p !== process.ppid);
  for (const p of left) {
    try {
      process.kill(p, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  const deadline = Date.now() + timeoutMs;
  while (left.length > 0 && Date.now() < deadline) {
    left = left.filter((p) => !isGone(p));
    if (left.length > 0) sleepSync(20);
  }
  return left;
}

/** The paths of the unix sockets a process has open (its fds matched against its /proc/<pid>/net/unix). */
export function unixSocketPaths(pid: number): string[] {
  const inodes = new Set<string>();
  let fds: string[] = [];
  try {
    fds = fs.readdirSync(`/proc/${pid}/fd`);
  } catch {
    return [];
  }
  for (const fd of fds) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(m[1]!);
    } catch {
      // closed meanwhile
    }
  }
  const out: string[] = [];
  // Num RefCount Protocol Flags Type St Inode Path
  for (const line of readOr(`/proc/${pid}/net/unix`, '').split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length >= 8 && inodes.has(f[6]!)) out.push(f.slice(7).join(' '));
  }
  return [...new Set(out)];
}
