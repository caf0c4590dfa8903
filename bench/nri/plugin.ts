// The plugin under test as a child process: every JSON line of its log (stderr), tagged with the bench
// phase it arrived in, kept in memory (and appended to a file), with waits on lines.
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { Json } from './settings.js';

/**
 * Per runtime run: the bench's current phase (every plugin log line is tagged with it when it arrives),
 * and every JSON line of every plugin instance, in arrival order.
 */
export const journal = { phase: 'start', lines: [] as Json[] };

/** A fresh journal for the next runtime's run. */
export function resetJournal(): void {
  journal.phase = 'start';
  journal.lines = [];
}

export class Plugin {
  readonly lines: Json[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly spawnedAt = performance.now();
  private tail = '';
  private waiters: (() => void)[] = [];
  private gone = false;

  constructor(
    readonly child: ChildProcess,
    private readonly logFile: string,
  ) {
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        this.gone = true;
        this.flushTail();
        resolve({ code, signal });
        this.wake();
      }),
    );
    child.stderr!.on('data', (d: Buffer) => {
      this.tail += d.toString();
      const parts = this.tail.split('\n');
      this.tail = parts.pop() ?? '';
      for (const p of parts) this.take(p);
      this.wake();
    });
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  get alive(): boolean {
    return !this.gone;
  }

  private flushTail(): void {
    if (this.tail) this.take(this.tail);
    this.tail = '';
  }

  private take(raw: string): void {
    if (!raw.trim()) return;
    fs.appendFileSync(this.logFile, `${raw}\n`);
    let line: Json;
    try {
      const parsed: unknown = JSON.parse(raw);
      line = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Json) : { raw };
    } catch {
      line = { raw };
    }
    line.benchPhase = journal.phase;
    line.benchAt = performance.now();
    this.lines.push(line);
    journal.lines.push(line);
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** The first line from index `from` on that matches; null on timeout or when the process exits. */
  async waitFor(match: (l: Json) => boolean, timeoutMs: number, from = 0): Promise<Json | null> {
    const deadline = performance.now() + timeoutMs;
    for (let i = from; ;) {
      for (; i < this.lines.length; i++) if (match(this.lines[i]!)) return this.lines[i]!;
      if (this.gone || performance.now() > deadline) return null;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.max(1, deadline - performance.now()));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  logTail(n = 30): string {
    return this.lines
      .slice(-n)
      .map((l) => (typeof l.raw === 'string' ? l.raw : JSON.stringify(l)))
      .join('\n');
  }

  /** SIGTERM, wait for the exit (SIGKILL after 10 s). */
  async stop(): Promise<void> {
    if (this.gone) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await this.exited;
    clearTimeout(timer);
  }

  /** Whether the process catches `signal` (SigCgt of /proc/<pid>/status): sending an unhandled SIGUSR2 would kill it. */
  catches(signal: number): boolean {
    try {
      const m = /^SigCgt:\s*([0-9a-f]+)$/m.exec(fs.readFileSync(`/proc/${this.pid}/status`, 'utf8'));
      return m ? (BigInt(`0x${m[1]}`) & (1n << BigInt(signal - 1))) !== 0n : false;
    } catch {
      return false;
    }
  }

  /** VmRSS in bytes, null when unreadable. */
  vmRss(): number | null {
    return this.status('VmRSS');
  }

  /**
   * A /proc/<pid>/status memory line in bytes (VmRSS = RssAnon + RssFile + RssShmem). RssFile is the
   * executable's own pages mapped from the page cache (clean, shared, reclaimable); RssAnon is the
   * process's private memory.
   */
  status(key: 'VmRSS' | 'RssAnon' | 'RssFile'): number | null {
    try {
      const m = new RegExp(`^${key}:\\s*(\\d+)\\s*kB$`, 'm').exec(fs.readFileSync(`/proc/${this.pid}/status`, 'utf8'));
      return m ? Number(m[1]) * 1024 : null;
    } catch {
      return null;
    }
  }
}

export const isMsg = (msg: string) => (l: Json) => l.msg === msg;
export const isHandled = (event: string) => (l: Json) => l.msg === 'event handled' && l.event === event;
