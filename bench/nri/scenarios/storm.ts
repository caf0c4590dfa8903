// e: a storm of STORM opted-in pods, STORM_CONCURRENCY at a time, with the plugin connected: failures, pods
// without their table, and the RunPodSandbox times.
import { performance } from 'node:perf_hooks';
import { journal } from '../plugin.js';
import { optIn, STORM, STORM_CONCURRENCY, type Json } from '../settings.js';
import { dist, hasTable, pool } from '../util.js';

import type { Bench } from '../bench.js';

export async function storm(b: Bench): Promise<Json> {
  journal.phase = 'storm';
  await b.pluginState(true);
  const t0 = performance.now();
  let lastRun = t0;
  const failures: string[] = [];
  const withoutTable: string[] = [];
  const runMs: number[] = [];
  const ids: string[] = [];
  await pool(
    Array.from({ length: STORM }, (_, i) => i),
    STORM_CONCURRENCY,
    async (i) => {
      let id: string;
      try {
        const r = await b.run(optIn(i));
        id = r.id;
        runMs.push(r.ms);
        lastRun = Math.max(lastRun, performance.now());
        ids.push(id);
      } catch (e) {
        failures.push((e as Error).message);
        return;
      }
      try {
        if (!(await hasTable(await b.netnsOf(id)))) withoutTable.push(id);
      } catch (e) {
        withoutTable.push(id);
        b.note(`storm: checking pod ${id}: ${(e as Error).message}`);
      }
    },
  );
  const wallMs = lastRun - t0;
  const r0 = performance.now();
  const removeFailures: string[] = [];
  await pool(ids, STORM_CONCURRENCY, async (id) => {
    try {
      await b.remove(id);
    } catch (e) {
      removeFailures.push((e as Error).message);
    }
  });
  return {
    count: STORM,
    pods: STORM,
    concurrency: STORM_CONCURRENCY,
    wallMs,
    runMs: dist(runMs),
    failures: failures.length,
    failureMessages: failures.slice(0, 5),
    redirected: ids.length - withoutTable.length,
    withoutTable: withoutTable.length,
    removeWallMs: performance.now() - r0,
    removeFailures: removeFailures.length,
  };
}
