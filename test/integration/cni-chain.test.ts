// The chained plugin in a real CNI chain, invoked as libcni does: the reference plugins (bridge +
// host-local, loopback as containerd's own list) and hcnproxyctl (the bundled executable), then real
// TCP from inside the pod's network namespace. Everything lives in namespaces, a bridge and an IPAM
// directory this test creates; the bridge is not a gateway, so ip_forward is never touched.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addNetworkList, checkNetworkList, delNetworkList, execPlugin, makeOurBinDir, REFERENCE_PLUGIN_DIR, type Conflist } from '../support/cni.js';
import { netLab, skipUnlessNetAdmin, type Listener, type Netns } from '../support/netns.js';

const skip = skipUnlessNetAdmin('CNI chain integration (bridge + host-local + loopback + hcnproxyctl, real TCP)');
const SUBNET = '198.18.93.0/24';
const EXCLUDED_IP = '198.18.93.200';
const ISTIO_STATUS = JSON.stringify({
  initContainers: null,
  containers: ['istio-proxy'],
  volumes: ['istio-envoy'],
  imagePullSecrets: null,
  revision: 'default',
});
const CAP = 'io.kubernetes.cri.pod-annotations';

describe.skipIf(skip)('hcnproxyctl chained after bridge/host-local', () => {
  const lab = skip ? undefined! : netLab();
  let bin: ReturnType<typeof makeOurBinDir>;
  let ipamDir: string;
  let list: Conflist;
  let loopback: Conflist;
  let cniPath: string;
  let pod: Netns;
  let peer: Netns;
  let podIp: string;
  let peerIp: string;
  let podResult: Record<string, unknown>;
  let peerResult: Record<string, unknown>;
  const listeners: Record<string, Listener> = {};
  const ipForwardBefore = fs.readFileSync('/proc/sys/net/ipv4/ip_forward', 'utf8');

  const podAnnotations = {
    'sidecar.istio.io/status': ISTIO_STATUS,
    'traffic.sidecar.istio.io/excludeOutboundPorts': '9091',
    'traffic.sidecar.istio.io/excludeOutboundIPRanges': `${EXCLUDED_IP}/32`,
  };
  const podCall = () => ({ containerId: 'hptpod', netns: pod.path, path: cniPath, capabilityArgs: { [CAP]: podAnnotations } });
  const peerCall = () => ({ containerId: 'hptpeer', netns: peer.path, path: cniPath, capabilityArgs: { [CAP]: { app: 'peer' } } });

  const tables = async (ns: Netns) => (await lab.exec(ns, ['nft', 'list', 'tables'])).stdout.trim();
  const ipOf = (result: Record<string, unknown>) => String((result.ips as { address: string }[])[0]!.address).split('/')[0]!;

  beforeAll(async () => {
    bin = makeOurBinDir();
    cniPath = `${bin.dir}${path.delimiter}${REFERENCE_PLUGIN_DIR}`;
    ipamDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hcnproxyctl-ipam-'));
    const bridge = await lab.addBridge('br');
    list = {
      cniVersion: '1.0.0',
      name: `hpt-${lab.id}`,
      plugins: [
        { type: 'bridge', bridge, isGateway: false, ipMasq: false, ipam: { type: 'host-local', ranges: [[{ subnet: SUBNET }]], dataDir: ipamDir } },
        { type: 'hcnproxyctl', capabilities: { [CAP]: true }, allowPodOverrides: true, logLevel: 'debug' },
      ],
    };
    loopback = { cniVersion: '0.3.1', name: 'cni-loopback', plugins: [{ type: 'loopback' }] };
    pod = await lab.addNetns('pod');
    peer = await lab.addNetns('peer');
    for (const [call, ns] of [
      [podCall(), pod],
      [peerCall(), peer],
    ] as const) {
      const lo = addNetworkList(loopback, { ...call, ifname: 'lo' });
      expect(lo.ok, JSON.stringify(lo)).toBe(true);
      const r = addNetworkList(list, call);
      expect(r.ok, JSON.stringify(r)).toBe(true);
      if (r.ok) {
        if (ns === pod) podResult = r.result;
        else peerResult = r.result;
      }
    }
    podIp = ipOf(podResult);
    peerIp = ipOf(peerResult);
    await lab.exec(peer, ['ip', 'addr', 'add', `${EXCLUDED_IP}/32`, 'dev', 'eth0']);
    listeners.outboundProxy = await lab.listen(pod, '0.0.0.0', 15001, 'outbound-proxy');
    listeners.inboundProxy = await lab.listen(pod, '0.0.0.0', 15006, 'inbound-proxy');
    listeners.podApp = await lab.listen(pod, '0.0.0.0', 8080, 'pod-app');
    listeners.peerApp = await lab.listen(peer, '0.0.0.0', 8080, 'peer-app');
    listeners.peerExcluded = await lab.listen(peer, '0.0.0.0', 9091, 'peer-9091');
  }, 60_000);

  afterAll(async () => {
    if (list && peer) delNetworkList(list, peerCall(), peerResult);
    if (list && pod) delNetworkList(list, podCall(), podResult);
    bin?.cleanup();
    if (ipamDir) fs.rmSync(ipamDir, { recursive: true, force: true });
    expect(fs.readFileSync('/proc/sys/net/ipv4/ip_forward', 'utf8')).toBe(ipForwardBefore);
  });

  it('passes the bridge result through unchanged and installs one table only in the opted-in pod', async () => {
    expect(podResult.cniVersion).toBe('1.0.0');
    expect(podIp).toMatch(/^198\.18\.93\.\d+$/);
    expect(await tables(pod)).toBe('table inet hcnproxyctl');
    expect(await tables(peer)).toBe('');
  });

  it('redirects an outbound connection to the outbound proxy port', async () => {
    const before = listeners.peerApp!.received.length;
    expect(await lab.connect(pod, { host: peerIp, port: 8080 })).toEqual({ ok: true, reply: 'outbound-proxy' });
    expect(listeners.peerApp!.received.length).toBe(before);
  });

  it("lets the proxy's own connection (uid 1337) reach the real destination", async () => {
    expect(await lab.connect(pod, { host: peerIp, port: 8080, uid: 1337, gid: 1337 })).toEqual({ ok: true, reply: 'peer-app' });
  });

  it('lets excluded ports and CIDRs through', async () => {
    expect(await lab.connect(pod, { host: peerIp, port: 9091 })).toEqual({ ok: true, reply: 'peer-9091' });
    expect(await lab.connect(pod, { host: EXCLUDED_IP, port: 8080 })).toEqual({ ok: true, reply: 'peer-app' });
  });

  it('redirects a connection into the pod to the inbound proxy port; the peer is untouched', async () => {
    expect(await lab.connect(peer, { host: podIp, port: 8080 })).toEqual({ ok: true, reply: 'inbound-proxy' });
    expect(await lab.connect(pod, { host: '127.0.0.1', port: 8080 })).toEqual({ ok: true, reply: 'pod-app' });
  });

  it('CHECK passes, fails once the table is deleted behind our back, and a second ADD converges to one table', async () => {
    const ok = checkNetworkList(list, podCall(), podResult);
    expect(
      ok.map((r) => r.code),
      ok.map((r) => r.stdout + r.stderr).join('\n'),
    ).toEqual([0, 0]);
    await lab.exec(pod, ['nft', 'delete', 'table', 'inet', 'hcnproxyctl']);
    const failed = checkNetworkList(list, podCall(), podResult);
    const ours = failed[failed.length - 1]!;
    expect(ours.code).not.toBe(0);
    expect(ours.json).toMatchObject({ cniVersion: '1.0.0', code: 100, msg: 'pod redirect is missing' });

    const ourAdd = (withPrev: boolean) =>
      execPlugin(
        path.join(bin.dir, 'hcnproxyctl'),
        { command: 'ADD', containerId: 'hptpod', netns: pod.path, ifname: 'eth0', path: cniPath },
        { ...list.plugins[1]!, cniVersion: '1.0.0', name: list.name, ...(withPrev ? { prevResult: podResult } : {}), runtimeConfig: { [CAP]: podAnnotations } },
      );
    // Without the network plugin's result our ADD refuses: it must be chained.
    expect(ourAdd(false).json).toMatchObject({ code: 7, msg: expect.stringContaining('chained plugin') });
    expect(ourAdd(true).code).toBe(0);
    const first = (await lab.exec(pod, ['nft', 'list', 'ruleset'])).stdout;
    const twice = ourAdd(true);
    expect(twice.code).toBe(0);
    expect(JSON.parse(twice.stdout)).toEqual(podResult);
    expect(await tables(pod)).toBe('table inet hcnproxyctl');
    expect((await lab.exec(pod, ['nft', 'list', 'ruleset'])).stdout).toBe(first);
    expect(checkNetworkList(list, podCall(), podResult).map((r) => r.code)).toEqual([0, 0]);
  });

  it('DEL removes the table; a second DEL (no netns, no prevResult) succeeds', async () => {
    const del = delNetworkList(list, podCall(), podResult);
    expect(del.map((r) => [r.code, r.stdout])).toEqual([
      [0, ''],
      [0, ''],
    ]);
    expect(await tables(pod)).toBe('');
    const second = delNetworkList(list, { ...podCall(), netns: '' });
    expect(second.map((r) => r.code)).toEqual([0, 0]);
  });
});
