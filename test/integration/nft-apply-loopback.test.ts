// The Linux backend's loopback step against the real kernel (root): a Kuma pod's table comes with ::6
// on the pod's lo (Kuma's proxy binds it for IPv6 inbound passthrough), in both runner modes; CHECK
// notices the address missing; a pod whose IPv6 is disabled still gets its table; other meshes add nothing.
import { beforeAll, describe, expect, it } from 'vitest';
import { applyPolicy, checkTable } from '../../src/nft/index.js';
import { decidePod, parseNodeSettings } from '../../src/policy/annotations/index.js';
import type { ProxyPolicy } from '../../src/policy/index.js';
import { netLab, skipUnlessNetAdmin, type Netns } from '../support/netns.js';

const skip = skipUnlessNetAdmin('test/integration/nft-apply-loopback.test.ts');

function policyOf(annotations: Record<string, string>): ProxyPolicy {
  const d = decidePod(annotations, parseNodeSettings({}));
  if (d.action !== 'redirect') throw new Error(`not redirected: ${d.reason}`);
  return d.policy;
}

const KUMA = { 'kuma.io/sidecar-injected': 'true' };
const KUMA_IPV4 = { ...KUMA, 'kuma.io/transparent-proxying-ip-family-mode': 'ipv4' };
const LINKERD = { 'linkerd.io/proxy-version': 'stable-2.14.10' };

describe.skipIf(skip).each(['libnftables', 'exec'] as const)('loopback addresses with the table (%s)', (mode) => {
  const lab = netLab();
  const o = { mode };
  let n = 0;
  const fresh = async (): Promise<Netns> => lab.addNetns(`${mode[0]}${n++}`);
  const lo6 = async (ns: Netns): Promise<string> => (await lab.exec(ns, ['ip', '-6', 'addr', 'show', 'dev', 'lo'])).stdout;

  let ns: Netns;
  beforeAll(async () => {
    ns = await fresh();
  });

  it('a Kuma pod: ::6/128 on lo, then the table; CHECK is ok', async () => {
    const p = policyOf(KUMA);
    await applyPolicy(ns.path, p, o);
    expect(await lo6(ns)).toMatch(/inet6 ::6\/128 /);
    expect(await checkTable(ns.path, p, o)).toEqual({ ok: true });
    await applyPolicy(ns.path, p, o); // converges
    expect(await checkTable(ns.path, p, o)).toEqual({ ok: true });
  });

  it('CHECK names ::6 when it was removed', async () => {
    const p = policyOf(KUMA);
    await lab.exec(ns, ['ip', '-6', 'addr', 'del', '::6/128', 'dev', 'lo']);
    expect(await checkTable(ns.path, p, o)).toEqual({ ok: false, reason: 'differs', detail: `lo in ${ns.path} lacks ::6/128, which the proxy binds` });
  });

  it('IPv6 disabled in the pod: the table is applied without ::6', async () => {
    const off = await fresh();
    await lab.exec(off, ['sysctl', '-q', '-w', 'net.ipv6.conf.all.disable_ipv6=1']);
    await lab.exec(off, ['sysctl', '-q', '-w', 'net.ipv6.conf.lo.disable_ipv6=1']);
    await applyPolicy(off.path, policyOf(KUMA), o);
    expect((await lab.exec(off, ['nft', 'list', 'tables'])).stdout).toContain('inet hcnproxyctl');
  });

  it('Kuma in ipv4 mode and other meshes add no address', async () => {
    for (const a of [KUMA_IPV4, LINKERD]) {
      const other = await fresh();
      await applyPolicy(other.path, policyOf(a), o);
      expect(await lo6(other)).not.toContain('::6/128');
    }
  });
});
