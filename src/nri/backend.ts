import type { PodBackend } from './pod-handler.js';

// The same nftables backend as the CNI face, with the runtime's time budget as the nft timeout.
export function nftPodBackend(): PodBackend {
  const nft = () => import('../nft/index.js');
  return {
    async apply(netnsPath, policy, timeoutMs) {
      await (await nft()).applyPolicy(netnsPath, policy, { timeoutMs });
    },
    async remove(netnsPath, timeoutMs) {
      await (await nft()).removeTable(netnsPath, { timeoutMs });
    },
  };
}
