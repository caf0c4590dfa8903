// Removes everything one containerd run made, in the order that leaves nothing: containerd,
// then every other process of the run by PID, shim sockets, mounts (verified gone before any delete),
// the bridge and ip_forward, libcni's cache entries, cgroups, the host dirs containerd and umount create,
// and $RUN. Synchronous on purpose: it also runs from signal and exit handlers. Every step is conditional,
// so it is safe to run twice, after a crash, or from another process (the state lives in $RUN/meta.json).
import fs from 'node:fs';
import path from 'node:path';
import { IP_FORWARD, k8sIoCgroupDirs, mountsUnder, runProcesses } from './host.js';
import { cmdline, isGone, killAndWaitSync, procState, runSync, sleepSync, startTime, unixSocketPaths } from './proc.js';
import { abandoned, otherLiveRuns, readRuns, shimSockets, taskIds, type RunState } from './runs.js';

export type { RunState } from './runs.js';

const exists = (p: string): boolean => fs.existsSync(p);

const listDir = (dir: string): string[] => {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
};

const readJson = <T>(file: string): T | undefined => {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
};

function rmdirQuiet(dir: string): boolean {
  try {
    fs.rmdirSync(dir);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT';
  }
}

/** Whether a libcni cache entry records a netns (or anything else) under `run`. */
function namesRun(file: string, run: string): boolean {
  try {
    return fs.readFileSync(file, 'utf8').includes(`${run}/`);
  } catch {
    return false;
  }
}

interface RuncState {
  init_process_pid?: number;
  init_process_start?: number | string;
  cgroup_paths?: Record<string, string>;
}

/** runc's state files of the run: `$RUN/runc/<namespace>/<id>/state.json`. */
function runcStates(run: string): RuncState[] {
  const out: RuncState[] = [];
  const root = path.join(run, 'runc');
  for (const ns of listDir(root)) {
    for (const id of listDir(path.join(root, ns))) {
      const s = readJson<RuncState>(path.join(root, ns, id, 'state.json'));
      if (s) out.push(s);
    }
  }
  return out;
}

/** Every dir below the run's cgroup parents (and the container dirs runc recorded), deepest first. */
function cgroupTree(parents: readonly string[], extra: readonly string[]): string[] {
  const dirs = new Set<string>(extra);
  const walk = (d: string): void => {
    for (const e of listDir(d)) {
      const p = path.join(d, e);
      try {
        if (fs.statSync(p).isDirectory()) {
          dirs.add(p);
          walk(p);
        }
      } catch {
        // raced with removal
      }
    }
  };
  for (const p of parents) {
    if (!exists(p)) continue;
    walk(p);
    dirs.add(p);
  }
  return [...dirs].sort((a, b) => b.split('/').length - a.split('/').length);
}

function cgroupMembers(dirs: readonly string[]): number[] {
  const pids: number[] = [];
  for (const d of dirs) {
    try {
      for (const l of fs.readFileSync(path.join(d, 'cgroup.procs'), 'utf8').split('\n')) if (l) pids.push(Number(l));
    } catch {
      // gone, or not a cgroup dir
    }
  }
  return pids;
}

/** Stops containerd: SIGTERM, ≤ 5 s, then SIGKILL — only if the PID still is our containerd. */
export function stopContainerdSync(s: RunState, timeoutMs = 5000): void {
  const pid = s.pid;
  if (!pid || isGone(pid) || !cmdline(pid).includes(s.config)) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + timeoutMs;
  while (!isGone(pid) && Date.now() < deadline) sleepSync(20);
  if (!isGone(pid)) killAndWaitSync([pid]);
}

/**
 * The full teardown; returns what it could not remove (empty = done). Host state shared with other live
 * runs (ip_forward, /run/containerd, /run/mount, /var/lib/cni dirs) is restored by the last run only.
 * Records the run's sandbox IDs in `s.sandboxIds` (for leftovers() after $RUN is gone).
 */
export function teardownSync(s: RunState): string[] {
  const problems: string[] = [];
  const { run } = s;
  const alone = otherLiveRuns(run).length === 0;
  s.sandboxIds = [...new Set([...(s.sandboxIds ?? []), ...taskIds(run)])];

  // 1. containerd.
  stopContainerdSync(s);

  // 2. Every other process of the run, by PID: shims and in-flight runc/ctr (command line names $RUN),
  // pod processes (cgroup membership; runc init PIDs whose start time still matches). That includes what
  // containerd no longer lists: 2.1.9 leaks the pause container and shim of a sandbox whose NRI
  // RunPodSandbox was refused. The shims' sockets are noted first (a leaked sandbox may have no bundle).
  const states = runcStates(run);
  const runcCgroups = states.flatMap((st) => Object.values(st.cgroup_paths ?? {}));
  const heldSockets = new Set<string>();
  for (let round = 0; round < 3; round++) {
    const procs = runProcesses(s);
    for (const p of procs) {
      if (!p.cmd.includes('containerd-shim')) continue;
      for (const sock of unixSocketPaths(p.pid)) if (sock.startsWith('/run/containerd/s/')) heldSockets.add(sock);
    }
    const pids = new Set<number>(procs.map((p) => p.pid));
    for (const p of cgroupMembers(cgroupTree(s.cgroupDirs, runcCgroups))) pids.add(p);
    for (const st of states) {
      const pid = st.init_process_pid;
      if (pid && startTime(pid) === String(st.init_process_start)) pids.add(pid);
    }
    for (const p of [...pids]) if (isGone(p)) pids.delete(p);
    if (pids.size === 0) break;
    const survivors = killAndWaitSync(pids);
    if (round === 2 && survivors.length > 0) problems.push(`processes survived SIGKILL: ${survivors.map((p) => `${p} (${procState(p)})`).join(', ')}`);
  }

  // 3. Shim sockets /run/containerd/s/<hash>: those the shims held, those the bundles name (`address` in
  // 1.7, `bootstrap.json` in 2.x), and the derived path of every task and sandbox ID of the run.
  for (const sock of new Set([...heldSockets, ...shimSockets(run)])) fs.rmSync(sock, { force: true });

  // The veths of our pods (host side), to wait for after their netns mounts are gone.
  const bridgePorts = listDir(`/sys/class/net/${s.bridge}/brif`);

  // 4. Mounts under $RUN, deepest first; lazily as a last resort. Nothing is deleted while one remains.
  let mounts = mountsUnder(run);
  if (mounts.length > 0) {
    runSync('umount', mounts);
    mounts = mountsUnder(run);
    if (mounts.length > 0) runSync('umount', ['-l', ...mounts]);
    mounts = mountsUnder(run);
    if (mounts.length > 0) problems.push(`still mounted: ${mounts.join(', ')}`);
  }

  // 5. Network: the veths die with their (now unreferenced) netns, asynchronously; then the bridge.
  const deadline = Date.now() + 3000;
  let veths = bridgePorts.filter((l) => exists(`/sys/class/net/${l}`));
  while (veths.length > 0 && Date.now() < deadline) {
    sleepSync(50);
    veths = veths.filter((l) => exists(`/sys/class/net/${l}`));
  }
  for (const l of [...veths, s.bridge]) {
    if (!exists(`/sys/class/net/${l}`)) continue;
    const r = runSync('ip', ['link', 'del', l]);
    if (r.code !== 0 && exists(`/sys/class/net/${l}`)) problems.push(`ip link del ${l}: ${r.stderr.trim()}`);
  }
  if (alone) {
    try {
      if (fs.readFileSync(IP_FORWARD, 'utf8').trim() !== s.before.ipForward) fs.writeFileSync(IP_FORWARD, `${s.before.ipForward}\n`);
    } catch (e) {
      problems.push(`restoring ip_forward: ${(e as Error).message}`);
    }
  }

  // 6. libcni's cache outside $RUN: our network's results and containerd's loopback ones for our sandboxes
  // (by ID, or by the netns path under $RUN the entry records).
  const results = '/var/lib/cni/results';
  const ids = new Set(s.sandboxIds);
  for (const f of listDir(results)) {
    const file = path.join(results, f);
    const loopbackId = /^cni-loopback-([0-9a-f]{64})-lo$/.exec(f)?.[1];
    if (f.startsWith(`e2e-${s.tag}-`) || (loopbackId && ids.has(loopbackId)) || namesRun(file, run)) fs.rmSync(file, { force: true });
  }
  const cniBefore = s.before.varLibCni;
  for (const rel of ['results', 'networks', '']) {
    const dir = path.join('/var/lib/cni', rel);
    const existed = cniBefore !== null && (rel === '' || cniBefore.includes(rel));
    if (alone && !existed && exists(dir)) rmdirQuiet(dir);
  }

  // 7. cgroups: children first, then the parents; retried while killed tasks finish exiting.
  const k8sIo = k8sIoCgroupDirs().filter((d) => !s.before.k8sIo.includes(d));
  const cgDeadline = Date.now() + 2500;
  for (;;) {
    const left = cgroupTree(s.cgroupDirs, runcCgroups).filter((d) => !rmdirQuiet(d));
    for (const d of k8sIo) if (exists(d)) rmdirQuiet(d);
    if (left.length === 0) break;
    if (Date.now() > cgDeadline) {
      problems.push(`cgroups not removable: ${left.join(', ')}`);
      break;
    }
    sleepSync(50);
  }

  // 8. Host dirs containerd (socket dir, hard-coded in 1.7 and 2.x) and util-linux umount (its lock dir)
  // create. runc's default root /run/containerd/runc/k8s.io appears when containerd, after a restart,
  // cleans up a dead shim whose bundle has no options.json (a RunPodSandbox cut half-way): the shim's
  // `delete` then runs runc without our Root. Empty dirs only (rmdir).
  if (alone && !s.before.runContainerd) {
    for (const d of ['/run/containerd/runc/k8s.io', '/run/containerd/runc', '/run/containerd/s', '/run/containerd']) rmdirQuiet(d);
  }
  if (alone && !s.before.runMount && exists('/run/mount')) rmdirQuiet('/run/mount');

  // 9. $RUN itself, only when nothing is mounted under it.
  if (mountsUnder(run).length === 0) fs.rmSync(run, { recursive: true, force: true });
  else problems.push(`kept ${run}: mounts remain`);
  return problems;
}

/** Tears down runs under `/tmp/ce2e.*` whose owner process is gone (a runner killed with SIGKILL). */
export function sweepAbandonedRuns(): string[] {
  const swept: string[] = [];
  for (const s of readRuns()) {
    if (!abandoned(s)) continue;
    teardownSync(s);
    swept.push(s.run);
  }
  return swept;
}
