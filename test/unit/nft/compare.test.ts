import { describe, expect, it } from 'vitest';
import { canonicalJson, describeDifference, normalizeTable, ruleTextsByHandle, type NftJson } from '../../../src/nft/compare.js';

// Shapes as nft 1.0.6 prints them: `nft -e -j` (add-wrapped) and `nft -j list table` (metainfo, handles).
const T = { family: 'inet', table: 'hcnproxyctl' };
const match = (field: string, right: unknown) => ({ match: { op: '==', left: { payload: { protocol: 'tcp', field } }, right } });
const ret = { return: null };
type Obj = Record<string, unknown>;
const RULES: Obj[] = [
  { ...T, chain: 'outbound', expr: [match('dport', 1), ret] },
  { ...T, chain: 'outbound', expr: [match('dport', 2), ret] },
  { ...T, chain: 'outbound', expr: [match('dport', 3), ret] },
];
const OUTPUT = { ...T, name: 'output', type: 'nat', hook: 'output', prio: -100, policy: 'accept' };
const OUTBOUND = { ...T, name: 'outbound' };

function echoed(rules = RULES, chains: Obj[] = [OUTPUT, OUTBOUND]): NftJson {
  return {
    nftables: [
      { add: { table: { family: 'inet', name: 'hcnproxyctl', handle: 1 } } },
      ...chains.map((c, i) => ({ add: { chain: { ...c, handle: i + 1 } } })),
      ...rules.map((r, i) => ({ add: { rule: { ...r, handle: 10 + i } } })),
    ],
  };
}

function listed(rules = RULES, chains: Obj[] = [OUTPUT, OUTBOUND], extra: Obj[] = []): NftJson {
  return {
    nftables: [
      { metainfo: { version: '1.0.6', release_name: 'Lester Gooch #5', json_schema_version: 1 } },
      { table: { family: 'inet', name: 'hcnproxyctl', handle: 7 } },
      ...chains.map((c, i) => ({ chain: { ...c, handle: 20 + i } })),
      ...rules.map((r, i) => ({ rule: { ...r, handle: 100 + i } })),
      ...extra,
    ],
  };
}

const namer = {
  expected: (chain: string, i: number) => `${chain}#${i + 1}`,
  live: (r: { handle?: number }) => `handle ${r.handle}`,
};

function diff(live: NftJson, expected: NftJson = echoed()): string | undefined {
  return describeDifference(normalizeTable(expected), normalizeTable(live), namer);
}

describe('comparing the expected and the live table', () => {
  it('ignores metainfo, the add wrappers and every handle', () => {
    expect(diff(listed())).toBeUndefined();
  });

  it('names a missing, an unexpected and a changed rule', () => {
    expect(diff(listed([RULES[0]!, RULES[2]!]))).toBe('chain outbound: rule 2 `outbound#2` is missing');
    expect(diff(listed([RULES[0]!, RULES[1]!]))).toBe('chain outbound: rule 3 `outbound#3` is missing');
    const extra = { ...T, chain: 'outbound', expr: [match('dport', 9), ret] };
    expect(diff(listed([extra, ...RULES]))).toBe('chain outbound: unexpected rule 1 `handle 100`');
    expect(diff(listed([...RULES, extra]))).toBe('chain outbound: unexpected rule 4 `handle 103`');
    expect(diff(listed([RULES[0]!, extra, RULES[2]!]))).toBe('chain outbound, rule 2: expected `outbound#2`, found `handle 101`');
    expect(diff(listed([RULES[0]!, RULES[2]!, RULES[1]!]))).toBe('chain outbound: rule 2 `outbound#2` is missing');
  });

  it('compares comments too', () => {
    expect(diff(listed([RULES[0]!, { ...RULES[1]!, comment: 'x' }, RULES[2]!]))).toBe('chain outbound, rule 2: expected `outbound#2`, found `handle 101`');
  });

  it('names missing, unexpected and changed chains, and other objects', () => {
    expect(diff(listed(RULES, [OUTPUT]))).toBe('chain outbound is missing');
    expect(diff(listed(RULES, [OUTPUT, OUTBOUND, { ...T, name: 'extra' }]))).toBe('unexpected chain extra');
    expect(diff(listed(RULES, [{ ...OUTPUT, prio: 0 }, OUTBOUND]))).toBe(
      'chain output: expected type nat hook output priority -100; policy accept;, found type nat hook output priority 0; policy accept;',
    );
    expect(diff(listed(RULES, [OUTPUT, OUTBOUND], [{ set: { ...T, name: 's', type: 'ipv4_addr', handle: 3 } }]))).toBe('unexpected set s');
  });

  it('falls back to the rule JSON when no text is known', () => {
    const d = describeDifference(normalizeTable(echoed()), normalizeTable(listed([RULES[0]!])), { expected: () => undefined, live: () => undefined });
    expect(d).toBe(`chain outbound: rule 2 \`${canonicalJson({ expr: RULES[1]!.expr })}\` is missing`);
  });

  it('canonical JSON sorts keys', () => {
    expect(canonicalJson({ b: [1, { d: null, c: 'x' }], a: true })).toBe('{"a":true,"b":[1,{"c":"x","d":null}]}');
  });

  it('reads rule texts by handle from `nft -a list table`', () => {
    const listing = [
      'table inet hcnproxyctl { # handle 7',
      '\tchain output { # handle 1',
      '\t\ttype nat hook output priority -100; policy accept;',
      '\t\tmeta l4proto tcp jump outbound # handle 6',
      '\t\toifname "lo" ip saddr 127.0.0.6 return comment "proxy inbound passthrough" # handle 17',
      '\t}',
      '}',
    ].join('\n');
    expect([...ruleTextsByHandle(listing)]).toEqual([
      [6, 'meta l4proto tcp jump outbound'],
      [17, 'oifname "lo" ip saddr 127.0.0.6 return comment "proxy inbound passthrough"'],
    ]);
  });
});
