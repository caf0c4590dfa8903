// iproute2's `ip netns add` makes /run/netns a mount point (a bind mount on itself, so namespace mounts
// under it propagate) the first time, and never undoes it. Whoever ran the first `ip netns add` on a host
// where it was not mounted undoes it once no namespace is left: the suites' global teardown
// (global-setup.ts) and the demo.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { mountinfo } from './harness/host.js';

const NETNS_DIR = '/run/netns';

/** The named network namespaces (files of /run/netns). */
export const netnsNames = (): string[] => (fs.existsSync(NETNS_DIR) ? fs.readdirSync(NETNS_DIR) : []);

export const netnsDirMounted = (): boolean => mountinfo().some((m) => m.mountPoint === NETNS_DIR);

/** Unmounts /run/netns when it was not a mount point before (`wasMounted`) and holds no namespace now. */
export function releaseNetnsDir(wasMounted: boolean): void {
  if (wasMounted || process.platform !== 'linux') return;
  for (let i = 0; i < 4 && netnsDirMounted(); i++) {
    if (netnsNames().length > 0) return; // someone's namespace is still there
    execFileSync('umount', [NETNS_DIR], { stdio: 'pipe' });
  }
}
