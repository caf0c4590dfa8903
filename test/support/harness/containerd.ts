// One real containerd (CRI + NRI) in a short temporary directory $RUN, with the reference CNI plugins
// and — for chain 'ours' — hcnproxyctl as a chained plugin, the local e2e image imported, and a teardown
// that leaves the host as it found it (each file checks: no mount, cgroup, bridge, process or ip_forward
// change left). The runtime is 1.7.24 (config version 2) or 2.1.9 (config version 3), chosen per run by
// HCNPROXYCTL_E2E_RUNTIME (runtime.ts) or the `runtime` option.
//
// Naming: $TAG = the first 8 hex of sha256($RUN); bridge, CNI network and pods' cgroup parent are all
// `e2e-$TAG`. Pods must pass `linux.cgroupParent: cgroupParent` (host.ts) and `logDirectory: podLogDir(…)`.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { cgroupDirsUnder, leftovers as hostLeftovers, snapshotHost, type HostSnapshot } from './host.js';
import { ensureImage, type E2eImage } from './image.js';
import { defaultCacheDir, ensurePackages, REPO_ROOT, type Packages } from './packages.js';
import { isGone, run as runCmd, runSync, sleep, startTime } from './proc.js';
import { otherLiveRuns, RUN_PARENT, RUN_PREFIX, sharedBaseline, shimSockets, type RunState } from './runs.js';
import { selectedRuntime, type Runtime } from './runtime.js';
import { stopContainerdSync, sweepAbandonedRuns, teardownSync } from './teardown.js';

/** The bundled entry the CNI wrapper runs (built by `npm run build`). */
export const MAIN_CJS = path.join(REPO_ROOT, 'dist', 'main.cjs');
/** Reference plugins linked into `$RUN/cni/bin` (loopback always: containerd's own cni-loopback needs it). */
const REFERENCE_PLUGINS = ['bridge', 'host-local', 'loopback'];
const POD_ANNOTATIONS = 'io.kubernetes.cri.pod-annotations';
/** containerd refuses unix socket paths longer than this. */
const MAX_SOCKET_PATH = 104;

export interface ExtraPlugin {
  /** The conflist `type`, also the file name in `$RUN/cni/bin`. */
  type: string;
  /** An executable to copy there. */
  executable: string;
  /** More keys of its conflist entry. */
  config?: Record<string, unknown>;
}

export interface ContainerdOptions {
  /** Download/build cache; default `$HCNPROXYCTL_E2E_CACHE` or `<repo>/.cache/e2e`. */
  cache?: string;
  /** Which containerd; default the one HCNPROXYCTL_E2E_RUNTIME names (1.7 when unset). */
  runtime?: Runtime;
  /** 'ours' (default): bridge + loopback + hcnproxyctl; 'none': bridge + loopback (e.g. for the NRI suites). */
  chain?: 'ours' | 'none';
  /** Extra keys of the hcnproxyctl conflist entry (policy, profiles, logFile, …). */
  pluginConfig?: Record<string, unknown>;
  /** An executable to install as the plugin instead of the wrapper that runs dist/main.cjs with this Node. */
  pluginExecutable?: string;
  /** Plugins appended after ours (e.g. a recording plugin). */
  extraPlugins?: ExtraPlugin[];
  /** `10.88.N.0/24` by default (N from $TAG, the first no route or address covers); give parallel suites distinct ones. */
  subnet?: string;
  /** NRI `plugin_registration_timeout` (default "5s"). */
  nriRegistrationTimeout?: string;
  /** NRI `plugin_request_timeout` (default "2s"). */
  nriRequestTimeout?: string;
  /**
   * A pre-installed NRI plugin: containerd starts `nri/plugins/<name>` itself (name `NN-name`), with
   * `nri/conf.d/<name>.conf` as its configuration. Default executable: a wrapper running
   * `hcnproxyctl nri --log-file $RUN/nri-<name>.log` (the log names $RUN, so teardown finds the process).
   */
  nriPreinstalled?: { name: string; config?: string; executable?: string };
  /** Extra environment for containerd (and so for the CNI plugins it runs). */
  env?: Record<string, string>;
  logLevel?: 'debug' | 'info' | 'warn';
  /** How long to wait for `ctr version` after a (re)start; default 30 s. */
  readyTimeoutMs?: number;
}

export interface Containerd {
  /** `$RUN`, e.g. /tmp/ce2e.Ab12Cd. */
  readonly run: string;
  readonly tag: string;
  /** The gRPC socket (CRI and containerd API), a plain path. */
  readonly socket: string;
  /** `unix://<socket>`, for gRPC clients. */
  readonly endpoint: string;
  readonly nriSocket: string;
  /** Bridge interface (and CNI network) name `e2e-$TAG`; created by the first pod's ADD. */
  readonly bridge: string;
  /** The bridge's address, the only host address pods can reach. */
  readonly gateway: string;
  readonly subnet: string;
  /** `e2e-$TAG`: pass as `linux.cgroupParent` of every pod. */
  readonly cgroupParent: string;
  /** The pods' cgroup parent dirs, one per hierarchy (for assertions and teardown). */
  readonly cgroupDirs: readonly string[];
  readonly image: E2eImage;
  /** The containerd this run is (1.7.24 or 2.x). */
  readonly runtime: Runtime;
  readonly packages: Packages;
  /** containerd's PID (changes on restart). */
  readonly pid: number;
  /** The conflist containerd uses. */
  readonly conflist: Record<string, unknown>;
  readonly configPath: string;
  readonly logFile: string;
  readonly snapshotBefore: HostSnapshot;
  /** A pod's `logDirectory` under `$RUN/logs` (containerd creates it). */
  podLogDir(namespace: string, name: string, uid: string): string;
  /** `ctr --address <socket> <args…>` (for checks). */
  ctr(args: readonly string[]): Promise<string>;
  /** The last lines of containerd's log. */
  logTail(lines?: number): string;
  /**
   * SIGTERM containerd, wait, start it again with the same config; pods keep running. `whileStopped`
   * runs between the two (to observe what the node looks like without containerd, deterministically).
   */
  restart(opts?: { whileStopped?: () => Promise<void> }): Promise<void>;
  /** The full teardown; safe to call twice. Throws when something could not be removed. */
  stop(): Promise<void>;
  /** What differs on the host from the snapshot taken before start (empty after a clean stop()). */
  leftovers(): string[];
}

// ---- runs alive in this process, torn down on SIGINT/SIGTERM/exit of the runner --------------------

const live = new Set<RunState>();
const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

function onSignal(sig: NodeJS.Signals): void {
  for (const s of [...live]) {
    try {
      teardownSync(s);
    } catch (e) {
      console.error(`e2e teardown of ${s.run} on ${sig}: ${(e as Error).message}`);
    }
    live.delete(s);
  }
  unregister();
  process.kill(process.pid, sig);
}

function onExit(): void {
  for (const s of [...live]) {
    try {
      teardownSync(s);
    } catch {
      // nothing more can be done while exiting
    }
    live.delete(s);
  }
}

function register(s: RunState): void {
  if (live.size === 0) {
    for (const sig of SIGNALS) process.on(sig, onSignal);
    process.on('exit', onExit);
  }
  live.add(s);
}

function unregister(s?: RunState): void {
  if (s) live.delete(s);
  if (live.size > 0) return;
  for (const sig of SIGNALS) process.off(sig, onSignal);
  process.off('exit', onExit);
}

// ---- subnet --------------------------------------------------------------------------------------

const ipToInt = (ip: string): number => ip.split('.').reduce((a, o) => a * 256 + Number(o), 0);

function prefixOf(cidr: string): [number, number] {
  const [ip, len = '32'] = cidr.split('/');
  const bits = Number(len);
  const size = 2 ** (32 - bits);
  const start = Math.floor(ipToInt(ip!) / size) * size;
  return [start, start + size - 1];
}

const overlaps = (a: [number, number], b: [number, number]): boolean => a[0] <= b[1] && b[0] <= a[1];

/** `10.88.N.0/24` with N from the tag: the first that no route (other than default) or address covers. */
async function pickSubnet(tag: string): Promise<string> {
  const routes = JSON.parse((await runCmd('ip', ['-j', '-4', 'route', 'show', 'table', 'all'])).stdout || '[]') as { dst?: string }[];
  const addrs = JSON.parse((await runCmd('ip', ['-j', '-4', 'addr', 'show'])).stdout || '[]') as { addr_info?: { local: string; prefixlen: number }[] }[];
  const taken: [number, number][] = [];
  for (const r of routes) if (r.dst && r.dst !== 'default' && /^\d/.test(r.dst)) taken.push(prefixOf(r.dst));
  for (const l of addrs) for (const a of l.addr_info ?? []) taken.push(prefixOf(`${a.local}/${a.prefixlen}`));
  const first = (parseInt(tag.slice(0, 2), 16) % 250) + 1;
  for (let i = 0; i < 250; i++) {
    const n = ((first - 1 + i) % 250) + 1;
    const subnet = `10.88.${n}.0/24`;
    if (!taken.some((t) => overlaps(t, prefixOf(subnet)))) return subnet;
  }
  throw new Error('no free 10.88.N.0/24 subnet');
}

function gatewayOf(subnet: string): string {
  const start = prefixOf(subnet)[0] + 1;
  return [24, 16, 8, 0].map((s) => Math.floor(start / 2 ** s) % 256).join('.');
}

// ---- configuration files -------------------------------------------------------------------------

const toml = (s: string): string => JSON.stringify(s);

interface ConfigInput {
  run: string;
  image: string;
  runc: string;
  registration: string;
  request: string;
}

/** The NRI section, the same in both schemas (on by default in 2.x; spelled out for the private socket). */
function nriSection(o: ConfigInput): string {
  const r = (p: string) => toml(path.join(o.run, p));
  return `[plugins."io.containerd.nri.v1.nri"]
  disable = false
  disable_connections = false
  socket_path = ${r('nri.sock')}
  plugin_path = ${r('nri/plugins')}
  plugin_config_path = ${r('nri/conf.d')}
  plugin_registration_timeout = ${toml(o.registration)}
  plugin_request_timeout = ${toml(o.request)}
`;
}

/** containerd 1.7: config version 2, one CRI plugin `io.containerd.grpc.v1.cri` (containerd docs/cri/config.md @v1.7.24). */
function configToml2(o: ConfigInput): string {
  const r = (p: string) => toml(path.join(o.run, p));
  return `version = 2
root = ${r('root')}
state = ${r('state')}
disabled_plugins = [
  "io.containerd.internal.v1.opt",
  "io.containerd.snapshotter.v1.aufs",
  "io.containerd.snapshotter.v1.btrfs",
  "io.containerd.snapshotter.v1.devmapper",
  "io.containerd.snapshotter.v1.zfs",
]

[grpc]
  address = ${r('containerd.sock')}

[ttrpc]
  address = ${r('containerd.sock.ttrpc')}

[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = ${toml(o.image)}
  restrict_oom_score_adj = true
  netns_mounts_under_state_dir = true
  enable_selinux = false
  disable_apparmor = true
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        BinaryName = ${toml(o.runc)}
        Root = ${r('runc')}
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = ${r('cni/bin')}
    conf_dir = ${r('cni/net.d')}
    max_conf_num = 1

${nriSection(o)}`;
}

/**
 * containerd 2.x: config version 3. The CRI plugin is split into `io.containerd.cri.v1.images` (snapshotter,
 * the pinned sandbox image) and `io.containerd.cri.v1.runtime` (runtimes, CNI with `bin_dirs`, the
 * security knobs); `io.containerd.grpc.v1.cri` keeps the streaming server only. For a private instance
 * on top of what 1.7 needs: CDI off (it would read /etc/cdi and /var/run/cdi), the image verifier's
 * bin_dir inside $RUN (default /opt/containerd/image-verifier/bin), and the erofs snapshotter and differ
 * off (containerd docs/cri/config.md @v2.1.9; `containerd config default` prints the build's real defaults).
 */
function configToml3(o: ConfigInput): string {
  const r = (p: string) => toml(path.join(o.run, p));
  return `version = 3
root = ${r('root')}
state = ${r('state')}
disabled_plugins = [
  "io.containerd.internal.v1.opt",
  "io.containerd.snapshotter.v1.btrfs",
  "io.containerd.snapshotter.v1.devmapper",
  "io.containerd.snapshotter.v1.zfs",
  "io.containerd.snapshotter.v1.erofs",
  "io.containerd.differ.v1.erofs",
]

[grpc]
  address = ${r('containerd.sock')}

[ttrpc]
  address = ${r('containerd.sock.ttrpc')}

[plugins."io.containerd.cri.v1.images"]
  snapshotter = "overlayfs"
  [plugins."io.containerd.cri.v1.images".pinned_images]
    sandbox = ${toml(o.image)}

[plugins."io.containerd.cri.v1.runtime"]
  restrict_oom_score_adj = true
  netns_mounts_under_state_dir = true
  enable_selinux = false
  disable_apparmor = true
  enable_cdi = false
  cdi_spec_dirs = []
  [plugins."io.containerd.cri.v1.runtime".containerd]
    default_runtime_name = "runc"
    [plugins."io.containerd.cri.v1.runtime".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.cri.v1.runtime".containerd.runtimes.runc.options]
        BinaryName = ${toml(o.runc)}
        Root = ${r('runc')}
        SystemdCgroup = false
  [plugins."io.containerd.cri.v1.runtime".cni]
    bin_dirs = [${r('cni/bin')}]
    conf_dir = ${r('cni/net.d')}
    max_conf_num = 1

[plugins."io.containerd.grpc.v1.cri"]
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"

[plugins."io.containerd.image-verifier.v1.bindir"]
  bin_dir = ${r('image-verifier/bin')}

${nriSection(o)}`;
}

function configToml(runtime: Runtime, o: ConfigInput): string {
  return runtime.configVersion === 3 ? configToml3(o) : configToml2(o);
}

/** Single-quoted for sh (the wrapper is generated from our own fixed paths, never from input). */
const shQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

function installNriPlugin(run: string, p: NonNullable<ContainerdOptions['nriPreinstalled']>): void {
  const target = path.join(run, 'nri', 'plugins', p.name);
  if (p.executable) {
    fs.copyFileSync(p.executable, target);
    fs.chmodSync(target, 0o755);
  } else {
    if (!fs.existsSync(MAIN_CJS)) throw new Error(`${MAIN_CJS} is missing: run \`npm run build\` first`);
    // containerd gives the plugin no PATH: absolute paths only.
    const log = path.join(run, `nri-${p.name}.log`);
    // The run's CRI socket for the relist after Synchronize (the plugin's default is the host's).
    const cri = `unix://${path.join(run, 'containerd.sock')}`;
    fs.writeFileSync(
      target,
      `#!/bin/sh\nexec ${shQuote(process.execPath)} ${shQuote(MAIN_CJS)} nri --log-file ${shQuote(log)} --runtime-endpoint ${shQuote(cri)}\n`,
      {
        mode: 0o755,
      },
    );
  }
  if (p.config !== undefined) fs.writeFileSync(path.join(run, 'nri', 'conf.d', `${p.name}.conf`), p.config);
}

function installPlugins(run: string, tag: string, subnet: string, pk: Packages, o: ContainerdOptions): Record<string, unknown> {
  const bin = path.join(run, 'cni', 'bin');
  for (const p of REFERENCE_PLUGINS) fs.symlinkSync(path.join(pk.cniDir, p), path.join(bin, p));
  const plugins: Record<string, unknown>[] = [
    {
      type: 'bridge',
      bridge: `e2e-${tag}`,
      isGateway: true,
      ipMasq: false,
      hairpinMode: true,
      ipam: { type: 'host-local', ranges: [[{ subnet }]], routes: [], dataDir: path.join(run, 'cni', 'ipam') },
    },
    { type: 'loopback' },
  ];
  if ((o.chain ?? 'ours') === 'ours') {
    const target = path.join(bin, 'hcnproxyctl');
    if (o.pluginExecutable) {
      fs.copyFileSync(o.pluginExecutable, target);
      fs.chmodSync(target, 0o755);
    } else {
      if (!fs.existsSync(MAIN_CJS)) throw new Error(`${MAIN_CJS} is missing: run \`npm run build\` first`);
      fs.writeFileSync(target, `#!/bin/sh\nexec ${shQuote(process.execPath)} ${shQuote(MAIN_CJS)} "$@"\n`, { mode: 0o755 });
    }
    plugins.push({ type: 'hcnproxyctl', capabilities: { [POD_ANNOTATIONS]: true }, ...o.pluginConfig });
  }
  for (const x of o.extraPlugins ?? []) {
    const target = path.join(bin, x.type);
    fs.copyFileSync(x.executable, target);
    fs.chmodSync(target, 0o755);
    plugins.push({ type: x.type, ...x.config });
  }
  if (o.nriPreinstalled) installNriPlugin(run, o.nriPreinstalled);
  const conflist = { cniVersion: '1.0.0', name: `e2e-${tag}`, plugins };
  fs.writeFileSync(path.join(run, 'cni', 'net.d', `10-e2e-${tag}.conflist`), `${JSON.stringify(conflist, null, 2)}\n`);
  return conflist;
}

// ---- start ---------------------------------------------------------------------------------------

/** Starts containerd with the e2e image imported; the returned handle's stop() undoes everything. */
export async function startContainerd(o: ContainerdOptions = {}): Promise<Containerd> {
  const cache = o.cache ?? defaultCacheDir();
  const runtime = o.runtime ?? selectedRuntime();
  const [pk, image] = [await ensurePackages(cache, runtime), await ensureImage(cache)];
  sweepAbandonedRuns();

  // Short on purpose: containerd caps socket paths at 104 bytes, and the ttrpc one is the longest.
  const run = fs.mkdtempSync(path.join(RUN_PARENT, RUN_PREFIX));
  const before = sharedBaseline(snapshotHost(), otherLiveRuns(run));
  const tag = createHash('sha256').update(run).digest('hex').slice(0, 8);
  const socket = path.join(run, 'containerd.sock');
  const state: RunState = {
    run,
    tag,
    bridge: `e2e-${tag}`,
    cgroupDirs: [],
    config: path.join(run, 'config.toml'),
    ownerPid: process.pid,
    ownerStart: startTime(process.pid),
    startedAt: Date.now(),
    before,
  };
  const saveMeta = (): void => fs.writeFileSync(path.join(run, 'meta.json'), `${JSON.stringify(state, null, 2)}\n`);
  register(state);
  saveMeta();

  const logFile = path.join(run, 'containerd.log');
  const logTail = (lines = 40): string => {
    try {
      return fs.readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  };

  let child: ChildProcess | undefined;
  const env: NodeJS.ProcessEnv = {
    // Our own runc, shim and ctr first: nothing of the host's is picked up.
    PATH: [path.join(pk.root, 'usr/bin'), path.join(pk.root, 'usr/sbin'), '/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'].join(
      ':',
    ),
    // The single executable's cache (koffi.node, V8 code caches) inside $RUN, not in /var/cache.
    HCNPROXYCTL_CACHE_DIR: path.join(run, 'cache'),
    ...o.env,
  };
  const launch = (): number => {
    const fd = fs.openSync(logFile, 'a');
    try {
      // detached = setsid(2): containerd leaves the runner's process group (a Ctrl-C does not kill it
      // half-way); stop() or the runner's signal/exit handlers end it, by PID.
      child = spawn(pk.containerd, ['--config', state.config, '--log-level', o.logLevel ?? 'info'], {
        detached: true,
        stdio: ['ignore', fd, fd],
        env,
        cwd: run,
      });
    } finally {
      fs.closeSync(fd);
    }
    child.on('error', () => {
      /* reported through the readiness check */
    });
    child.unref();
    if (!child.pid) throw new Error(`could not start ${pk.containerd}`);
    state.pid = child.pid;
    saveMeta();
    return child.pid;
  };

  const ctr = async (args: readonly string[]): Promise<string> => (await runCmd(pk.ctr, ['--address', socket, ...args], { timeoutMs: 60_000 })).stdout;

  const waitReady = async (): Promise<void> => {
    const deadline = Date.now() + (o.readyTimeoutMs ?? 30_000);
    let last = '';
    for (;;) {
      if (state.pid && isGone(state.pid)) throw new Error(`containerd exited during start:\n${logTail()}`);
      if (fs.existsSync(socket)) {
        const r = runSync(pk.ctr, ['--address', socket, 'version'], { timeoutMs: 5000 });
        if (r.code === 0) return;
        last = r.stderr.trim();
      }
      if (Date.now() > deadline) throw new Error(`containerd not ready after ${o.readyTimeoutMs ?? 30_000} ms (${last}):\n${logTail()}`);
      await sleep(50);
    }
  };

  let stopped = false;
  try {
    if (`${run}/containerd.sock.ttrpc`.length > MAX_SOCKET_PATH) throw new Error(`${run}: socket paths would exceed ${MAX_SOCKET_PATH} bytes`);
    for (const d of ['root', 'state', 'runc', 'cni/bin', 'cni/net.d', 'cni/ipam', 'nri/plugins', 'nri/conf.d', 'logs']) {
      fs.mkdirSync(path.join(run, d), { recursive: true });
    }
    const subnet = o.subnet ?? (await pickSubnet(tag));
    const gateway = gatewayOf(subnet);
    const conflist = installPlugins(run, tag, subnet, pk, o);
    fs.writeFileSync(
      state.config,
      configToml(runtime, {
        run,
        image: image.name,
        runc: pk.runc,
        registration: o.nriRegistrationTimeout ?? '5s',
        request: o.nriRequestTimeout ?? '2s',
      }),
    );

    const pid = launch();
    // Pods' cgroups go under containerd's own cgroups (relative parent): record where, per hierarchy.
    state.cgroupDirs = cgroupDirsUnder(pid, `e2e-${tag}`);
    saveMeta();
    await waitReady();
    await ctr(['-n', 'k8s.io', 'images', 'import', '--snapshotter', 'overlayfs', image.tar]);

    const handle: Containerd = {
      run,
      tag,
      socket,
      endpoint: `unix://${socket}`,
      nriSocket: path.join(run, 'nri.sock'),
      bridge: state.bridge,
      gateway,
      subnet,
      cgroupParent: `e2e-${tag}`,
      cgroupDirs: state.cgroupDirs,
      image,
      runtime,
      packages: pk,
      conflist,
      configPath: state.config,
      logFile,
      snapshotBefore: before,
      get pid() {
        return state.pid ?? 0;
      },
      podLogDir: (namespace, name, uid) => path.join(run, 'logs', `${namespace}_${name}_${uid}`),
      ctr,
      logTail,
      async restart(opts = {}) {
        if (stopped) throw new Error('restart() after stop()');
        stopContainerdSync(state);
        try {
          await opts.whileStopped?.();
        } finally {
          launch();
        }
        await waitReady();
      },
      async stop() {
        stopped = true;
        const problems = teardownSync(state);
        unregister(state);
        if (problems.length > 0) throw new Error(`e2e teardown of ${run} incomplete:\n${problems.join('\n')}`);
      },
      leftovers: () => {
        const others = otherLiveRuns(run);
        return hostLeftovers(
          before,
          state,
          others.length === 0
            ? null
            : {
                bridges: others.map((x) => x.bridge),
                shimSockets: others.flatMap((x) => shimSockets(x.run)),
              },
        );
      },
    };
    return handle;
  } catch (e) {
    const problems = teardownSync(state);
    unregister(state);
    if (problems.length > 0) (e as Error).message += `\n(teardown: ${problems.join('; ')})`;
    throw e;
  }
}
