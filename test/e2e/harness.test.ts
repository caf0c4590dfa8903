// Proves the containerd e2e harness itself, on the runtime HCNPROXYCTL_E2E_RUNTIME names (1.7.24 or
// 2.1.9): packages and image from the cache, a real containerd answering with the image imported and NRI
// listening, a pod made through CRI (netns, IP, an app container reaching the bridge gateway), restart with
// the pod kept — and teardown leaving nothing on the host, with pods still running and after containerd
// crashed.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import {
  IMAGE_NAME,
  selectedRuntime,
  e2eSkipReason,
  ensureImage,
  ensurePackages,
  criFor,
  runApp,
  runPod,
  startContainerd,
  useContainerd,
  waitForLog,
  removePod,
  gatewayListener,
  type Containerd,
} from '../support/harness/index.js';

const skip = e2eSkipReason('containerd e2e harness');
const runtime = selectedRuntime();
const versionRe = new RegExp(runtime.version.replace(/\./g, '\\.'));
/** From an empty cache: apt update of the private trixie/forky lists, three .deb downloads, unpack, image build. */
const COLD_SETUP_MS = 300_000;

/** A task's status as containerd reports it (`ctr tasks ls`; a check that needs no CRI status decoding). */
async function taskStatus(cd: Containerd, id: string): Promise<string | undefined> {
  const rows = (await cd.ctr(['-n', 'k8s.io', 'tasks', 'ls'])).split('\n').map((l) => l.trim().split(/\s+/));
  return rows.find((r) => r[0] === id)?.[2];
}

const nsenterAddrs = (netns: string): string => execFileSync('nsenter', [`--net=${netns}`, 'ip', '-4', '-o', 'addr', 'show'], { encoding: 'utf8' });

describe.skipIf(skip)('containerd e2e harness', () => {
  describe('packages and image', () => {
    it(
      `unpacks ${runtime.name}, runc and the CNI plugins without installing anything`,
      async () => {
        const pk = await ensurePackages();
        const t0 = performance.now();
        await ensurePackages();
        expect(performance.now() - t0).toBeLessThan(500);
        expect(pk.runtime).toBe(runtime);
        expect(pk.versions).toMatchObject(runtime.fromSuite);
        expect(execFileSync(pk.containerd, ['--version'], { encoding: 'utf8' })).toContain(` ${runtime.version}`);
        for (const p of ['bridge', 'host-local', 'loopback']) expect(fs.existsSync(`${pk.cniDir}/${p}`)).toBe(true);
        expect(fs.readdirSync('/var/lib/apt/lists').filter((f) => f.includes(runtime.suite))).toEqual([]);
        // dpkg-query exits 1 for packages it does not know: only the output matters.
        const installed = spawnSync('dpkg-query', ['-W', '-f', '${db:Status-Abbrev} ${Package}\\n', 'containerd', 'runc'], { encoding: 'utf8' }).stdout;
        expect(installed).not.toMatch(/^ii/m);
      },
      COLD_SETUP_MS,
    );

    it(
      'builds a reproducible one-layer OCI image named localhost/e2e/pause:1',
      async () => {
        const a = await ensureImage();
        const b = await ensureImage();
        expect(b).toEqual(a);
        expect(a.name).toBe(IMAGE_NAME);
        const members = execFileSync('tar', ['-tf', a.tar], { encoding: 'utf8' }).split('\n').filter(Boolean);
        expect(members).toContain('oci-layout');
        expect(members).toContain('index.json');
        expect(members.filter((m) => /^blobs\/sha256\/[0-9a-f]{64}$/.test(m))).toHaveLength(3);
        const index = JSON.parse(execFileSync('tar', ['-xOf', a.tar, 'index.json'], { encoding: 'utf8' })) as {
          manifests: { digest: string; annotations: Record<string, string> }[];
        };
        expect(index.manifests[0]!.digest).toBe(a.manifestDigest);
        expect(index.manifests[0]!.annotations).toEqual({ 'io.containerd.image.name': IMAGE_NAME, 'org.opencontainers.image.ref.name': '1' });
      },
      COLD_SETUP_MS,
    );
  });

  describe('a running containerd', () => {
    const env = useContainerd({ chain: 'ours', nriRegistrationTimeout: '1s' });
    const cleanups: (() => Promise<void> | void)[] = [];
    afterAll(async () => {
      for (const c of cleanups.reverse()) await c();
    });

    it('answers ctr and CRI Version on its private socket', async () => {
      const { cd } = env;
      expect(cd.socket).toBe(`${cd.run}/containerd.sock`);
      expect(`${cd.socket}.ttrpc`.length).toBeLessThanOrEqual(104);
      expect(cd.runtime).toBe(runtime);
      expect(await cd.ctr(['version'])).toMatch(new RegExp(`Version:\\s+v?${versionRe.source}`));
      const cri = await criFor(cd);
      cleanups.push(() => cri.close());
      expect(await cri.version()).toMatchObject({ runtimeName: 'containerd', runtimeVersion: runtime.criVersion, runtimeApiVersion: 'v1' });
    });

    it('has the image imported in the k8s.io namespace', async () => {
      expect((await env.cd.ctr(['-n', 'k8s.io', 'images', 'ls', '-q'])).split('\n')).toContain(IMAGE_NAME);
    });

    it('listens on the NRI socket and drops a connection that never registers', async () => {
      const { cd } = env;
      expect(fs.statSync(cd.nriSocket).isSocket()).toBe(true);
      const t0 = performance.now();
      const closedAfter = await new Promise<number>((resolve, reject) => {
        const s = net.connect(cd.nriSocket);
        s.on('error', reject);
        s.on('close', () => resolve(performance.now() - t0));
        s.resume();
      });
      // plugin_registration_timeout = 1s
      expect(closedAfter).toBeGreaterThan(800);
      expect(closedAfter).toBeLessThan(5000);
    });

    it('has the conflist and our plugin executable in $RUN/cni', () => {
      const { cd } = env;
      const plugins = (cd.conflist.plugins as { type: string }[]).map((p) => p.type);
      expect(plugins).toEqual(['bridge', 'loopback', 'hcnproxyctl']);
      const out = execFileSync(`${cd.run}/cni/bin/hcnproxyctl`, [], {
        env: { CNI_COMMAND: 'VERSION', PATH: '/usr/sbin:/usr/bin:/sbin:/bin' },
        input: '{"cniVersion":"1.0.0"}',
        encoding: 'utf8',
      });
      expect(JSON.parse(out).supportedVersions).toContain('1.0.0');
    });

    it('runs a pod through CRI: netns with the IP, an app container reaching the gateway', async () => {
      const { cd } = env;
      const cri = await criFor(cd);
      cleanups.push(() => cri.close());
      const pod = await runPod(cd, cri, { annotations: { 'e2e.hcnproxyctl.io/suite': 'harness' } });
      expect(pod.ip.startsWith(cd.subnet.replace(/0\/24$/, ''))).toBe(true);
      expect(fs.existsSync(pod.netnsPath)).toBe(true);
      expect(pod.netnsPath.startsWith(`${cd.run}/state/`)).toBe(true);
      expect(nsenterAddrs(pod.netnsPath)).toContain(`eth0    inet ${pod.ip}/24`);
      expect(fs.existsSync(cd.cgroupDirs[0]!)).toBe(true);

      const listener = await gatewayListener(cd.gateway, 'e2e-gateway');
      cleanups.push(() => listener.close());
      const app = await runApp(cri, pod, ['connect', cd.gateway, String(listener.port)]);
      expect(await waitForLog(app, /^app: connect /)).toBe(`app: connect ${cd.gateway}:${listener.port} -> e2e-gateway`);
      expect(await waitForLog(app, /^app: addr eth0 /)).toBe(`app: addr eth0 ${pod.ip}`);
      expect(listener.received).toEqual([pod.ip]);
      expect(await taskStatus(cd, app.id)).toBe('RUNNING');

      await cri.stopContainer(app.id, 5);
      await waitForLog(app, /^app: exit on signal 15$/);
      await removePod(cri, pod);
      expect(await taskStatus(cd, pod.id)).toBeUndefined();
      expect(fs.existsSync(pod.netnsPath)).toBe(false);
    });

    it('restarts containerd, keeping a running pod', async () => {
      const { cd } = env;
      const cri = await criFor(cd);
      cleanups.push(() => cri.close());
      const pod = await runPod(cd, cri);
      const app = await runApp(cri, pod);
      await waitForLog(app, /^app: idle$/);
      const before = cd.pid;
      await cd.restart();
      expect(cd.pid).not.toBe(before);
      expect(await cd.ctr(['version'])).toMatch(versionRe);
      const again = await criFor(cd);
      cleanups.push(() => again.close());
      expect(await taskStatus(cd, pod.id)).toBe('RUNNING');
      expect(await taskStatus(cd, app.id)).toBe('RUNNING');
      expect(fs.statSync(cd.nriSocket).isSocket()).toBe(true);
      // The pod and its app stay running: useContainerd's afterAll must tear them down and find nothing left.
    });
  });

  describe('teardown', () => {
    async function withRunningPod(cd: Containerd): Promise<void> {
      const cri = await criFor(cd);
      try {
        const pod = await runPod(cd, cri);
        await waitForLog(await runApp(cri, pod), /^app: idle$/);
      } finally {
        cri.close();
      }
    }

    it('leaves nothing behind with a pod and a container still running; stop() twice is fine', async () => {
      const cd = await startContainerd({ chain: 'none' });
      try {
        await withRunningPod(cd);
        const held = cd.leftovers().join('\n');
        // What stop() has to undo, as leftovers() sees it while running.
        expect(held).toContain(`link ${cd.bridge}`);
        expect(held).toMatch(/process \d+: .*containerd-shim-runc-v2/);
        expect(held).toContain(`mount ${cd.run}/`);
        expect(held).toContain(`cgroup ${cd.cgroupDirs[0]}`);
      } finally {
        await cd.stop();
      }
      expect(cd.leftovers()).toEqual([]);
      await cd.stop();
      expect(cd.leftovers()).toEqual([]);
    });

    it('lets concurrent runs share the host state they change: the last one to stop restores it', async () => {
      const ipForward = fs.readFileSync('/proc/sys/net/ipv4/ip_forward', 'utf8').trim();
      const a = await startContainerd({ chain: 'none' });
      let b: Containerd | undefined;
      try {
        await withRunningPod(a);
        b = await startContainerd({ chain: 'none' });
        expect(b.subnet).not.toBe(a.subnet);
        expect(b.snapshotBefore.ipForward).toBe(ipForward);
        await withRunningPod(b);
        await a.stop();
        // b still runs its pod (bridge, veth, shim socket, ip_forward=1): none of that is a's.
        expect(a.leftovers()).toEqual([]);
        expect(fs.readFileSync('/proc/sys/net/ipv4/ip_forward', 'utf8').trim()).toBe('1');
      } finally {
        await a.stop();
        await b?.stop();
      }
      expect(b.leftovers()).toEqual([]);
      expect(fs.readFileSync('/proc/sys/net/ipv4/ip_forward', 'utf8').trim()).toBe(ipForward);
    });

    it('leaves nothing behind after containerd crashed with a pod running', async () => {
      const cd = await startContainerd({ chain: 'none' });
      try {
        await withRunningPod(cd);
        process.kill(cd.pid, 'SIGKILL');
      } finally {
        await cd.stop();
      }
      expect(cd.leftovers()).toEqual([]);
    });
  });
});
