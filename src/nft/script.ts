// The transactions applied with `nft -f -`. Each is ONE nft batch, so the kernel applies it all or
// nothing.
// - create: `create table …` fails with EEXIST when our table is there, so the batch either writes the
//   table into a namespace that had none or changes nothing. The common case (a new pod) is this one
//   batch, without the replace's `delete table`, which costs the kernel 5–10 ms more (bench:nri).
// - replace: `table …` creates the table when it is absent (and is a no-op when present), so the
//   `delete table` that follows always has something to delete, and the definition after it starts
//   from nothing. A second apply therefore converges on the same table instead of adding rules twice.
import type { ProxyPolicy } from '../policy/index.js';
import { renderRuleset, TABLE_FAMILY, TABLE_NAME } from './render.js';

const TABLE = `${TABLE_FAMILY} ${TABLE_NAME}`;
const CREATE = `create table ${TABLE}\n`;
const RESET = `table ${TABLE}\ndelete table ${TABLE}\n`;

/** Creates our table where there is none; fails (changing nothing) when it exists. Throws PolicyError like applyScript. */
export function createScript(policy: ProxyPolicy): string {
  return CREATE + renderRuleset(policy);
}

/** nft's error for a create script in a namespace that already holds our table. */
export function tableExists(nftErrorOutput: string): boolean {
  return /Error: Could not process rule: File exists\n\s*create table /.test(nftErrorOutput);
}

/** Creates or atomically replaces our table. Throws PolicyError when nftables cannot express the policy. */
export function applyScript(policy: ProxyPolicy): string {
  return RESET + renderRuleset(policy);
}

/** Deletes our table; an absent table is fine. */
export function removeScript(): string {
  return RESET;
}
