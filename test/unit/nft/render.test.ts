import { describe, expect, it } from 'vitest';
import {
  applyScript,
  createScript,
  nftLimitIssues,
  tableExists,
  nftTable,
  removeScript,
  renderRuleset,
  TABLE_FAMILY,
  TABLE_NAME,
} from '../../../src/nft/index.js';
import { buildPolicy, PolicyError, type PolicyInput } from '../../../src/policy/index.js';
import { expectGolden } from '../../support/golden.js';
import { GOLDEN_POLICIES, GOLDEN_SHAPES } from '../../fixtures/policies.js';

function issuesOf(input: PolicyInput): string[] {
  return nftLimitIssues(buildPolicy(input)).map((i) => `${i.field}: ${i.message}`);
}

const UID_REQUIRED = "proxyUid: the proxy's UID or GID is required on Linux: without it the proxy's own connections would be redirected back to it";

describe('renderRuleset (golden files test/golden/nft/)', () => {
  for (const [name, input] of Object.entries(GOLDEN_POLICIES)) {
    it(name, () => {
      expectGolden(`nft/${name}.nft`, renderRuleset(buildPolicy(input, GOLDEN_SHAPES[name])));
    });
  }

  it('is deterministic and independent of the order lists are given in', () => {
    const a = renderRuleset(buildPolicy({ outboundPort: 1, proxyUid: 0, outboundExcludeIps: '10.0.0.0/8,1.2.3.4,fd00::/8,::1', excludePorts: '9000-9100,80' }));
    const b = renderRuleset(buildPolicy({ outboundPort: 1, proxyUid: 0, outboundExcludeIps: '::1,1.2.3.4,fd00::/8,10.0.0.0/8', excludePorts: '80,9000-9100' }));
    expect(a).toBe(b);
    expect(a).toContain('\t\tip daddr { 1.2.3.4, 10.0.0.0/8 } return\n');
    expect(a).toContain('\t\tip6 daddr { ::1, fd00::/8 } return\n');
    expect(a).toContain('\t\ttcp dport { 80, 9000-9100 } return\n');
  });

  it('writes one table, tab-indented, ending with a newline, and the UID 0 as an identity', () => {
    const text = renderRuleset(buildPolicy({ outboundPort: 15001, proxyUid: 0 }));
    expect(text.startsWith(`table ${TABLE_FAMILY} ${TABLE_NAME} {\n\tchain output {\n`)).toBe(true);
    expect(text.endsWith('\t}\n}\n')).toBe(true);
    expect(text).toContain('\t\tmeta skuid 0 return comment "the proxy itself"\n');
    expect(text.match(/^table /gm)).toHaveLength(1);
  });

  it('emits only the chains the policy needs', () => {
    const names = (input: PolicyInput) => nftTable(buildPolicy(input)).chains.map((c) => c.name);
    expect(names({ inboundPort: 1 })).toEqual(['prerouting', 'inbound']);
    expect(names({ outboundPort: 1, proxyGid: 5 })).toEqual(['output', 'outbound']);
    expect(names({ inboundPort: 1, outboundPort: 2, proxyUid: 5, dnsCapturePort: 3 })).toEqual(['prerouting', 'inbound', 'output', 'outbound', 'dns']);
  });

  it('refuses a policy nftables cannot apply safely, before rendering anything', () => {
    expect(() => renderRuleset(buildPolicy({ outboundPort: 15001 }))).toThrow(PolicyError);
    expect(() => nftTable(buildPolicy({ outboundPort: 15001 }))).toThrow(PolicyError);
  });
});

describe('nftLimitIssues', () => {
  it('needs the proxy UID or GID for an outbound redirect or DNS capture', () => {
    expect(issuesOf({ outboundPort: 15001 })).toEqual([UID_REQUIRED]);
    expect(issuesOf({ inboundPort: 15006, dnsCapturePort: 15053 })).toEqual([UID_REQUIRED]);
    expect(issuesOf({ outboundPort: 15001, proxySid: 'S-1-5-32-556' })).toEqual([UID_REQUIRED]);
    expect(issuesOf({ outboundPort: 15001, proxyUid: 1337 })).toEqual([]);
    expect(issuesOf({ outboundPort: 15001, proxyGid: 1337 })).toEqual([]);
    expect(issuesOf({ inboundPort: 15006 })).toEqual([]);
  });

  it('refuses the HNS filter tuple (ignoring it would redirect more than asked) but not the WFP priority', () => {
    expect(issuesOf({ inboundPort: 15006, localAddresses: '10.0.0.1', remotePorts: '80' })).toEqual([
      'localAddresses: the local address filter is Windows-only (HNS filter tuple): on Linux use the include/exclude ports and addresses',
      'remotePorts: the remote ports filter is Windows-only (HNS filter tuple): on Linux use the include/exclude ports and addresses',
    ]);
    expect(issuesOf({ inboundPort: 15006, priority: 9 })).toEqual([]);
  });

  it('renderRuleset throws a PolicyError naming the field', () => {
    try {
      renderRuleset(buildPolicy({ outboundPort: 15001 }));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(PolicyError);
      expect((e as PolicyError).issues.map((i) => i.field)).toEqual(['proxyUid']);
    }
  });
});

describe('transaction scripts', () => {
  const RESET = 'table inet hcnproxyctl\ndelete table inet hcnproxyctl\n';

  it('apply = create-if-absent, delete, define: one atomic nft batch that converges', () => {
    const p = buildPolicy(GOLDEN_POLICIES['istio-defaults']!);
    expect(applyScript(p)).toBe(RESET + renderRuleset(p));
  });

  it('create = create (EEXIST when our table is there), define: one batch that writes a new table or changes nothing', () => {
    const p = buildPolicy(GOLDEN_POLICIES['istio-defaults']!);
    expect(createScript(p)).toBe('create table inet hcnproxyctl\n' + renderRuleset(p));
    expect(
      tableExists('/proc/self/fd/21:1:19-29: Error: Could not process rule: File exists\ncreate table inet hcnproxyctl\n                  ^^^^^^^^^^^\n'),
    ).toBe(true);
    expect(tableExists('/dev/stdin:4:1-20: Error: Could not process rule: File exists\nchain inet hcnproxyctl inbound\n')).toBe(false);
    expect(tableExists('Error: Could not process rule: Operation not permitted\ncreate table inet hcnproxyctl\n')).toBe(false);
  });

  it('remove deletes the table, absent or not', () => {
    expect(removeScript()).toBe(RESET);
  });

  it('apply refuses what nftables cannot express', () => {
    expect(() => applyScript(buildPolicy({ outboundPort: 15001 }))).toThrow(PolicyError);
  });
});
