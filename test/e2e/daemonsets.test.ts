// The deployment story without a kubelet: `npm run build:image`'s image imported into the project's
// real containerd (`ctr images import`), and the Linux DaemonSets' containers (conf/kubernetes/
// linux-daemonset.yaml: their image, command, securityContext and hostPath volumes — the host paths
// mapped to this run's CNI and NRI directories, the ConfigMap written to a folder) run through CRI
// the way kubelet would. The CNI one installs the executable and our conflist entry, and the next
// opted-in pod is redirected by it; the NRI one registers on containerd's NRI socket and redirects a pod.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MountPropagation, NamespaceMode, type CriClient, type Mount, type PodSandboxConfig } from '../../src/cri/index.js';
import { parseYaml } from '../../src/yaml/index.js';
import { ROOT } from '../helpers/cli.js';
import { criFor, e2eSkipReason, netnsTables, removePod, runPod, useContainerd, type Containerd, type Pod } from './harness/index.js';
import { sleep } from './harness/proc.js';

const skip = e2eSkipReason('the DaemonSets on containerd 1.7.24');
const IMAGE_INFO = path.join(ROOT, 'dist', 'image', 'image.json');
const sh = (cmd: string, args: string[]) => {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr}`);
};
const ISTIO = { 'sidecar.istio.io/status': '{"initContainers":null,"containers":["istio-proxy"]}' };

type Json = Record<string, unknown>;
interface ContainerSpec {
  name: string;
  image: string;
  command: string[];
  securityContext?: { privileged?: boolean };
  volumeMounts: { name: string; mountPath: string; readOnly?: boolean; mountPropagation?: string }[];
}
interface DaemonSet {
  metadata: { name: string };
  spec: {
    template: {
      spec: {
        hostNetwork?: boolean;
        hostPID?: boolean;
        containers: ContainerSpec[];
        volumes: { name: string; hostPath?: { path: string }; configMap?: { name: string } }[];
      };
    };
  };
}

/** The image: built by `node build/image.mjs` when missing or older than the executable. */
function image(): { tar: string; ref: string; tarBytes: number } {
  const exe = path.join(ROOT, 'dist', 'hcnproxyctl');
  const fresh = fs.existsSync(IMAGE_INFO) && fs.statSync(IMAGE_INFO).mtimeMs > fs.statSync(exe).mtimeMs;
  if (!fresh) {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'build', 'image.mjs')], { encoding: 'utf8', timeout: 600_000 });
    if (r.status !== 0) throw new Error(`build/image.mjs failed: ${r.stderr}`);
  }
  return JSON.parse(fs.readFileSync(IMAGE_INFO, 'utf8')) as { tar: string; ref: string; tarBytes: number };
}

const manifests = () => {
  const docs = fs
    .readFileSync(path.join(ROOT, 'conf', 'kubernetes', 'linux-daemonset.yaml'), 'utf8')
    .split(/^---$/m)
    .map((d) => parseYaml(d, 'linux-daemonset.yaml') as Json);
  const configMap = docs.find((d) => d.kind === 'ConfigMap') as { data: Record<string, string> };
  const daemonSet = (name: string) => docs.find((d) => d.kind === 'DaemonSet' && (d.metadata as Json).name === name) as unknown as DaemonSet;
  return { configMap, cni: daemonSet('hcnproxyctl-cni'), nri: daemonSet('hcnproxyctl-nri') };
};

/** Runs a DaemonSet's (only) container through CRI, its hostPath volumes mapped by `hostPaths`. */
async function runDaemonSet(
  cd: Containerd,
  cri: CriClient,
  ds: DaemonSet,
  imageRef: string,
  hostPaths: Record<string, string>,
  configDir: string,
): Promise<string> {
  const pod = ds.spec.template.spec;
  const c = pod.containers[0]!;
  const name = `${ds.metadata.name}-${process.pid}`;
  const sandbox: PodSandboxConfig = {
    metadata: { name, uid: `${cd.tag}-${name}`, namespace: 'hcnproxyctl-system', attempt: 0 },
    hostname: '',
    logDirectory: cd.podLogDir('hcnproxyctl-system', name, `${cd.tag}-${name}`),
    labels: {},
    annotations: {},
    linux: {
      cgroupParent: cd.cgroupParent,
      securityContext: {
        namespaceOptions: {
          network: pod.hostNetwork ? NamespaceMode.NODE : NamespaceMode.POD,
          pid: pod.hostPID ? NamespaceMode.NODE : NamespaceMode.CONTAINER,
          ipc: NamespaceMode.POD,
        },
        privileged: c.securityContext?.privileged === true,
      },
    },
  };
  const id = await cri.runPodSandbox(sandbox);
  const mounts: Mount[] = c.volumeMounts.map((m) => {
    const v = pod.volumes.find((x) => x.name === m.name)!;
    const hostPath = v.configMap ? configDir : hostPaths[v.hostPath!.path];
    if (!hostPath) throw new Error(`no mapping for hostPath ${v.hostPath?.path}`);
    // A hostPath the test maps elsewhere is mounted where the plugin will look for it (the same path as on the "host").
    const containerPath = v.hostPath && hostPaths[`${v.hostPath.path}@container`] ? hostPaths[`${v.hostPath.path}@container`]! : m.mountPath;
    return {
      containerPath,
      hostPath,
      readonly: m.readOnly === true,
      selinuxRelabel: false,
      propagation: m.mountPropagation === 'HostToContainer' ? MountPropagation.PROPAGATION_HOST_TO_CONTAINER : MountPropagation.PROPAGATION_PRIVATE,
    };
  });
  const containerId = await cri.createContainer(
    id,
    {
      metadata: { name: c.name, attempt: 0 },
      image: { image: imageRef },
      command: c.command,
      args: [],
      mounts,
      logPath: `${c.name}.log`,
      labels: {},
      annotations: {},
      linux: { securityContext: { privileged: c.securityContext?.privileged === true, namespaceOptions: sandbox.linux!.securityContext!.namespaceOptions! } },
    },
    sandbox,
  );
  await cri.startContainer(containerId);
  return id;
}

const containerLog = (cd: Containerd, ds: DaemonSet, container: string) => {
  const name = `${ds.metadata.name}-${process.pid}`;
  const file = path.join(cd.podLogDir('hcnproxyctl-system', name, `${cd.tag}-${name}`), `${container}.log`);
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
};

async function waitFor(cond: () => boolean, ms: number, what: () => string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what()}`);
    await sleep(100);
  }
}

describe.skipIf(skip)('the Linux DaemonSets, run through CRI with the built image', () => {
  describe('hcnproxyctl-cni (install-cni --watch)', () => {
    const suite = useContainerd({ chain: 'none' });
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hcnproxyctl-ds-cni-'));
    let cri: CriClient;
    const pods: (Pod | string)[] = [];
    beforeAll(async () => {
      cri = await criFor(suite.cd);
      const img = image();
      await suite.cd.ctr(['-n', 'k8s.io', 'images', 'import', img.tar]);
    }, 600_000);
    afterAll(async () => {
      for (const p of pods) await removePod(cri, p).catch(() => undefined);
      cri?.close();
      fs.rmSync(tmp, { recursive: true, force: true });
    });

    it('installs the executable and our entry into the CNI directories; the next opted-in pod is redirected by it', async () => {
      const { configMap, cni } = manifests();
      expect(cni.spec.template.spec.containers[0]!.image).toBe('hcnproxyctl:0.1.0');
      // The ConfigMap as kubelet projects it; its log file pointed into this run instead of the host's /var/log.
      for (const [file, text] of Object.entries(configMap.data)) {
        const doc = JSON.parse(text) as Json;
        if (doc.logFile) doc.logFile = path.join(tmp, path.basename(String(doc.logFile)));
        fs.writeFileSync(path.join(tmp, file), JSON.stringify(doc));
      }
      const binDir = path.join(suite.cd.run, 'cni', 'bin');
      const confDir = path.join(suite.cd.run, 'cni', 'net.d');
      pods.push(await runDaemonSet(suite.cd, cri, cni, 'hcnproxyctl:0.1.0', { '/opt/cni/bin': binDir, '/etc/cni/net.d': confDir }, tmp));
      await waitFor(
        () =>
          fs.existsSync(path.join(binDir, 'hcnproxyctl')) &&
          fs.readdirSync(confDir).some((f) => fs.readFileSync(path.join(confDir, f), 'utf8').includes('"hcnproxyctl"')),
        60_000,
        () => `the entry and the executable; container log:\n${containerLog(suite.cd, cni, 'install-cni')}`,
      );
      const pod = await runPod(suite.cd, cri, { annotations: ISTIO });
      pods.push(pod);
      expect(netnsTables(pod.netnsPath)).toBe('table inet hcnproxyctl');
      const plain = await runPod(suite.cd, cri, { annotations: { app: 'plain' } });
      pods.push(plain);
      expect(netnsTables(plain.netnsPath)).toBe('');
    }, 180_000);
  });

  describe('hcnproxyctl-nri', () => {
    const suite = useContainerd({ chain: 'none', nriRequestTimeout: '2s' });
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hcnproxyctl-ds-nri-'));
    let cri: CriClient;
    const pods: (Pod | string)[] = [];
    beforeAll(async () => {
      cri = await criFor(suite.cd);
      await suite.cd.ctr(['-n', 'k8s.io', 'images', 'import', image().tar]);
    }, 600_000);
    let sharedMount: string | undefined;
    afterAll(async () => {
      for (const p of pods) await removePod(cri, p).catch(() => undefined);
      cri?.close();
      if (sharedMount) sh('umount', ['-l', sharedMount]);
      fs.rmSync(tmp, { recursive: true, force: true });
    });

    it("registers on containerd's NRI socket and redirects the next opted-in pod", async () => {
      const { configMap, nri } = manifests();
      for (const [file, text] of Object.entries(configMap.data)) fs.writeFileSync(path.join(tmp, file), text);
      // The run's NRI socket is $RUN/nri.sock; its pods' network namespaces live under the CRI state dir.
      const netnsDir = path.join(suite.cd.run, 'state', 'io.containerd.grpc.v1.cri', 'netns');
      fs.mkdirSync(netnsDir, { recursive: true });
      // A node's /var/run/netns is a shared mount (iproute2 and runtimes make it one), so that network
      // namespaces created later appear in the plugin's container (mountPropagation: HostToContainer).
      sh('mount', ['--bind', netnsDir, netnsDir]);
      sh('mount', ['--make-shared', netnsDir]);
      sharedMount = netnsDir;
      pods.push(
        await runDaemonSet(
          suite.cd,
          cri,
          nri,
          'hcnproxyctl:0.1.0',
          { '/var/run/nri': suite.cd.run, '/var/run/netns': netnsDir, '/var/run/netns@container': netnsDir },
          tmp,
        ),
      );
      await waitFor(
        () => /"msg":"synchronized"/.test(containerLog(suite.cd, nri, 'nri')),
        60_000,
        () => `registration; container log:\n${containerLog(suite.cd, nri, 'nri')}`,
      );
      const pod = await runPod(suite.cd, cri, { annotations: ISTIO });
      pods.push(pod);
      expect(netnsTables(pod.netnsPath)).toBe('table inet hcnproxyctl');
      expect(containerLog(suite.cd, nri, 'nri')).toMatch(/"msg":"redirect applied".*"profile":"istio"/);
    }, 180_000);
  });
});
