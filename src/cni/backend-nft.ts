import type { RedirectBackend } from './backend.js';

// Loaded on first use: a pod that is not opted in must not pay for node:child_process.
const nft = () => import('../nft/index.js');

/** Linux: one nftables table inside the pod's network namespace (CNI_NETNS is its path). */
export function nftBackend(netns: string): RedirectBackend {
  return {
    name: 'nft',
    async apply(policy) {
      await (await nft()).applyPolicy(netns, policy);
      return `nftables table inet hcnproxyctl applied in ${netns}`;
    },
    async remove() {
      if (!netns) return 'no network namespace: nothing to remove (the table died with it)';
      await (await nft()).removeTable(netns);
      return `nftables table inet hcnproxyctl removed from ${netns}`;
    },
    async check(policy) {
      return (await nft()).checkTable(netns, policy);
    },
    async status() {
      const s = await (await nft()).nftAvailable();
      return s.ok ? { ok: true, detail: `nft ${s.version}` } : { ok: false, reason: s.reason };
    },
  };
}
