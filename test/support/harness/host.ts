// What a containerd run can leave on the host, read straight from the kernel's files: mounts and cgroup
// hierarchies (/proc/self/mountinfo), a process' cgroups, links, ip_forward, and the host directories
// containerd (1.7 and 2.x) and libcni write outside their configured roots (/run/containerd, /var/lib/cni, …).
// snapshotHost() records them before start; leftovers() compares the host against that snapshot.
import fs from 'node:fs';
import path from 'node:path';
import { cmdline, isGone, listPids, procCgroups } from './proc.js';

export const IP_FORWARD = '/proc/sys/net/ipv4/ip_forward';

interface MountEntry {
  root: string;
  mountPoint: string;
  fstype: string;
  superOptions: string[];
}

// mountinfo escapes space, tab, newline and backslash as octal.
const unescape = (s: string): string => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));

export function mountinfo(): MountEntry[] {
  const out: MountEntry[] = [];
  for (const line of fs.readFileSync('/proc/self/mountinfo', 'utf8').split('\n')) {
    if (!line) continue;
    const [pre, post] = line.split(' - ');
    const f = pre?.split(' ') ?? [];
    const g = post?.split(' ') ?? [];
    if (f.length < 5 || g.length < 3) continue;
    out.push({ root: unescape(f[3]!), mountPoint: unescape(f[4]!), fstype: g[0]!, superOptions: g[2]!.split(',') });
  }
  return out;
}

/** Mount points at or under `dir`, deepest first (the order to unmount them). */
export function mountsUnder(dir: string): string[] {
  const found = mountinfo()
    .map((m) => m.mountPoint)
    .filter((p) => p === dir || p.startsWith(`${dir}/`));
  return [...new Set(found)].sort((a, b) => b.split('/').length - a.split('/').length || b.length - a.length);
}

export interface CgroupHierarchy {
  mountPoint: string;
  root: string;
  /** v1: the controllers (and `name=…`) it carries; v2: []. */
  controllers: string[];
  v2: boolean;
}

export function cgroupHierarchies(): CgroupHierarchy[] {
  const out: CgroupHierarchy[] = [];
  for (const m of mountinfo()) {
    if (m.fstype === 'cgroup2') out.push({ mountPoint: m.mountPoint, root: m.root, controllers: [], v2: true });
    else if (m.fstype === 'cgroup') {
      const known = [
        'cpu',
        'cpuacct',
        'cpuset',
        'memory',
        'devices',
        'freezer',
        'net_cls',
        'net_prio',
        'blkio',
        'perf_event',
        'hugetlb',
        'pids',
        'rdma',
        'misc',
      ];
      const controllers = m.superOptions.filter((o) => known.includes(o) || o.startsWith('name='));
      out.push({ mountPoint: m.mountPoint, root: m.root, controllers, v2: false });
    }
  }
  return out;
}

/**
 * `<mount point><cgroup path of pid>/<leaf>` in every hierarchy the process belongs to: where runc puts a
 * relative `cgroup_parent` (it resolves it under its own cgroups, i.e. containerd's).
 */
export function cgroupDirsUnder(pid: number, leaf: string): string[] {
  const hier = cgroupHierarchies();
  const dirs: string[] = [];
  for (const line of procCgroups(pid)) {
    const [id, ctrl = '', ...rest] = line.split(':');
    const cgPath = rest.join(':');
    const wanted = ctrl.split(',').filter(Boolean);
    const h =
      id === '0' && wanted.length === 0
        ? hier.find((x) => x.v2)
        : hier.find((x) => !x.v2 && wanted.length > 0 && wanted.every((c) => x.controllers.includes(c)));
    if (!h) continue;
    const rel = h.root !== '/' && cgPath.startsWith(h.root) ? cgPath.slice(h.root.length) : cgPath;
    dirs.push(path.join(h.mountPoint, rel, leaf));
  }
  return [...new Set(dirs)];
}

/** `<mount point>/k8s.io` of every hierarchy: where containerd puts pods that have no cgroup_parent. */
export function k8sIoCgroupDirs(): string[] {
  return [...new Set(cgroupHierarchies().map((h) => path.join(h.mountPoint, 'k8s.io')))];
}

/** Every directory below `dir` (relative paths, deepest last), or null when `dir` does not exist. */
export function listTree(dir: string): string[] | null {
  if (!fs.existsSync(dir)) return null;
  const out: string[] = [];
  const walk = (rel: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(path.join(dir, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      out.push(r);
      if (e.isDirectory()) walk(r);
    }
  };
  walk('');
  return out;
}

const listDir = (dir: string): string[] => {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
};

/** What the host looked like before a run (taken before containerd starts). */
export interface HostSnapshot {
  ipForward: string;
  runContainerd: boolean;
  runContainerdS: string[];
  runMount: boolean;
  /** Every path under /var/lib/cni, or null when it did not exist. */
  varLibCni: string[] | null;
  /** The `<cgroup mount>/k8s.io` dirs that existed. */
  k8sIo: string[];
  links: string[];
  runNetns: string[];
  optContainerd: boolean;
  optNri: boolean;
  etcNri: boolean;
}

export function snapshotHost(): HostSnapshot {
  return {
    ipForward: fs.readFileSync(IP_FORWARD, 'utf8').trim(),
    runContainerd: fs.existsSync('/run/containerd'),
    runContainerdS: listDir('/run/containerd/s'),
    runMount: fs.existsSync('/run/mount'),
    varLibCni: listTree('/var/lib/cni'),
    k8sIo: k8sIoCgroupDirs().filter((d) => fs.existsSync(d)),
    links: listDir('/sys/class/net'),
    runNetns: listDir('/run/netns'),
    optContainerd: fs.existsSync('/opt/containerd'),
    optNri: fs.existsSync('/opt/nri'),
    etcNri: fs.existsSync('/etc/nri'),
  };
}

/** What identifies one run's own things. */
export interface RunScope {
  run: string;
  tag: string;
  bridge: string;
  /** The pods' cgroup parent dirs, one per hierarchy. */
  cgroupDirs: string[];
  /** Sandbox and container IDs seen at teardown (libcni's cache entries and shim sockets are named after them). */
  sandboxIds?: string[];
}

/** What other live runs own, so that their things are not taken for ours. */
export interface OtherRuns {
  bridges: string[];
  shimSockets: string[];
}

/** Processes of the run: command line naming `$RUN/`, or a member of the run's cgroup parent (not zombies). */
export function runProcesses(scope: RunScope): { pid: number; cmd: string }[] {
  const marker = `/e2e-${scope.tag}`;
  const out: { pid: number; cmd: string }[] = [];
  for (const pid of listPids()) {
    if (pid === process.pid) continue;
    const cmd = cmdline(pid);
    const inRun = cmd.includes(`${scope.run}/`) || cmd.split(' ').includes(scope.run);
    const inCgroup = !inRun && procCgroups(pid).some((l) => l.includes(`${marker}/`) || l.endsWith(marker));
    if ((inRun || inCgroup) && !isGone(pid)) out.push({ pid, cmd: cmd || `[pid ${pid}]` });
  }
  return out;
}

/**
 * Differences between the host now and `before` that this run could have caused; empty = clean.
 * Meant for after stop(); before it, it lists what the run currently holds. While other runs are alive
 * (`others` non-null), host state they share with this one (ip_forward, /run/containerd, /run/mount,
 * new /var/lib/cni dirs) is theirs to restore and not checked; their veths and shim sockets are skipped.
 */
export function leftovers(before: HostSnapshot, scope: RunScope, others: OtherRuns | null = null): string[] {
  const out: string[] = [];
  const alone = others === null;
  for (const p of runProcesses(scope)) out.push(`process ${p.pid}: ${p.cmd}`);
  for (const m of mountsUnder(scope.run)) out.push(`mount ${m}`);
  if (fs.existsSync(scope.run)) out.push(`directory ${scope.run}`);
  if (fs.existsSync(`/sys/class/net/${scope.bridge}`)) out.push(`link ${scope.bridge}`);
  for (const l of listDir('/sys/class/net')) {
    if (!l.startsWith('veth') || before.links.includes(l)) continue;
    let master = '';
    try {
      master = path.basename(fs.readlinkSync(`/sys/class/net/${l}/master`));
    } catch {
      // no master
    }
    if (!others?.bridges.includes(master)) out.push(`link ${l} (new veth${master ? ` on ${master}` : ''})`);
  }
  for (const s of listDir('/run/containerd/s')) {
    if (!before.runContainerdS.includes(s) && !others?.shimSockets.includes(`/run/containerd/s/${s}`)) out.push(`/run/containerd/s/${s}`);
  }
  for (const f of listDir('/var/lib/cni/results')) {
    if (f.startsWith(`${scope.bridge}-`) || (scope.sandboxIds ?? []).some((id) => f === `cni-loopback-${id}-lo`)) out.push(`/var/lib/cni/results/${f}`);
  }
  if (alone) {
    const fwd = fs.readFileSync(IP_FORWARD, 'utf8').trim();
    if (fwd !== before.ipForward) out.push(`ip_forward is ${fwd}, was ${before.ipForward}`);
    if (!before.runContainerd && fs.existsSync('/run/containerd')) out.push(`/run/containerd (did not exist): ${listDir('/run/containerd').join(' ')}`);
    if (!before.runMount && fs.existsSync('/run/mount')) out.push(`/run/mount (did not exist): ${listDir('/run/mount').join(' ')}`);
    const cni = listTree('/var/lib/cni');
    if (cni && !before.varLibCni) out.push(`/var/lib/cni (did not exist): ${cni.join(' ')}`);
    else if (cni && before.varLibCni)
      for (const e of cni) if (!before.varLibCni.includes(e) && !out.includes(`/var/lib/cni/${e}`)) out.push(`/var/lib/cni/${e}`);
  }
  for (const d of scope.cgroupDirs) if (fs.existsSync(d)) out.push(`cgroup ${d}`);
  for (const d of k8sIoCgroupDirs()) if (fs.existsSync(d) && !before.k8sIo.includes(d)) out.push(`cgroup ${d}`);
  for (const n of listDir('/run/netns')) if (n.startsWith('cni-') && !before.runNetns.includes(n)) out.push(`/run/netns/${n}`);
  if (!before.optContainerd && fs.existsSync('/opt/containerd')) out.push('/opt/containerd');
  if (!before.optNri && fs.existsSync('/opt/nri')) out.push('/opt/nri');
  if (!before.etcNri && fs.existsSync('/etc/nri')) out.push('/etc/nri');
  return out;
}
