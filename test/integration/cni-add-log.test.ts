// The CNI face's one line per ADD (on stderr, which libcni hands to the runtime's log, and in the log
// file if set): the decision and the time it took — redirected (with the profile), skipped (with the
// reason's code), rejected.
import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAIN } from '../support/cli.js';
import { netLab, skipUnlessNetAdmin, type Netns } from '../support/netns.js';

const skip = skipUnlessNetAdmin('test/integration/cni-add-log.test.ts');
const CAP = 'io.kubernetes.cri.pod-annotations';

describe.skipIf(skip)('the CNI ADD log line', () => {
  const lab = netLab();
  let ns: Netns;
  beforeAll(async () => {
    ns = await lab.addNetns('alog');
  });

  const add = (annotations: Record<string, string>) => {
    const r = spawnSync(process.execPath, [MAIN], {
      env: { PATH: process.env.PATH, CNI_COMMAND: 'ADD', CNI_CONTAINERID: 'c1', CNI_NETNS: ns.path, CNI_IFNAME: 'eth0', CNI_PATH: '/opt/cni/bin' },
      input: JSON.stringify({
        cniVersion: '1.0.0',
        name: 'net',
        type: 'hcnproxyctl',
        policy: { inboundPort: 15006, outboundPort: 15001, proxyUid: 1337 },
        prevResult: { cniVersion: '1.0.0' },
        runtimeConfig: { [CAP]: annotations },
      }),
      encoding: 'utf8',
      timeout: 20_000,
    });
    const lines = r.stderr
      .split('\n')
      .filter((l) => l.includes('"msg":"ADD handled"'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    return { code: r.status, lines };
  };

  it('one line per ADD: the decision and the milliseconds it took', async () => {
    const redirected = add({ 'sidecar.istio.io/status': '{"containers":["istio-proxy"]}' });
    expect(redirected.code).toBe(0);
    expect(redirected.lines).toEqual([expect.objectContaining({ level: 'info', decision: 'redirected', profile: 'istio', ms: expect.any(Number) })]);
    const skipped = add({ app: 'web' });
    expect(skipped.lines).toEqual([expect.objectContaining({ decision: 'skipped', reason: 'no-opt-in', ms: expect.any(Number) })]);
    const rejected = add({ 'hcnproxyctl.io/enabled': 'true', 'hcnproxyctl.io/outbound-port': 'http' });
    expect(rejected.code).toBe(1);
    expect(rejected.lines).toEqual([expect.objectContaining({ decision: 'rejected', ms: expect.any(Number) })]);
    await lab.exec(ns, ['nft', 'delete', 'table', 'inet', 'hcnproxyctl']);
  });
});
