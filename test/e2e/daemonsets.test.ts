// The deployment story without a kubelet: `npm run build:image`'s image imported into the project's
// real containerd (`ctr images import`), and the Linux DaemonSets' containers (conf/kubernetes/
// linux-daemonset.yaml: their image, command, securityContext and hostPath volumes — the host paths
// mapped to this run's CNI and NRI directories, the ConfigMap written to a folder) run through CRI
// the way kubelet would. The CNI one installs the executable and our conflist entry, and the next
// opted-in pod is redirected by it; restarted (a new attempt of its container, as kubelet restarts it),
// it finds the entry in place and rewrites nothing — also when it was given `--conf-file X.conf` for a
// network plugin's single-plugin .conf without a name, which it turned into an X.conflist containerd
// loads. The NRI one registers on containerd's NRI socket and redirects a pod.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MountPropagation, NamespaceMode, type CriClient, type Mount, type PodSandboxConfig } from '../../src/cri/index.js';
import { parseYaml } from '../../src/yaml/index.js';
import { ROOT } from '../support/cli.js';
import { criFor, e2eSkipReason, netnsTables, removePod, runPod, useContainerd, type Containerd, type Pod } from '../support/harness/index.js';
import { sleep } from '../support/harness/proc.js';

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

let daemonSetRuns = 0;

interface RunningDaemonSet {
  sandboxId: string;
  containerId: string;
  attempt: number;
  /** The current attempt's container log. */
  log(): string;
  /** Stops the container (SIGTERM, as kubelet does), removes it and starts the next attempt; returns the old one's exit code. */
  restart(): Promise<number | undefined>;
}

/** Runs a DaemonSet's (only) container through CRI, its hostPath volumes mapped by `hostPaths`; `command` replaces the manifest's. */
async function runDaemonSet(
  cd: Containerd,
  cri: CriClient,
  ds: DaemonSet,
  imageRef: string,
  hostPaths: Record<string, string>,
  configDir: string,
  command?: string[],
): Promise<RunningDaemonSet> {
  const pod = ds.spec.template.spec;
  const c = pod.containers[0]!;
  // A pod per run: its log directory (and the attempts' log files in it) are this run's alone.
  const name = `${ds.metadata.name}-${process.pid}-${++daemonSetRuns}`;
  const logDirectory = cd.podLogDir('hcnproxyctl-system', name, `${cd.tag}-${name}`);
  const sandbox: PodSandboxConfig = {
    metadata: { name, uid: `${cd.tag}-${name}`, namespace: 'hcnproxyctl-system', attempt: 0 },
    hostname: '',
    logDirectory,
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
  const sandboxId = await cri.runPodSandbox(sandbox);
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
  // Attempt 0 logs to <container>.log (as before); later attempts to <container>.<attempt>.log.
  const logPath = (attempt: number) => (attempt === 0 ? `${c.name}.log` : `${c.name}.${attempt}.log`);
  const start = async (attempt: number) => {
    const id = await cri.createContainer(
      sandboxId,
      {
        metadata: { name: c.name, attempt },
        image: { image: imageRef },
        command: command ?? c.command,
        args: [],
        mounts,
        logPath: logPath(attempt),
        labels: {},
        annotations: {},
        linux: { securityContext: { privileged: c.securityContext?.privileged === true, namespaceOptions: sandbox.linux!.securityContext!.namespaceOptions! } },
      },
      sandbox,
    );
    await cri.startContainer(id);
    return id;
  };
  const ds0: RunningDaemonSet = {
    sandboxId,
    containerId: await start(0),
    attempt: 0,
    log: () => {
      const file = path.join(logDirectory, logPath(ds0.attempt));
      return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    },
    restart: async () => {
      await cri.stopContainer(ds0.containerId, 10);
      const exitCode = (await cri.containerStatus(ds0.containerId)).status?.exitCode;
      await cri.removeContainer(ds0.containerId);
      ds0.attempt += 1;
      ds0.containerId = await start(ds0.attempt);
      return exitCode;
    },
  };
  return ds0;
}

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

    const dirs = () => ({ binDir: path.join(suite.cd.run, 'cni', 'bin'), confDir: path.join(suite.cd.run, 'cni', 'net.d') });
    /** The ConfigMap as kubelet projects it; its log file pointed into this run instead of the host's /var/log. */
    const projectConfigMap = () => {
      const { configMap } = manifests();
      for (const [file, text] of Object.entries(configMap.data)) {
        const doc = JSON.parse(text) as Json;
        if (doc.logFile) doc.logFile = path.join(tmp, path.basename(String(doc.logFile)));
        fs.writeFileSync(path.join(tmp, file), JSON.stringify(doc));
      }
    };
    const start = (command?: string[]) => {
      const { binDir, confDir } = dirs();
      return runDaemonSet(suite.cd, cri, manifests().cni, 'hcnproxyctl:0.1.0', { '/opt/cni/bin': binDir, '/etc/cni/net.d': confDir }, tmp, command);
    };
    const ours = (file: string) => ((JSON.parse(fs.readFileSync(file, 'utf8')) as { plugins: Json[] }).plugins ?? []).filter((p) => p.type === 'hcnproxyctl');
    const stamp = (file: string) => {
      const st = fs.statSync(file);
      return { ino: st.ino, mtimeMs: st.mtimeMs, text: fs.readFileSync(file, 'utf8') };
    };
    /** An opted-in pod gets our table, a plain one none: containerd loads the configuration and runs our entry. */
    const podsRedirected = async () => {
      const pod = await runPod(suite.cd, cri, { annotations: ISTIO });
      pods.push(pod);
      expect(netnsTables(pod.netnsPath)).toBe('table inet hcnproxyctl');
      const plain = await runPod(suite.cd, cri, { annotations: { app: 'plain' } });
      pods.push(plain);
      expect(netnsTables(plain.netnsPath)).toBe('');
    };
    /** Restarts the container; the new attempt finds the entry in place (logged at start) and rewrites nothing. */
    const restartFindsItInPlace = async (ds: RunningDaemonSet, file: string) => {
      const before = stamp(file);
      expect(await ds.restart()).toBe(0); // SIGTERM: the watcher stops cleanly
      await waitFor(
        () => /"msg":"entry in place".*"reason":"start"/.test(ds.log()),
        60_000,
        () => `"entry in place" after the restart; container log:\n${ds.log()}`,
      );
      expect(ds.log()).toContain(`"action":"unchanged","file":"/host/etc/cni/net.d/${path.basename(file)}"`);
      expect(ds.log()).not.toMatch(/"level":"(warn|error)"/);
      expect(stamp(file)).toEqual(before);
      expect(ours(file)).toHaveLength(1);
    };

    it('installs the executable and our entry into the CNI directories; the next opted-in pod is redirected by it; a restart finds it in place', async () => {
      const { cni } = manifests();
      expect(cni.spec.template.spec.containers[0]!.image).toBe('hcnproxyctl:0.1.0');
      projectConfigMap();
      const { binDir, confDir } = dirs();
      const ds = await start();
      pods.push(ds.sandboxId);
      const file = path.join(confDir, `10-e2e-${suite.cd.tag}.conflist`);
      await waitFor(
        () => fs.existsSync(path.join(binDir, 'hcnproxyctl')) && ours(file).length === 1,
        60_000,
        () => `the entry and the executable; container log:\n${ds.log()}`,
      );
      await podsRedirected();
      await restartFindsItInPlace(ds, file);
      await podsRedirected();
      await removePod(cri, pods.splice(pods.indexOf(ds.sandboxId), 1)[0]!);
    }, 240_000);

    it('--conf-file X.conf for a single-plugin .conf without a name: an X.conflist containerd loads; restarted with the same X.conf, it finds X.conflist', async () => {
      projectConfigMap();
      const { confDir } = dirs();
      // The network plugin's configuration becomes a single-plugin .conf without a name (as linkerd's 10-calico.conf fixture).
      const listFile = path.join(confDir, `10-e2e-${suite.cd.tag}.conflist`);
      const list = JSON.parse(fs.readFileSync(listFile, 'utf8')) as { cniVersion: string; plugins: Json[] };
      const bridge = list.plugins.find((p) => p.type === 'bridge')!;
      const conf = path.join(confDir, '10-e2e.conf');
      fs.writeFileSync(conf, JSON.stringify({ cniVersion: list.cniVersion, ...bridge }, null, 2));
      fs.rmSync(listFile);
      const command = manifests().cni.spec.template.spec.containers[0]!.command.flatMap((a, i, all) =>
        a === '--conf-dir' ? ['--conf-file'] : all[i - 1] === '--conf-dir' ? ['/host/etc/cni/net.d/10-e2e.conf'] : [a],
      );
      expect(command).toContain('--conf-file');
      const ds = await start(command);
      pods.push(ds.sandboxId);
      const converted = path.join(confDir, '10-e2e.conflist');
      await waitFor(
        () => fs.existsSync(converted) && ours(converted).length === 1 && !fs.existsSync(conf),
        60_000,
        () => `the conversion; container log:\n${ds.log()}`,
      );
      const written = JSON.parse(fs.readFileSync(converted, 'utf8')) as Json;
      expect(written).toMatchObject({ cniVersion: list.cniVersion, name: 'k8s-pod-network' });
      expect((written.plugins as Json[]).map((p) => p.type)).toEqual(['bridge', 'hcnproxyctl']);
      // containerd reloads the directory on the rename and the removal; pods start on the converted list and are redirected
      await waitFor(
        () => /"msg":"entry inserted"/.test(ds.log()),
        10_000,
        () => ds.log(),
      );
      await sleep(1000);
      await podsRedirected();
      await restartFindsItInPlace(ds, converted);
      await podsRedirected();
    }, 240_000);
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
      const ds = await runDaemonSet(
        suite.cd,
        cri,
        nri,
        'hcnproxyctl:0.1.0',
        { '/var/run/nri': suite.cd.run, '/var/run/netns': netnsDir, '/var/run/netns@container': netnsDir },
        tmp,
      );
      pods.push(ds.sandboxId);
      await waitFor(
        () => /"msg":"synchronized"/.test(ds.log()),
        60_000,
        () => `registration; container log:\n${ds.log()}`,
      );
      const pod = await runPod(suite.cd, cri, { annotations: ISTIO });
      pods.push(pod);
      expect(netnsTables(pod.netnsPath)).toBe('table inet hcnproxyctl');
      expect(ds.log()).toMatch(/"msg":"redirect applied".*"profile":"istio"/);
    }, 180_000);
  });
});
