// Comparing two forms of our table as nft's JSON gives them: what the kernel would hold for the rendered
// table (`nft -e -j` in a throwaway namespace) and what it holds in the pod (`nft -j list table`).
// Both come from nft itself, so its normalisations (dropped dependencies, sorted and merged set
// elements) are on both sides; what is left to ignore is metainfo, the `add` wrappers of the echo and
// the handles the kernel numbers objects with. Pure: apply.ts runs the processes.

/** `{"nftables": [ … ]}` as nft prints it with -j. */
export interface NftJson {
  readonly nftables: ReadonlyArray<Record<string, unknown>>;
}

export interface NormalChain {
  readonly name: string;
  /** Canonical JSON of the chain's properties (type, hook, prio, policy, …), handle excluded. */
  readonly key: string;
  readonly props: Readonly<Record<string, unknown>>;
}

export interface NormalRule {
  /** The kernel's handle of the rule (not compared; used to find nft's text for it). */
  readonly handle?: number;
  /** Canonical JSON of the rule (expressions, comment), handle excluded. */
  readonly key: string;
}

export interface NormalTable {
  /** Canonical JSON of the table object, handle excluded. */
  readonly table: string;
  readonly chains: readonly NormalChain[];
  readonly rules: ReadonlyMap<string, readonly NormalRule[]>;
  /** Other objects (sets, maps, counters, …), as "kind name" + canonical JSON. */
  readonly others: ReadonlyArray<{ readonly label: string; readonly key: string }>;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** JSON with object keys sorted, so that two equal values always give the same text. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (isRecord(v)) {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(v[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

function without(o: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (!keys.includes(k)) out[k] = v;
  return out;
}

/** Checks the outer shape of nft's JSON output; throws when it is not nft's. */
export function asNftJson(v: unknown): NftJson {
  if (!isRecord(v) || !Array.isArray(v.nftables) || !v.nftables.every(isRecord)) {
    throw new Error('not nft JSON output (expected {"nftables": [ … ]})');
  }
  return v as unknown as NftJson;
}

/** Drops metainfo, unwraps `add` (the echo's form) and handles; groups rules by chain, in order. */
export function normalizeTable(json: NftJson): NormalTable {
  let table = '';
  const chains: NormalChain[] = [];
  const rules = new Map<string, NormalRule[]>();
  const others: Array<{ label: string; key: string }> = [];
  for (const raw of json.nftables) {
    const obj = isRecord(raw.add) ? raw.add : raw;
    for (const [kind, value] of Object.entries(obj)) {
      if (kind === 'metainfo' || !isRecord(value)) continue;
      if (kind === 'table') {
        table = canonicalJson(without(value, ['handle']));
      } else if (kind === 'chain') {
        const props = without(value, ['handle', 'family', 'table', 'name']);
        chains.push({ name: String(value.name), key: canonicalJson(props), props });
      } else if (kind === 'rule') {
        const chain = String(value.chain);
        const list = rules.get(chain) ?? [];
        const rule: NormalRule = { key: canonicalJson(without(value, ['handle', 'family', 'table', 'chain'])) };
        list.push(typeof value.handle === 'number' ? { ...rule, handle: value.handle } : rule);
        rules.set(chain, list);
      } else {
        const name = typeof value.name === 'string' ? ` ${value.name}` : '';
        others.push({ label: `${kind}${name}`, key: canonicalJson(without(value, ['handle'])) });
      }
    }
  }
  return { table, chains, rules, others };
}

/** How a difference names a rule to a person: nft's own text for it when known. */
export interface RuleNamer {
  expected(chain: string, index: number): string | undefined;
  live(rule: NormalRule): string | undefined;
}

function chainHeader(props: Readonly<Record<string, unknown>>): string {
  if (props.hook === undefined) return 'a regular chain';
  return `type ${String(props.type)} hook ${String(props.hook)} priority ${String(props.prio)}; policy ${String(props.policy)};`;
}

/**
 * The first difference between the expected and the live table, in words, or undefined when they
 * are the same. Rules are compared in order within each chain; chains and other objects by name.
 */
export function describeDifference(expected: NormalTable, live: NormalTable, namer: RuleNamer): string | undefined {
  if (expected.table !== live.table) return `the table's properties differ: expected ${expected.table}, found ${live.table}`;
  for (const e of expected.chains) {
    const l = live.chains.find((c) => c.name === e.name);
    if (!l) return `chain ${e.name} is missing`;
    if (l.key !== e.key) return `chain ${e.name}: expected ${chainHeader(e.props)}, found ${chainHeader(l.props)}`;
  }
  for (const l of live.chains) {
    if (!expected.chains.some((c) => c.name === l.name)) return `unexpected chain ${l.name}`;
  }
  for (const e of expected.chains) {
    const want = expected.rules.get(e.name) ?? [];
    const have = live.rules.get(e.name) ?? [];
    const wantText = (i: number) => `\`${namer.expected(e.name, i) ?? want[i]!.key}\``;
    const haveText = (i: number) => `\`${namer.live(have[i]!) ?? have[i]!.key}\``;
    for (let i = 0; i < Math.max(want.length, have.length); i++) {
      const w = want[i];
      const h = have[i];
      if (w && h && w.key === h.key) continue;
      const n = i + 1;
      if (!h) return `chain ${e.name}: rule ${n} ${wantText(i)} is missing`;
      if (!w) return `chain ${e.name}: unexpected rule ${n} ${haveText(i)}`;
      if (want[i + 1]?.key === h.key) return `chain ${e.name}: rule ${n} ${wantText(i)} is missing`;
      if (have[i + 1]?.key === w.key) return `chain ${e.name}: unexpected rule ${n} ${haveText(i)}`;
      return `chain ${e.name}, rule ${n}: expected ${wantText(i)}, found ${haveText(i)}`;
    }
  }
  for (const o of live.others) {
    if (!expected.others.some((e) => e.key === o.key)) return `unexpected ${o.label}`;
  }
  for (const o of expected.others) {
    if (!live.others.some((l) => l.key === o.key)) return `${o.label} is missing`;
  }
  return undefined;
}

/** Maps rule handles to nft's text for the rule, from `nft -a list table` output. */
export function ruleTextsByHandle(listing: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const line of listing.split('\n')) {
    const m = /^\t\t(.*\S)\s+# handle (\d+)$/.exec(line);
    if (m?.[1] !== undefined && m[2] !== undefined) out.set(Number(m[2]), m[1]);
  }
  return out;
}
