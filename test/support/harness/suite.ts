// One containerd per test file: started in beforeAll, torn down in afterAll (which also fails the file
// when anything was left on the host). Warm starts take about a second, so each file gets its own.
import { afterAll, beforeAll } from 'vitest';
import { startContainerd, type Containerd, type ContainerdOptions } from './containerd.js';

export interface SuiteContainerd {
  /** The running containerd (throws before beforeAll ran). */
  readonly cd: Containerd;
}

export interface SuiteOptions {
  /** beforeAll budget: a cold cache downloads ~45 MB of .debs and builds the image. Default 300 s. */
  startTimeoutMs?: number;
  /** Fail the file when stop() leaves something behind (default true). */
  checkLeftovers?: boolean;
}

/** Registers beforeAll/afterAll for a containerd serving the current file (or describe block). */
export function useContainerd(opts: ContainerdOptions = {}, suite: SuiteOptions = {}): SuiteContainerd {
  let cd: Containerd | undefined;
  beforeAll(async () => {
    cd = await startContainerd(opts);
  }, suite.startTimeoutMs ?? 300_000);
  afterAll(async () => {
    if (!cd) return;
    const c = cd;
    await c.stop();
    if (suite.checkLeftovers ?? true) {
      const left = c.leftovers();
      if (left.length > 0) throw new Error(`containerd e2e run ${c.run} left behind:\n${left.join('\n')}`);
    }
  }, 60_000);
  return {
    get cd(): Containerd {
      if (!cd) throw new Error('containerd is not running (beforeAll failed or has not run)');
      return cd;
    },
  };
}
