// Once per vitest run (vitest.config.ts globalSetup): what the whole run changed on the host and no
// single suite can undo while others still run — iproute2's /run/netns mount (netns-dir.ts) — and a
// last check that no network namespace created during the run is left.
import { netnsDirMounted, netnsNames, releaseNetnsDir } from './netns-dir.js';

export default function setup(): () => void {
  if (process.platform !== 'linux') return () => undefined;
  const wasMounted = netnsDirMounted();
  const before = new Set(netnsNames());
  return () => {
    const left = netnsNames().filter((n) => !before.has(n));
    if (left.length > 0) throw new Error(`the test run left network namespaces behind: ${left.join(', ')}`);
    releaseNetnsDir(wasMounted);
  };
}
