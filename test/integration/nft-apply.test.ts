// The Linux backend against the real nft (root): tables applied in network namespaces this suite
// creates, checked, removed; and real TCP traffic between a `pod` and a `peer` namespace joined by a
// veth pair (198.18.0.0/24 and fd18::/64, both ends ours: nothing leaves the lab).
import { beforeAll, describe, expect, it } from 'vitest';
import {
  applyPolicy,
  checkTable,
  nftAvailable,
  nftRunner,
  NftError,
  readTable,
  removeScript,
  removeTable,
  renderRuleset,
  type NftJson,
} from '../../src/nft/index.js';
import { buildPolicy, type PolicyInput } from '../../src/policy/index.js';
import { netLab, skipUnlessNetAdmin, type Listener, type Netns } from '../support/netns.js';
import { GOLDEN_POLICIES, GOLDEN_SHAPES } from '../fixtures/policies.js';
import { rejection } from '../support/errors.js';

const skip = skipUnlessNetAdmin('test/integration/nft-apply.test.ts');

const ISTIO = buildPolicy(GOLDEN_POLICIES['istio-defaults']!);

function count(json: NftJson, kind: string): number {
  return json.nftables.filter((o) => kind in o).length;
}

function rulesOf(json: NftJson, chain: string): Array<{ handle: number }> {
  return json.nftables
    .map((o) => o.rule as { chain: string; handle: number } | undefined)
    .filter((r): r is { chain: string; handle: number } => r !== undefined && r.chain === chain);
}

const nftError = (p: Promise<unknown>) => rejection(p, NftError);
const MODES = ['libnftables', 'exec'] as const;

describe.skipIf(skip).each(MODES)('nft backend (%s): the table in a network namespace', (mode) => {
  const o = { mode };
  const lab = netLab();
  let ns: Netns;

  beforeAll(async () => {
    ns = await lab.addNetns('ctl');
  });

  it('reports nft as available, with its version', async () => {
    const a = await nftAvailable(o);
    expect(a.ok).toBe(true);
    if (a.ok) expect([a.version, a.mode]).toEqual([expect.stringMatching(/^\d+\.\d+/), mode]);
  });

  it('applies: readTable finds it and checkTable is ok', async () => {
    await applyPolicy(ns.path, ISTIO, o);
    const t = await readTable(ns.path, o);
    expect(t?.nftables.some((o) => (o.table as { name?: string } | undefined)?.name === 'hcnproxyctl')).toBe(true);
    expect(await checkTable(ns.path, ISTIO, o)).toEqual({ ok: true });
  });

  it('applying twice converges: one table, the same rules, no duplicates', async () => {
    await applyPolicy(ns.path, ISTIO, o);
    const first = (await readTable(ns.path, o))!;
    await applyPolicy(ns.path, ISTIO, o);
    const second = (await readTable(ns.path, o))!;
    const { stdout } = await lab.exec(ns, ['nft', 'list', 'tables']);
    expect(stdout).toBe('table inet hcnproxyctl\n');
    expect(count(second, 'rule')).toBe(count(first, 'rule'));
    expect(count(second, 'chain')).toBe(4);
    expect(count(second, 'rule')).toBe(
      renderRuleset(ISTIO)
        .split('\n')
        .filter((l) => /^\t\t(?!type )/.test(l)).length,
    );
    expect(await checkTable(ns.path, ISTIO, o)).toEqual({ ok: true });
  });

  it('checkTable: differs when a rule was deleted behind our back', async () => {
    await applyPolicy(ns.path, ISTIO, o);
    const outbound = rulesOf((await readTable(ns.path, o))!, 'outbound');
    await lab.exec(ns, ['nft', 'delete', 'rule', 'inet', 'hcnproxyctl', 'outbound', 'handle', String(outbound[6]!.handle)]);
    const r = await checkTable(ns.path, ISTIO, o);
    expect(r).toEqual({
      ok: false,
      reason: 'differs',
      detail: `table inet hcnproxyctl in ${ns.path}: chain outbound: rule 7 \`meta skuid 1337 return comment "the proxy itself"\` is missing`,
    });
  });

  it('checkTable: differs when a rule was added behind our back, naming it as nft prints it', async () => {
    await applyPolicy(ns.path, ISTIO, o);
    await lab.exec(ns, ['nft', 'insert', 'rule', 'inet', 'hcnproxyctl', 'inbound', 'tcp', 'dport', '22', 'return']);
    const r = await checkTable(ns.path, ISTIO, o);
    expect(r).toEqual({
      ok: false,
      reason: 'differs',
      detail: `table inet hcnproxyctl in ${ns.path}: chain inbound: unexpected rule 1 \`tcp dport 22 return\``,
    });
    await lab.exec(ns, ['nft', 'add', 'chain', 'inet', 'hcnproxyctl', 'extra']);
    await applyPolicy(ns.path, ISTIO, o);
    await lab.exec(ns, ['nft', 'add', 'chain', 'inet', 'hcnproxyctl', 'extra']);
    expect(await checkTable(ns.path, ISTIO, o)).toMatchObject({ ok: false, reason: 'differs', detail: expect.stringContaining('unexpected chain extra') });
  });

  it('checkTable: differs after a different policy was applied', async () => {
    await applyPolicy(ns.path, ISTIO, o);
    const other = buildPolicy({ ...GOLDEN_POLICIES['istio-defaults'], outboundPort: 15002 });
    const r = await checkTable(ns.path, other, o);
    expect(r).toEqual({
      ok: false,
      reason: 'differs',
      detail: `table inet hcnproxyctl in ${ns.path}: chain outbound, rule 11: expected \`meta l4proto tcp redirect to :15002\`, found \`meta l4proto tcp redirect to :15001\``,
    });
    const linkerd = buildPolicy(GOLDEN_POLICIES['linkerd-defaults']!);
    expect(await checkTable(ns.path, linkerd, o)).toMatchObject({ ok: false, reason: 'differs' });
    const inboundOnly = buildPolicy(GOLDEN_POLICIES['empty-inbound-only']!);
    expect(await checkTable(ns.path, inboundOnly, o)).toMatchObject({
      ok: false,
      reason: 'differs',
      detail: expect.stringContaining('unexpected chain output'),
    });
  });

  it('removeTable: then checkTable says missing; removing again (absent table) succeeds', async () => {
    await applyPolicy(ns.path, ISTIO, o);
    await removeTable(ns.path, o);
    expect(await readTable(ns.path, o)).toBeUndefined();
    expect(await checkTable(ns.path, ISTIO, o)).toEqual({
      ok: false,
      reason: 'missing',
      detail: `table inet hcnproxyctl is not in the network namespace ${ns.path}`,
    });
    await removeTable(ns.path, o);
  });

  it('removeTable succeeds for a network namespace that no longer exists; the others say NETNS_NOT_FOUND', async () => {
    const gone = await lab.addNetns('gone');
    await applyPolicy(gone.path, ISTIO, o);
    await lab.deleteNetns(gone);
    await removeTable(gone.path, o);
    expect((await nftError(applyPolicy(gone.path, ISTIO, o))).code).toBe('NETNS_NOT_FOUND');
    expect((await nftError(readTable(gone.path, o))).code).toBe('NETNS_NOT_FOUND');
  });

  it('a failing nft yields an NftError quoting nft, and a failed transaction changes nothing', async () => {
    await applyPolicy(ns.path, ISTIO, o);
    const runner = nftRunner(o);
    expect(runner.mode).toBe(mode);
    const soon = () => Date.now() + 10_000;
    const e = await nftError(runner.run(ns.path, `${removeScript()}table inet hcnproxyctl {\n\tchain x {\n\t\tbogus rule\n\t}\n}\n`, soon()));
    expect(e.code).toBe('NFT_FAILED');
    expect(e.message).toContain('Error: syntax error');
    expect(e.message).toContain('(in: bogus rule)');
    expect(e.stderr).toContain('bogus rule\n\t\t      ^^^^');
    expect(await checkTable(ns.path, ISTIO, o)).toEqual({ ok: true });
    const missing = await nftError(runner.run(ns.path, 'add rule inet nope nope tcp dport 1 return\n', soon()));
    expect(missing.message).toMatch(/: Error: Could not process rule: No such file or directory \(in: add rule inet nope nope tcp dport 1 return\)$/);
  });

  it('every golden policy loads into nft, checks ok, and nft lists exactly the text we rendered', async () => {
    for (const [name, input] of Object.entries(GOLDEN_POLICIES)) {
      const p = buildPolicy(input, GOLDEN_SHAPES[name]);
      await applyPolicy(ns.path, p, o);
      expect(await checkTable(ns.path, p, o), name).toEqual({ ok: true });
      const { stdout } = await lab.exec(ns, ['nft', 'list', 'table', 'inet', 'hcnproxyctl']);
      expect(stdout, name).toBe(renderRuleset(p));
    }
  });

  it('checks a table too large to pass as one argument (the temporary-file path)', async () => {
    // /25s with gaps between them: nft merges adjacent prefixes of an interval set, and this table must stay large.
    const nets = Array.from({ length: 8000 }, (_, i) => `10.${(i >> 8) & 255}.${i & 255}.0/25`);
    const big = buildPolicy({ ...GOLDEN_POLICIES['istio-defaults'], outboundExcludeIps: nets });
    expect(renderRuleset(big).length).toBeGreaterThan(100_000);
    await applyPolicy(ns.path, big, o);
    expect(await checkTable(ns.path, big, o)).toEqual({ ok: true });
    expect(await checkTable(ns.path, ISTIO, o)).toMatchObject({ ok: false, reason: 'differs' });
  });
});

describe.skipIf(skip)('nft backend: real traffic between a pod and a peer', () => {
  const lab = netLab();
  let pod: Netns;
  let peer: Netns;
  const L: Record<string, Listener> = {};
  const POD = '198.18.0.1';
  const PEER = '198.18.0.2';
  const PEER_EXCLUDED = '198.18.0.3';
  const POD6 = 'fd18::1';
  const PEER6 = 'fd18::2';
  const PROXY = 1337;
  const input: PolicyInput = {
    inboundPort: 15006,
    outboundPort: 15001,
    proxyUid: PROXY,
    proxyGid: PROXY,
    inboundExcludePorts: '8081',
    outboundExcludePorts: '9091',
    outboundExcludeIps: `${PEER_EXCLUDED}`,
    dnsCapturePort: 15053,
  };

  beforeAll(async () => {
    pod = await lab.addNetns('pod');
    peer = await lab.addNetns('peer');
    await lab.veth(pod, 'pod', [`${POD}/24`, `${POD6}/64`], peer, 'peer', [`${PEER}/24`, `${PEER_EXCLUDED}/24`, `${PEER6}/64`]);
    const listeners: Array<[string, Netns, string, number]> = [
      ['pod:outbound', pod, '::', 15001],
      ['pod:inbound', pod, '::', 15006],
      ['pod:dns', pod, '::', 15053],
      ['pod:app8080', pod, '::', 8080],
      ['pod:app8081', pod, '::', 8081],
      ['pod:local9090', pod, '127.0.0.1', 9090],
      ['peer:8080', peer, '::', 8080],
      ['peer:9091', peer, '::', 9091],
      ['peer:53', peer, '::', 53],
    ];
    await Promise.all(
      listeners.map(async ([tag, ns, host, port]) => {
        L[tag] = await lab.listen(ns, host, port, tag);
      }),
    );
    await applyPolicy(pod.path, buildPolicy(input));
  });

  async function reply(from: Netns, o: Parameters<typeof lab.connect>[1]): Promise<string> {
    const r = await lab.connect(from, o);
    return r.ok ? r.reply : `failed: ${r.error}`;
  }

  it('the pod calling the peer lands on the outbound listener, not on the peer', async () => {
    const before = L['peer:8080']!.received.length;
    expect(await reply(pod, { host: PEER, port: 8080 })).toBe('pod:outbound');
    expect(L['pod:outbound']!.received.at(-1)).toMatchObject({ data: 'hello from 0:0', localAddress: '::ffff:127.0.0.1', localPort: 15001 });
    expect(L['peer:8080']!.received.length).toBe(before);
    expect(await reply(pod, { host: PEER6, port: 8080 })).toBe('pod:outbound');
  });

  it("the proxy's own connections (uid 1337, or gid 1337) reach the peer", async () => {
    expect(await reply(pod, { host: PEER, port: 8080, uid: PROXY })).toBe('peer:8080');
    expect(L['peer:8080']!.received.at(-1)).toMatchObject({ data: 'hello from 1337:0', remoteAddress: `::ffff:${POD}` });
    expect(await reply(pod, { host: PEER6, port: 8080, uid: PROXY })).toBe('peer:8080');
    expect(await reply(pod, { host: PEER, port: 8080, uid: 4242, gid: PROXY })).toBe('peer:8080');
    expect(await reply(pod, { host: PEER, port: 8080, uid: 4242, gid: 4242 })).toBe('pod:outbound');
  });

  it('an excluded destination port and an excluded address reach the peer', async () => {
    expect(await reply(pod, { host: PEER, port: 9091 })).toBe('peer:9091');
    expect(await reply(pod, { host: PEER_EXCLUDED, port: 8080 })).toBe('peer:8080');
  });

  it('inbound: the peer calling the pod lands on the inbound listener; an excluded port reaches the app', async () => {
    expect(await reply(peer, { host: POD, port: 8080 })).toBe('pod:inbound');
    expect(L['pod:inbound']!.received.at(-1)).toMatchObject({ localAddress: `::ffff:${POD}`, localPort: 15006 });
    expect(await reply(peer, { host: POD6, port: 8080 })).toBe('pod:inbound');
    expect(await reply(peer, { host: POD, port: 8081 })).toBe('pod:app8081');
  });

  it('loopback is not redirected: 127.0.0.1 and the app calling its own pod IP', async () => {
    expect(await reply(pod, { host: '127.0.0.1', port: 9090 })).toBe('pod:local9090');
    expect(await reply(pod, { host: POD, port: 8080 })).toBe('pod:app8080');
    expect(await reply(pod, { host: '::1', port: 8080 })).toBe('pod:app8080');
  });

  it("the proxy calling the pod's own IP goes to the inbound listener; its passthrough from 127.0.0.6 does not", async () => {
    expect(await reply(pod, { host: POD, port: 8080, uid: PROXY })).toBe('pod:inbound');
    expect(await reply(pod, { host: POD6, port: 8080, uid: PROXY })).toBe('pod:inbound');
    expect(await reply(pod, { host: POD, port: 8080, uid: PROXY, localAddress: '127.0.0.6' })).toBe('pod:app8080');
    expect(await reply(pod, { host: '127.0.0.1', port: 8080, uid: PROXY })).toBe('pod:app8080');
  });

  it("DNS over TCP goes to the DNS listener, except the proxy's own", async () => {
    expect(await reply(pod, { host: PEER, port: 53 })).toBe('pod:dns');
    expect(await reply(pod, { host: PEER, port: 53, uid: PROXY })).toBe('peer:53');
  });

  it('after removeTable nothing is redirected', async () => {
    await removeTable(pod.path);
    expect(await reply(pod, { host: PEER, port: 8080 })).toBe('peer:8080');
    expect(await reply(peer, { host: POD, port: 8080 })).toBe('pod:app8080');
  });
});
