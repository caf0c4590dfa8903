// The network lab for vitest suites: the lab itself lives in netlab.ts (usable outside vitest, e.g.
// by the demo); this adds the afterAll cleanup.
import { afterAll } from 'vitest';
import { NetLab } from './netlab.js';

export * from './netlab.js';

/** A lab whose cleanup runs after the suite (registered with afterAll), whatever happens in it. */
export function netLab(): NetLab {
  const lab = new NetLab();
  afterAll(async () => {
    await lab.cleanup();
    const left = lab.leftovers();
    if (left.length > 0) throw new Error(`the network lab left behind: ${left.join(', ')}`);
  });
  return lab;
}
