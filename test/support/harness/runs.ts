// The runs alive on this host. Every run writes what its teardown needs to `$RUN/meta.json`; this finds
// them again — to tear down runs whose runner was killed, and so that concurrent runs (test files in
// parallel) share one baseline of the host state they all change (ip_forward, /run/containerd,
// /run/mount, /var/lib/cni): the earliest run's snapshot is everyone's baseline, and only the last run
// to stop restores it.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { HostSnapshot, RunScope } from './host.js';
import { isGone, startTime } from './proc.js';

export const RUN_PARENT = '/tmp';
export const RUN_PREFIX = 'ce2e.';

/** Everything teardown needs; written to `$RUN/meta.json` at start. */
export interface RunState extends RunScope {
  config: string;
  /** containerd's PID, once started. */
  pid?: number;
  /** The process that owns the run (the test runner) and its start time (PID reuse). */
  ownerPid: number;
  ownerStart?: string;
  startedAt: number;
  before: HostSnapshot;
}

/** Owner gone (or its PID reused): the run was abandoned by a killed runner. */
export function abandoned(s: RunState): boolean {
  if (isGone(s.ownerPid)) return true;
  return s.ownerStart !== undefined && startTime(s.ownerPid) !== s.ownerStart;
}

/** The runs with a readable meta.json under /tmp/ce2e.*. */
export function readRuns(parent = RUN_PARENT): RunState[] {
  const out: RunState[] = [];
  let names: string[] = [];
  try {
    names = fs.readdirSync(parent);
  } catch {
    return out;
  }
  for (const name of names) {
    if (!name.startsWith(RUN_PREFIX) || !/^[A-Za-z0-9]{6}$/.test(name.slice(RUN_PREFIX.length))) continue;
    try {
      const s = JSON.parse(fs.readFileSync(path.join(parent, name, 'meta.json'), 'utf8')) as RunState;
      if (s.run === path.join(parent, name)) out.push(s);
    } catch {
      // being created or removed
    }
  }
  return out;
}

/** Live runs other than `run`, earliest first. */
export function otherLiveRuns(run: string): RunState[] {
  return readRuns()
    .filter((s) => s.run !== run && !abandoned(s))
    .sort((a, b) => a.startedAt - b.startedAt);
}

/** Host state shared by concurrent runs: taken from the earliest live run's snapshot when there is one. */
export function sharedBaseline(own: HostSnapshot, others: readonly RunState[]): HostSnapshot {
  const first = others[0]?.before;
  if (!first) return own;
  return { ...own, ipForward: first.ipForward, runContainerd: first.runContainerd, runMount: first.runMount, varLibCni: first.varLibCni };
}

const SHIM_SOCKET_DIR = '/run/containerd/s/';

const listDir = (d: string): string[] => {
  try {
    return fs.readdirSync(d);
  } catch {
    return [];
  }
};

/** The shim address a bundle records: `address` (1.7) or `bootstrap.json` `{"address": …}` (2.x). */
function bundleAddress(bundle: string): string | undefined {
  try {
    return fs.readFileSync(path.join(bundle, 'address'), 'utf8').trim();
  } catch {
    // 2.x writes bootstrap.json instead
  }
  try {
    return (JSON.parse(fs.readFileSync(path.join(bundle, 'bootstrap.json'), 'utf8')) as { address?: string }).address;
  } catch {
    return undefined;
  }
}

/**
 * Where containerd (1.7 and 2.x alike) puts the socket of the shim it starts for task `id` in namespace `ns`:
 * `/run/containerd/s/<hex sha256 of "<grpc address>/<ns>/<id>">` — found even when the bundle is gone.
 */
export function shimSocketFor(run: string, ns: string, id: string): string {
  return (
    SHIM_SOCKET_DIR +
    createHash('sha256')
      .update(path.join(run, 'containerd.sock', ns, id))
      .digest('hex')
  );
}

/**
 * The shim sockets (/run/containerd/s/<hash>) of a run: those its bundles name, and those that exist for
 * every task and sandbox ID the run knows (a leaked sandbox's bundle may be gone, its socket not).
 */
export function shimSockets(run: string): string[] {
  const out = new Set<string>();
  const tasks = path.join(run, 'state', 'io.containerd.runtime.v2.task');
  for (const ns of listDir(tasks)) {
    for (const id of listDir(path.join(tasks, ns))) {
      const sock = bundleAddress(path.join(tasks, ns, id))?.replace(/^unix:\/\//, '');
      if (sock?.startsWith(SHIM_SOCKET_DIR)) out.add(sock);
      const derived = shimSocketFor(run, ns, id);
      if (fs.existsSync(derived)) out.add(derived);
    }
  }
  for (const id of taskIds(run)) {
    const derived = shimSocketFor(run, 'k8s.io', id);
    if (fs.existsSync(derived)) out.add(derived);
  }
  return [...out];
}

/**
 * Every sandbox and container ID of a run: CRI's sandbox and container dirs, the bundles, and every
 * 64-hex ID in containerd's log — the last catches sandboxes containerd forgot, e.g. one cut by a restart
 * half-way through RunPodSandbox, whose shim socket and libcni loopback cache entry 2.1.9 leaves behind.
 */
export function taskIds(run: string): string[] {
  const ids = new Set<string>([...sandboxIds(run), ...listDir(path.join(run, 'root', 'io.containerd.grpc.v1.cri', 'containers'))]);
  const tasks = path.join(run, 'state', 'io.containerd.runtime.v2.task');
  for (const ns of listDir(tasks)) for (const id of listDir(path.join(tasks, ns))) ids.add(id);
  try {
    for (const m of fs.readFileSync(path.join(run, 'containerd.log'), 'utf8').matchAll(/\b[0-9a-f]{64}\b/g)) ids.add(m[0]);
  } catch {
    // no log (yet)
  }
  return [...ids].filter((id) => /^[0-9a-f]{64}$/.test(id));
}

/** The sandbox IDs of a run (libcni names its cache entries after them). */
export function sandboxIds(run: string): string[] {
  try {
    return fs.readdirSync(path.join(run, 'root', 'io.containerd.grpc.v1.cri', 'sandboxes'));
  } catch {
    return [];
  }
}
