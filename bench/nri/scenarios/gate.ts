// h: CreateContainer of redirected pods, the gate's fast path (answered from memory).
import { performance } from 'node:perf_hooks';
import { journal } from '../plugin.js';
import { GATE_CONTAINERS, GATE_PODS, optIn, type Json } from '../settings.js';
import { dist, hasTable } from '../util.js';

import type { Bench } from '../bench.js';

/**
 * The gate's fast path: GATE_PODS opted-in pods started with the plugin connected (redirected at
 * RunPodSandbox), then GATE_CONTAINERS containers created in each, one at a time (CreateContainer
 * only: the event the plugin handles). The plugin's own time comes from its log (c); the CRI call's
 * client-side time is reported beside it.
 */
export async function gate(b: Bench): Promise<Json> {
  journal.phase = 'gate';
  await b.pluginState(true);
  const createMs: number[] = [];
  let withoutTable = 0;
  let failures = 0;
  const errors: string[] = [];
  for (let p = 0; p < GATE_PODS; p++) {
    const config = b.podConfig(optIn(p));
    const id = await b.cri.runPodSandbox(config);
    b.live.add(id);
    if (await hasTable(await b.netnsOf(id))) b.redirectedPods.add(id);
    else {
      withoutTable++;
      b.note(`h. pod ${id} has no table after RunPodSandbox`);
    }
    for (let k = 0; k < GATE_CONTAINERS; k++) {
      const t0 = performance.now();
      try {
        await b.cri.createContainer(id, b.containerConfig(`gate-${k}`), config);
        createMs.push(performance.now() - t0);
      } catch (e) {
        failures++;
        if (errors.length < 5) errors.push((e as Error).message);
      }
    }
    // RemovePodSandbox removes its (created, never started) containers too.
    await b.remove(id);
  }
  return {
    count: createMs.length,
    pods: GATE_PODS,
    containersPerPod: GATE_CONTAINERS,
    podsWithoutTable: withoutTable,
    failures,
    errors,
    createMs: dist(createMs),
  };
}
