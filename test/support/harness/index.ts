// The containerd e2e harness: a real containerd — 1.7.24 or 2.1.9, chosen per run with
// HCNPROXYCTL_E2E_RUNTIME=1.7|2.x (runtime.ts) — (CRI + NRI) with the reference CNI plugins and
// hcnproxyctl chained, a locally built image, and a teardown that leaves nothing (packages.ts,
// image.ts, containerd.ts say how each is done). Typical use in a test file:
//
//   const skip = e2eSkipReason('my suite');
//   describe.skipIf(skip)('my suite', () => {
//     const env = useContainerd({ chain: 'ours', pluginConfig: { … } });
//     it('…', async () => { const cri = createCriClient(env.cd.endpoint); … });
//   });
export { startContainerd, MAIN_CJS, type Containerd, type ContainerdOptions, type ExtraPlugin } from './containerd.js';
export { leftovers, snapshotHost, type HostSnapshot, type RunScope } from './host.js';
export { ensureImage, IMAGE_NAME, type E2eImage } from './image.js';
export { assertNoSuiteLists, cachedPackages, defaultCacheDir, ensurePackages, packagesDir, type Packages } from './packages.js';
export { RUNTIME_ENV, RUNTIMES, selectedRuntime, type Runtime, type RuntimeId } from './runtime.js';
export { e2eSkipReason, missingPrerequisites } from './prerequisites.js';
export { useContainerd, type SuiteContainerd, type SuiteOptions } from './suite.js';
export { otherLiveRuns, readRuns, type RunState } from './runs.js';
export { sweepAbandonedRuns, teardownSync } from './teardown.js';
export { appLog, criFor, podConfig, removePod, runApp, runPod, sandboxFacts, waitForLog, type App, type Pod, type PodOptions } from './pods.js';
export { gatewayListener, netnsListener, type TagListener } from './listeners.js';
export { criReady, netnsTables, runCheck, startNriPlugin, type NriPlugin } from './nri-plugin.js';
