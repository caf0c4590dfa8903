// The Linux backend's table as data (chains of rules), and the one place it becomes `nft -f` text.
// The text is what `nft list table` prints for it (tabs, sorted set elements, a single element without
// braces), so an operator sees in the pod what we rendered. Golden-tested (test/golden/nft/).

export const TABLE_FAMILY = 'inet';
export const TABLE_NAME = 'hcnproxyctl';

/** One rule: nft's rule syntax (one line), and an optional comment nft keeps with it. */
export interface NftRule {
  readonly text: string;
  readonly comment?: string;
}

export interface NftBaseChain {
  readonly type: 'nat';
  readonly hook: 'prerouting' | 'output';
  /** As nft lists it: a name (`dstnat`) or a number. */
  readonly priority: string;
}

export interface NftChain {
  readonly name: string;
  /** Absent for a regular chain (reached by `jump`). */
  readonly base?: NftBaseChain;
  readonly rules: readonly NftRule[];
}

export interface NftTable {
  readonly family: typeof TABLE_FAMILY;
  readonly name: typeof TABLE_NAME;
  readonly chains: readonly NftChain[];
}

/** One rule as nft prints it. */
export function ruleText(r: NftRule): string {
  return r.comment === undefined ? r.text : `${r.text} comment "${r.comment}"`;
}

/** A base chain's header line, as nft prints it. */
export function baseChainText(b: NftBaseChain): string {
  return `type ${b.type} hook ${b.hook} priority ${b.priority}; policy accept;`;
}

/** The table as `nft -f` text: tabs, one rule per line, a blank line between chains, a final newline. */
export function renderTable(t: NftTable): string {
  const chains = t.chains.map((c) => {
    const lines = [...(c.base ? [baseChainText(c.base)] : []), ...c.rules.map(ruleText)];
    return `\tchain ${c.name} {\n${lines.map((l) => `\t\t${l}\n`).join('')}\t}\n`;
  });
  return `table ${t.family} ${t.name} {\n${chains.join('\n')}}\n`;
}
