// A ProxyPolicy becomes one nftables `inet` table owned by us, in the shape of the pod's mesh (its own
// CNI's rules: src/nft/shapes/), rendered to `nft -f` text (table.ts). Pure and golden-tested
// (test/golden/nft/); applying the text in a pod's network namespace is apply.ts's job.
import type { ProxyPolicy } from '../policy/index.js';
import { checkNftLimits } from './limits.js';
import { SHAPES } from './shapes/index.js';
import { renderTable, TABLE_FAMILY, TABLE_NAME, type NftTable } from './table.js';

export { baseChainText, renderTable, ruleText, TABLE_FAMILY, TABLE_NAME } from './table.js';
export type { NftBaseChain, NftChain, NftRule, NftTable } from './table.js';

/** The table for a policy, as data. Throws PolicyError when nftables cannot express the policy. */
export function nftTable(p: ProxyPolicy): NftTable {
  checkNftLimits(p);
  return { family: TABLE_FAMILY, name: TABLE_NAME, chains: SHAPES[p.shape](p) };
}

/** The policy's table definition as `nft -f` text. Throws PolicyError when nftables cannot express it. */
export function renderRuleset(policy: ProxyPolicy): string {
  return renderTable(nftTable(policy));
}
