// g: pod start with a container (RunPodSandbox + CreateContainer + StartContainer, each CRI call timed
// client side) per case, the cases interleaved in blocks of START_BLOCK pods.
import { journal } from '../plugin.js';
import { CASES, OPT_IN, perCase, PLAIN, START_BLOCK, START_PODS, START_WARMUP_PODS, type Case } from '../settings.js';
import { hasTable } from '../util.js';

import { interleaved, type Bench } from '../bench.js';
import type { StartSample } from '../bench.js';

/**
 * Pod start with its app container, the three cases interleaved like a/b: rounds of START_BLOCK pods
 * per case, the order rotated each round. Each pod: RunPodSandbox + CreateContainer + StartContainer
 * (timed together and each), then — outside the timing — its netns checked for the table; the pods
 * of a block are removed after it (untimed).
 */
export async function podStart(b: Bench): Promise<{
  samples: Record<Case, StartSample[]>;
  unexpected: Record<Case, number>;
  rounds: number;
  order: Case[][];
}> {
  const samples = perCase<StartSample[]>(() => []);
  const unexpected = perCase(() => 0);

  const block = async (c: Case, n: number, record: boolean) => {
    await b.pluginState(c !== 'no plugin');
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const { id, ...sample } = await b.startPod(c === 'plugin, not opted-in' ? PLAIN : OPT_IN);
      ids.push(id);
      if (record) samples[c].push(sample);
      const want = c === 'plugin, opted-in';
      if ((await hasTable(await b.netnsOf(id))) !== want) {
        unexpected[c]++;
        b.note(`g. ${c}: pod ${id} ${want ? 'has no table' : 'has a table'} after its container started`);
      } else if (want) {
        b.redirectedPods.add(id);
      }
    }
    for (const id of ids) await b.remove(id);
  };

  journal.phase = 'warmup';
  if (START_WARMUP_PODS > 0) for (const c of CASES) await block(c, START_WARMUP_PODS, false);
  journal.phase = 'pod start';
  const { rounds, order } = await interleaved(
    START_PODS,
    START_BLOCK,
    (c) => samples[c].length,
    (c, n) => block(c, n, true),
  );
  return { samples, unexpected, rounds, order };
}
