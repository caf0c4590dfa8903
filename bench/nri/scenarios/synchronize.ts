// f: SYNC_PODS opted-in pods created while the plugin is stopped, then the plugin started: how long its
// Synchronize takes and how many pods have their table before and after.
import { performance } from 'node:perf_hooks';
import { isHandled, isMsg, journal } from '../plugin.js';
import { optIn, SYNC_CONCURRENCY, SYNC_PODS, type Json } from '../settings.js';
import { hasTable, num, pool } from '../util.js';

import type { Bench } from '../bench.js';

export async function synchronize(b: Bench): Promise<Json> {
  journal.phase = 'synchronize (pods created, plugin stopped)';
  await b.pluginState(false);
  const created = await pool(
    Array.from({ length: SYNC_PODS }, (_, i) => i),
    SYNC_CONCURRENCY,
    async (i) => {
      const { id } = await b.run(optIn(i));
      return { id, netns: await b.netnsOf(id) };
    },
  );
  const before = (await pool(created, SYNC_CONCURRENCY, async (p) => hasTable(p.netns))).filter(Boolean).length;
  journal.phase = 'synchronize';
  const p = await startPluginForSync(b);
  const sawAll = performance.now();
  const tables = await pool(created, SYNC_CONCURRENCY, async (pod) => hasTable(pod.netns).catch(() => false));
  const inPlace = tables.filter(Boolean).length;
  const verifyMs = performance.now() - sawAll;
  journal.phase = 'synchronize (pods removed)';
  const r0 = performance.now();
  const removeFailures: string[] = [];
  await pool(
    created.map((c) => c.id),
    SYNC_CONCURRENCY,
    async (id) => {
      try {
        await b.remove(id);
      } catch (e) {
        removeFailures.push((e as Error).message);
      }
    },
  );
  return {
    count: SYNC_PODS,
    pods: SYNC_PODS,
    tablesBefore: before,
    ...p,
    tablesInPlace: inPlace,
    verifyMs,
    removeWallMs: performance.now() - r0,
    removeFailures: removeFailures.length,
  };
}

/** Starts the plugin with SYNC_PODS pods waiting; what its log and the clock say about Synchronize. */
async function startPluginForSync(b: Bench): Promise<Json> {
  const p = await b.startPlugin();
  // startPlugin returned on the first of the two lines; wait for the other as well.
  const synchronized = await p.waitFor(isMsg('synchronized'), 60_000);
  const handled = await p.waitFor(isHandled('Synchronize'), synchronized ? 2000 : 1, 0);
  const registered = p.lines.find(isMsg('registered'));
  if (!synchronized) b.note('Synchronize: no "synchronized" line within 60 s');
  if (!handled) b.note('Synchronize: no "event handled" line for Synchronize (contract not implemented yet?)');
  const since = (l: Json | null | undefined) => (l ? (l.benchAt as number) - p.spawnedAt : null);
  return {
    answeredMs: num(handled?.ms),
    answeredPods: num(handled?.pods),
    answeredOutcome: handled?.outcome ?? null,
    allTablesMs: num(synchronized?.ms),
    synchronizedCounts: synchronized
      ? { pods: num(synchronized.pods), applied: num(synchronized.applied), skipped: num(synchronized.skipped), failed: num(synchronized.failed) }
      : null,
    // Bench side, from spawning the plugin (includes its start-up and registration).
    spawnToRegisteredMs: since(registered),
    spawnToSynchronizedMs: since(synchronized),
  };
}
