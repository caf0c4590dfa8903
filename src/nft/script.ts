// The transactions applied with `nft -f -`. Each is ONE nft batch, so the kernel applies it all or
// nothing: `table …` creates the table when it is absent (and is a no-op when present), so the
// `delete table` that follows always has something to delete, and the definition after it starts from
// nothing. A second apply therefore converges on the same table instead of adding rules twice.
import type { ProxyPolicy } from '../policy/index.js';
import { renderRuleset, TABLE_FAMILY, TABLE_NAME } from './render.js';

const RESET = `table ${TABLE_FAMILY} ${TABLE_NAME}\ndelete table ${TABLE_FAMILY} ${TABLE_NAME}\n`;

/** Creates or atomically replaces our table. Throws PolicyError when nftables cannot express the policy. */
export function applyScript(policy: ProxyPolicy): string {
  return RESET + renderRuleset(policy);
}

/** Deletes our table; an absent table is fine. */
export function removeScript(): string {
  return RESET;
}
