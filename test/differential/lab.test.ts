// Proves the traffic lab (test/support/traffic-lab.ts) that the differential suites stand on: real TCP
// between a pod and a peer namespace, with no rules, with an nft capture table and the stand-in proxy, a
// looping table, the same capture as iptables-restore text, an IPv4-only proxy port reached over IPv6,
// and the inbound passthrough source ::6 missing from / present on the pod's lo. Root only.
import { beforeAll, describe, expect, it } from 'vitest';
import { netLab, skipUnlessNetAdmin } from '../support/netns.js';
import { podLab, type Cell, type PodLab, type StandInProxy } from '../support/traffic-lab.js';

const skip = skipUnlessNetAdmin('test/differential/lab.test.ts');

const APP = 1000;
const PROXY = 1337;

// Our shape: outbound TCP of the app to the proxy's 15001, the proxy's own traffic returns.
const OUTBOUND_NFT = `table inet hcnproxyctl {
	chain output {
		type nat hook output priority -100; policy accept;
		meta l4proto tcp skuid ${PROXY} return
		meta l4proto tcp skuid ${APP} redirect to :15001
	}
}
`;

// The same, without the proxy's exemption: its onward connections are captured again.
const LOOPING_NFT = `table inet hcnproxyctl {
	chain output {
		type nat hook output priority -100; policy accept;
		meta l4proto tcp skuid { ${APP}, ${PROXY} } redirect to :15001
	}
}
`;

// A mesh's way of writing the outbound capture (iptables-restore, Istio-like chain names).
const OUTBOUND_IPTABLES = `*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:MESH_OUTPUT - [0:0]
-A OUTPUT -p tcp -j MESH_OUTPUT
-A MESH_OUTPUT -m owner --uid-owner ${PROXY} -j RETURN
-A MESH_OUTPUT -p tcp -m owner --uid-owner ${APP} -j REDIRECT --to-ports 15001
COMMIT
`;

// Inbound TCP to 8080 captured to 15006; the proxy's own traffic returns.
const INBOUND_NFT = `table inet hcnproxyctl {
	chain prerouting {
		type nat hook prerouting priority dstnat; policy accept;
		tcp dport 8080 redirect to :15006
	}
	chain output {
		type nat hook output priority -100; policy accept;
		meta l4proto tcp skuid ${PROXY} return
	}
}
`;

const OUT_PROXY: StandInProxy = { tag: 'out', uid: PROXY, gid: PROXY, listen: [{ port: 15001, families: '46' }], inboundTarget: 'orig' };

const INBOUND_PROXY: StandInProxy = {
  tag: 'in',
  uid: PROXY,
  gid: PROXY,
  listen: [
    { port: 15001, families: '46' },
    { port: 15006, families: '46' },
  ],
  inboundPort: 15006,
  inboundTarget: 'localhost',
  source4: '127.0.0.6',
  source6: '::6',
};

describe.skipIf(skip)('traffic lab', () => {
  const lab = netLab();
  let p: PodLab;

  beforeAll(async () => {
    p = await podLab(lab, { label: 'lab' });
    await Promise.all([p.serveApp([8080]), p.servePeer([80])]);
  });

  const fates = async (cells: Cell[]) => Object.fromEntries(await p.run(cells));

  it('no rules: the peer and the app answer directly, both families, in range and out of range', async () => {
    await p.load({});
    await p.stopProxy();
    const a = p.addrs;
    expect(
      await fates([
        { id: 'out4', uid: APP, gid: APP, addr: a.peer4, port: 80, from: 'pod' },
        { id: 'out6', uid: APP, gid: APP, addr: a.peer6, port: 80, from: 'pod' },
        { id: 'other4', uid: APP, gid: APP, addr: a.other4, port: 80, from: 'pod' },
        { id: 'other6', uid: APP, gid: APP, addr: a.other6, port: 80, from: 'pod' },
        { id: 'closed', uid: APP, gid: APP, addr: a.peer4, port: 81, from: 'pod' },
        { id: 'in4', uid: 0, gid: 0, addr: a.pod4, port: 8080, from: 'peer' },
        { id: 'in6', uid: 0, gid: 0, addr: a.pod6, port: 8080, from: 'peer' },
        { id: 'in4-other', uid: 0, gid: 0, addr: a.pod4, port: 8080, from: 'peer', src: a.other4 },
      ]),
    ).toEqual({
      out4: 'c|peer:80',
      out6: 'c|peer:80',
      other4: 'c|peer:80',
      other6: 'c|peer:80',
      closed: 'ERR:ECONNREFUSED',
      in4: 'c|app:8080',
      in6: 'c|app:8080',
      'in4-other': 'c|app:8080',
    });
  });

  it('nft capture: the app goes through the proxy, the proxy and root do not', async () => {
    await p.load({ nft: OUTBOUND_NFT });
    await p.startProxy(OUT_PROXY);
    const a = p.addrs;
    expect(
      await fates([
        { id: 'app4', uid: APP, gid: APP, addr: a.peer4, port: 80, from: 'pod' },
        { id: 'app6', uid: APP, gid: APP, addr: a.other6, port: 80, from: 'pod' },
        { id: 'proxy', uid: PROXY, gid: PROXY, addr: a.peer4, port: 80, from: 'pod' },
        { id: 'root', uid: 0, gid: 0, addr: a.peer4, port: 80, from: 'pod' },
        { id: 'closed', uid: APP, gid: APP, addr: a.peer4, port: 81, from: 'pod' },
        { id: 'direct', uid: 0, gid: 0, addr: a.pod4, port: 15001, from: 'pod' },
      ]),
    ).toEqual({
      app4: 'c>out:15001|peer:80',
      app6: 'c>out:15001|peer:80',
      proxy: 'c|peer:80',
      root: 'c|peer:80',
      closed: 'c>out:15001:ECONNREFUSED',
      direct: 'c>out:15001:direct',
    });
  });

  it('a table that captures the proxy’s own traffic shows a LOOP', async () => {
    await p.load({ nft: LOOPING_NFT });
    await p.startProxy(OUT_PROXY);
    const r = await fates([{ id: 'app', uid: APP, gid: APP, addr: p.addrs.peer4, port: 80, from: 'pod' }]);
    expect(r).toEqual({ app: `c${'>out:15001'.repeat(5)}:LOOP` });
  });

  it('the same capture as iptables-restore text gives the same fates', async () => {
    await p.load({ iptables4: OUTBOUND_IPTABLES, iptables6: OUTBOUND_IPTABLES });
    await p.startProxy(OUT_PROXY);
    const a = p.addrs;
    expect(
      await fates([
        { id: 'app4', uid: APP, gid: APP, addr: a.peer4, port: 80, from: 'pod' },
        { id: 'app6', uid: APP, gid: APP, addr: a.other6, port: 80, from: 'pod' },
        { id: 'proxy', uid: PROXY, gid: PROXY, addr: a.peer4, port: 80, from: 'pod' },
      ]),
    ).toEqual({ app4: 'c>out:15001|peer:80', app6: 'c>out:15001|peer:80', proxy: 'c|peer:80' });
  });

  it('IPv6 captured to a port the proxy listens on for IPv4 only is refused', async () => {
    await p.load({ nft: OUTBOUND_NFT });
    await p.startProxy({ ...OUT_PROXY, listen: [{ port: 15001, families: '4' }] });
    const a = p.addrs;
    expect(
      await fates([
        { id: 'v4', uid: APP, gid: APP, addr: a.peer4, port: 80, from: 'pod' },
        { id: 'v6', uid: APP, gid: APP, addr: a.peer6, port: 80, from: 'pod' },
      ]),
    ).toEqual({ v4: 'c>out:15001|peer:80', v6: 'ERR:ECONNREFUSED' });
  });

  it('inbound passthrough from ::6 needs ::6 on lo (127.0.0.6 is always there)', async () => {
    await p.load({ nft: INBOUND_NFT });
    await p.startProxy(INBOUND_PROXY);
    const a = p.addrs;
    const cells: Cell[] = [
      { id: 'in4', uid: 0, gid: 0, addr: a.pod4, port: 8080, from: 'peer' },
      { id: 'in6', uid: 0, gid: 0, addr: a.pod6, port: 8080, from: 'peer' },
    ];
    expect(await fates(cells)).toEqual({ in4: 'c>in:15006|app:8080', in6: 'c>in:15006:bind-EADDRNOTAVAIL' });
    await p.load({ nft: INBOUND_NFT, loopbackAddrs: ['::6/128'] });
    expect(await fates(cells)).toEqual({ in4: 'c>in:15006|app:8080', in6: 'c>in:15006|app:8080' });
    // A later load without it takes it away again.
    await p.load({ nft: INBOUND_NFT });
    expect(await fates(cells)).toEqual({ in4: 'c>in:15006|app:8080', in6: 'c>in:15006:bind-EADDRNOTAVAIL' });
  });
});
