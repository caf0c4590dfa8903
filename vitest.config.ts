import fs from 'node:fs';
import { defineConfig } from 'vitest/config';

// Runs (build/run-vitest.mjs): everything but test/e2e in parallel files, then the real-containerd
// suites one file at a time (each starts its own containerd; the bridge plugin there turns ip_forward
// on, which the network suites of the first run check is left alone); or test/unit alone (`npm run
// test:unit`, no build needed).
const e2e = process.env.HCNPROXYCTL_VITEST_E2E === '1';
const unit = process.env.HCNPROXYCTL_VITEST_UNIT === '1';

// Integration suites run the bundles in dist/. Without them (a checkout that was never built), they are
// skipped with a message instead of failing file by file; CI always builds first, and there a missing
// dist/ is a failure like any other.
const distMissing = !fs.existsSync('dist/main.cjs') && process.env.CI !== 'true';
if (distMissing && !unit && !e2e) {
  console.warn('\n!!! SKIPPING every suite but test/unit: dist/ is missing — run `npm run build` (npm test does) or `npm run test:unit`.\n');
}

export default defineConfig({
  test: {
    include: e2e ? ['test/e2e/**/*.test.ts'] : unit || distMissing ? ['test/unit/**/*.test.ts'] : ['test/**/*.test.ts'],
    exclude: e2e ? [] : ['test/e2e/**', 'node_modules/**'],
    fileParallelism: !e2e,
    // Suites spawn the bundled CLI and the HNS simulator: give process start-up room on 2 cores.
    testTimeout: e2e ? 120_000 : 30_000,
    hookTimeout: e2e ? 300_000 : 60_000,
    pool: 'forks',
    // Undoes what the run as a whole changed on the host (iproute2's /run/netns mount).
    globalSetup: ['test/support/global-setup.ts'],
  },
});
