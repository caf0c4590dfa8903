// d: the plugin's memory over CYCLES pod cycles: VmRSS, RssAnon/RssFile, and (SIGUSR2: a forced GC, then the
// plugin's own "memory" log line) its heap, sampled every SAMPLE_EVERY pods.
import { performance } from 'node:perf_hooks';
import { isMsg, journal, Plugin } from '../plugin.js';
import { CYCLE_CONCURRENCY, CYCLES, optIn, SAMPLE_EVERY, type Json } from '../settings.js';
import { dist, num, pool, sleep } from '../util.js';

import type { Bench } from '../bench.js';

async function memorySample(b: Bench, p: Plugin, cycle: number): Promise<Json> {
  let logged: Json | null = null;
  if (p.catches(12 /* SIGUSR2 */)) {
    const from = p.lines.length;
    p.child.kill('SIGUSR2');
    logged = await p.waitFor(isMsg('memory'), 5000, from);
    if (!logged) b.note('SIGUSR2 sent but no "memory" line within 5 s');
  } else {
    b.note('the plugin does not handle SIGUSR2 (not sent: it would end the process); memory from VmRSS only');
  }
  return {
    cycle,
    vmRss: p.vmRss(),
    rssAnon: p.status('RssAnon'),
    rssFile: p.status('RssFile'),
    rss: num(logged?.rss),
    heapUsed: num(logged?.heapUsed),
    heapTotal: num(logged?.heapTotal),
    external: num(logged?.external),
    arrayBuffers: num(logged?.arrayBuffers),
  };
}

export async function memory(b: Bench): Promise<Json> {
  journal.phase = 'memory';
  await b.pluginState(false);
  const p = await b.startPlugin();
  await sleep(300);
  const samples: Json[] = [await memorySample(b, p, 0)];
  let done = 0;
  let failures = 0;
  const errors: string[] = [];
  const cycleMs: number[] = [];
  const t0 = performance.now();
  while (done < CYCLES) {
    const batch = Math.min(SAMPLE_EVERY, CYCLES - done);
    const base = done;
    await pool(
      Array.from({ length: batch }, (_, i) => base + i),
      CYCLE_CONCURRENCY,
      async (i) => {
        const c0 = performance.now();
        try {
          const { id } = await b.run(optIn(i));
          await b.remove(id);
          cycleMs.push(performance.now() - c0);
        } catch (e) {
          failures++;
          if (errors.length < 5) errors.push((e as Error).message);
        }
      },
    );
    done += batch;
    samples.push(await memorySample(b, p, done));
  }
  const wallMs = performance.now() - t0;
  if (!p.alive) throw new Error(`the plugin exited during the cycles; its log:\n${p.logTail()}`);
  // Growth from the middle of the cycles (cycle 500 of 1000) to the last sample.
  const mid = samples.find((s) => (s.cycle as number) >= CYCLES / 2) ?? samples[0]!;
  const last = samples.at(-1)!;
  const diff = (k: string) => {
    const a = num(mid[k]);
    const b = num(last[k]);
    return a === null || b === null ? null : b - a;
  };
  const maxOf = (k: string) => {
    const xs = samples.map((s) => num(s[k])).filter((x): x is number => x !== null);
    return xs.length ? Math.max(...xs) : null;
  };
  return {
    count: done - failures,
    cycles: done,
    concurrency: CYCLE_CONCURRENCY,
    sampleEvery: SAMPLE_EVERY,
    failures,
    errors,
    wallMs,
    cycleMs: dist(cycleMs),
    afterConnect: samples[0],
    samples,
    growthFrom: mid.cycle,
    growthTo: last.cycle,
    growth: { vmRss: diff('vmRss'), rssAnon: diff('rssAnon'), rss: diff('rss'), heapUsed: diff('heapUsed'), external: diff('external') },
    max: { vmRss: maxOf('vmRss'), rssAnon: maxOf('rssAnon'), rss: maxOf('rss') },
  };
}
