// The watcher: debounced directory events plus the periodic re-check.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../../src/runtime/log.js';
import { debounce, watchConfDir, type Watch } from '../../../src/cni/install/watch.js';

const lines: string[] = [];
const log = createLogger({ level: 'debug', write: (l) => lines.push(l) });
let open: Watch | undefined;
const tmps: string[] = [];
afterEach(() => {
  open?.close();
  open = undefined;
  vi.useRealTimers();
  for (const d of tmps.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const until = async (cond: () => boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('debounce', () => {
  it('runs once after the last of a burst', () => {
    vi.useFakeTimers();
    const fn = vi.fn();
    const d = debounce(fn, 100);
    d.trigger();
    vi.advanceTimersByTime(60);
    d.trigger();
    vi.advanceTimersByTime(60);
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(50);
    expect(fn).toHaveBeenCalledTimes(1);
    d.trigger();
    d.cancel();
    vi.advanceTimersByTime(200);
    expect(fn).toHaveBeenCalledTimes(1);
  });
});

describe('watchConfDir', () => {
  it('reconciles at start, after a burst of changes once, and periodically', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hcnproxyctl-watch-'));
    tmps.push(dir);
    const reasons: string[] = [];
    open = watchConfDir({ dir, reconcile: (r) => reasons.push(r), intervalMs: 400, debounceMs: 100, log });
    expect(reasons).toEqual(['start']);
    for (let i = 0; i < 5; i++) fs.writeFileSync(path.join(dir, '10-x.conflist'), String(i));
    await until(() => reasons.includes('change'));
    await new Promise((r) => setTimeout(r, 150));
    expect(reasons.filter((r) => r === 'change')).toHaveLength(1);
    await until(() => reasons.includes('periodic'));
  });

  it('a directory that does not exist yet is re-checked periodically, then watched', async () => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'hcnproxyctl-watch-'));
    tmps.push(parent);
    const dir = path.join(parent, 'net.d');
    const reasons: string[] = [];
    open = watchConfDir({ dir, reconcile: (r) => reasons.push(r), intervalMs: 200, debounceMs: 50, log });
    expect(lines.some((l) => l.includes('cannot watch the configuration directory yet'))).toBe(true);
    fs.mkdirSync(dir);
    await until(() => reasons.includes('periodic'));
    await new Promise((r) => setTimeout(r, 50));
    fs.writeFileSync(path.join(dir, '10-x.conflist'), '{}');
    await until(() => reasons.includes('change'));
  });
});
