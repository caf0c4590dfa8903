import { defineConfig } from 'vitest/config';

// Two runs (build/run-vitest.mjs): everything but test/e2e in parallel files, then the real-containerd
// suites one file at a time (each starts its own containerd; the bridge plugin there turns ip_forward
// on, which the network suites of the first run check is left alone).
const e2e = process.env.HCNPROXYCTL_VITEST_E2E === '1';

export default defineConfig({
  test: {
    include: e2e ? ['test/e2e/**/*.test.ts'] : ['test/**/*.test.ts'],
    exclude: e2e ? [] : ['test/e2e/**', 'node_modules/**'],
    fileParallelism: !e2e,
    // Suites spawn the bundled CLI and the HNS simulator: give process start-up room on 2 cores.
    testTimeout: e2e ? 120_000 : 30_000,
    hookTimeout: e2e ? 300_000 : 60_000,
    pool: 'forks',
  },
});
