// a/b: RunPodSandbox and Stop+Remove per case (bench/nri/settings.ts CASES), the cases interleaved in blocks
// of BLOCK pods after WARMUP_PODS.
import { journal } from '../plugin.js';
import { BLOCK, CASES, OPT_IN, perCase, PLAIN, PODS, WARMUP_PODS, type Case } from '../settings.js';
import { hasTable } from '../util.js';

import { interleaved, type Bench } from '../bench.js';

export async function cases(b: Bench): Promise<{
  run: Record<Case, number[]>;
  stopRemove: Record<Case, number[]>;
  unexpected: Record<Case, number>;
  rounds: number;
  order: Case[][];
}> {
  const run = perCase<number[]>(() => []);
  const stopRemove = perCase<number[]>(() => []);
  const unexpected = perCase(() => 0);

  const block = async (c: Case, n: number, record: boolean) => {
    await b.pluginState(c !== 'no plugin');
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const { id, ms } = await b.run(c === 'plugin, not opted-in' ? PLAIN : OPT_IN);
      ids.push(id);
      if (record) run[c].push(ms);
      // Outside the timing: the table is there exactly for an opted-in pod with the plugin connected.
      const want = c === 'plugin, opted-in';
      if ((await hasTable(await b.netnsOf(id))) !== want) {
        unexpected[c]++;
        b.note(`${c}: pod ${id} ${want ? 'has no table' : 'has a table'} after RunPodSandbox`);
      }
    }
    for (const id of ids) {
      const ms = await b.remove(id);
      if (record) stopRemove[c].push(ms);
    }
  };

  journal.phase = 'warmup';
  for (const c of CASES) await block(c, WARMUP_PODS, false);
  journal.phase = 'cases';
  const { rounds, order } = await interleaved(
    PODS,
    BLOCK,
    (c) => run[c].length,
    (c, n) => block(c, n, true),
  );
  return { run, stopRemove, unexpected, rounds, order };
}
