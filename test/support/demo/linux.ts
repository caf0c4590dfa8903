// Linux: a throwaway pod (a network namespace wired by the real CNI chain — the reference bridge and
// host-local plugins, then hcnproxyctl), a tiny proxy and servers, and real TCP showing what is
// redirected and what is not. Everything is created here and removed at the end.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { addNetworkList, checkNetworkList, delNetworkList, makeOurBinDir, REFERENCE_PLUGIN_DIR, type Conflist } from '../cni.js';
import { NetLab, type Netns } from '../netlab.js';
import { netnsDirMounted, releaseNetnsDir } from '../netns-dir.js';
import { section, show } from './print.js';

const CAP = 'io.kubernetes.cri.pod-annotations';
const SUBNET = '198.18.97.0/24';

export function linuxDemoBlocker(): string | undefined {
  if (process.platform !== 'linux') return `this is ${process.platform}`;
  if (process.getuid?.() !== 0) return 'it needs root (network namespaces, nftables)';
  for (const f of ['/usr/sbin/nft', `${REFERENCE_PLUGIN_DIR}/bridge`, `${REFERENCE_PLUGIN_DIR}/host-local`]) {
    if (!fs.existsSync(f)) return `${f} is missing (npm run demo installs it as root)`;
  }
  return undefined;
}

export async function linuxDemo(): Promise<void> {
  const netnsDirWasMounted = netnsDirMounted();
  const lab = new NetLab();
  const bin = makeOurBinDir();
  const ipamDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hcnproxyctl-demo-ipam-'));
  const ipForward = fs.readFileSync('/proc/sys/net/ipv4/ip_forward', 'utf8');
  const cniPath = `${bin.dir}${path.delimiter}${REFERENCE_PLUGIN_DIR}`;
  let bridge = '';
  const list: Conflist = {
    cniVersion: '1.0.0',
    name: `demo-${lab.id}`,
    plugins: [
      { type: 'bridge', bridge: '', isGateway: false, ipMasq: false, ipam: { type: 'host-local', ranges: [[{ subnet: SUBNET }]], dataDir: ipamDir } },
      { type: 'hcnproxyctl', capabilities: { [CAP]: true }, allowPodOverrides: true },
    ],
  };
  const annotations = {
    'sidecar.istio.io/status': '{"containers":["istio-proxy"],"initContainers":null}',
    'traffic.sidecar.istio.io/excludeOutboundPorts': '9091',
  };
  const results = new Map<Netns, Record<string, unknown>>();
  const calls = new Map<Netns, { containerId: string; netns: string; path: string; capabilityArgs: Record<string, unknown> }>();
  try {
    bridge = await lab.addBridge('br');
    list.plugins[0]!.bridge = bridge;
    section('Linux: a pod created through the real CNI chain (bridge + host-local, then hcnproxyctl)');
    show('conflist:', JSON.stringify(list, null, 2));
    const pod = await lab.addNetns('pod');
    const peer = await lab.addNetns('peer');
    calls.set(pod, { containerId: 'demo-pod', netns: pod.path, path: cniPath, capabilityArgs: { [CAP]: annotations } });
    calls.set(peer, { containerId: 'demo-peer', netns: peer.path, path: cniPath, capabilityArgs: { [CAP]: { app: 'peer' } } });
    show('pod annotations (as an Istio injector writes them; containerd hands them to the plugin):', JSON.stringify(annotations, null, 2));
    for (const [ns, call] of calls) {
      const r = addNetworkList(list, call);
      if (!r.ok) throw new Error(`CNI ADD failed in ${r.failed}: ${r.run.stdout}${r.run.stderr}`);
      results.set(ns, r.result);
      if (ns === pod) show('hcnproxyctl ADD log (stderr):', r.runs[1]!.stderr);
    }
    const ip = (ns: Netns) => String((results.get(ns)!.ips as { address: string }[])[0]!.address).split('/')[0]!;
    show(`pod ${ip(pod)}: nft list table inet hcnproxyctl`, (await lab.exec(pod, ['nft', 'list', 'table', 'inet', 'hcnproxyctl'])).stdout);
    show(`peer ${ip(peer)} (not opted in): nft list tables`, (await lab.exec(peer, ['nft', 'list', 'tables'])).stdout || '(none)');

    section('Traffic: who answers?');
    await lab.listen(pod, '0.0.0.0', 15001, 'the sidecar proxy, outbound listener :15001');
    await lab.listen(pod, '0.0.0.0', 15006, 'the sidecar proxy, inbound listener :15006');
    await lab.listen(pod, '0.0.0.0', 8080, 'the pod app :8080');
    await lab.listen(peer, '0.0.0.0', 8080, 'the peer app :8080');
    await lab.listen(peer, '0.0.0.0', 9091, 'the peer :9091');
    const trial = async (what: string, from: Netns, o: Parameters<NetLab['connect']>[1]) => {
      const r = await lab.connect(from, o);
      console.log(`  ${what.padEnd(58)} → ${r.ok ? r.reply : `failed: ${r.error}`}`);
    };
    await trial(`pod app → peer ${ip(peer)}:8080`, pod, { host: ip(peer), port: 8080 });
    await trial(`proxy (uid 1337) → peer ${ip(peer)}:8080`, pod, { host: ip(peer), port: 8080, uid: 1337, gid: 1337 });
    await trial(`pod app → peer ${ip(peer)}:9091 (excluded port)`, pod, { host: ip(peer), port: 9091 });
    await trial(`peer → pod ${ip(pod)}:8080`, peer, { host: ip(pod), port: 8080 });
    await trial('pod app → 127.0.0.1:8080 (loopback)', pod, { host: '127.0.0.1', port: 8080 });

    section('CHECK, then DEL');
    const check = checkNetworkList(list, calls.get(pod)!, results.get(pod)!);
    console.log(`  CHECK: ${check.every((r) => r.code === 0) ? 'ok' : 'failed'}`);
    delNetworkList(list, calls.get(pod)!, results.get(pod));
    results.delete(pod);
    console.log(`  after DEL, pod tables: ${(await lab.exec(pod, ['nft', 'list', 'tables'])).stdout.trim() || '(none)'}`);
  } finally {
    for (const [ns, result] of results) delNetworkList(list, calls.get(ns)!, result);
    await lab.cleanup();
    releaseNetnsDir(netnsDirWasMounted);
    bin.cleanup();
    fs.rmSync(ipamDir, { recursive: true, force: true });
    const left = lab.leftovers();
    if (left.length > 0) throw new Error(`the demo left behind: ${left.join(', ')}`);
    if (fs.readFileSync('/proc/sys/net/ipv4/ip_forward', 'utf8') !== ipForward) throw new Error('ip_forward changed');
    console.log('  cleaned up: namespaces, bridge, processes, IPAM state');
  }
}
