import { applyPolicy, checkTable, nftAvailable, removeTable } from '../nft/index.js';
import type { RedirectBackend } from './backend.js';

/** Linux: one nftables table inside the pod's network namespace (CNI_NETNS is its path). */
export function nftBackend(netns: string): RedirectBackend {
  return {
    name: 'nft',
    async apply(policy) {
      await applyPolicy(netns, policy);
      return `nftables table inet hcnproxyctl applied in ${netns}`;
    },
    async remove() {
      if (!netns) return 'no network namespace: nothing to remove (the table died with it)';
      await removeTable(netns);
      return `nftables table inet hcnproxyctl removed from ${netns}`;
    },
    async check(policy) {
      return checkTable(netns, policy);
    },
    async status() {
      const s = await nftAvailable();
      return s.ok ? { ok: true, detail: `nft ${s.version}` } : { ok: false, reason: s.reason };
    },
  };
}
