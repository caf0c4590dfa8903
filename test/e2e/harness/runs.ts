// The runs alive on this host. Every run writes what its teardown needs to `$RUN/meta.json`; this finds
// them again — to tear down runs whose runner was killed, and so that concurrent runs (test files in
// parallel) share one baseline of the host state they all change (ip_forward, /run/containerd,
// /run/mount, /var/lib/cni): the earliest run's snapshot is everyone's baseline, and only the last run
// to stop restores it.
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

/** The shim sockets (/run/containerd/s/<hash>) named by a run's bundles. */
export function shimSockets(run: string): string[] {
  const tasks = path.join(run, 'state', 'io.containerd.runtime.v2.task');
  const out: string[] = [];
  const list = (d: string): string[] => {
    try {
      return fs.readdirSync(d);
    } catch {
      return [];
    }
  };
  for (const ns of list(tasks)) {
    for (const id of list(path.join(tasks, ns))) {
      try {
        const sock = fs
          .readFileSync(path.join(tasks, ns, id, 'address'), 'utf8')
          .trim()
          .replace(/^unix:\/\//, '');
        if (sock.startsWith('/run/containerd/s/')) out.push(sock);
      } catch {
        // no address file (yet)
      }
    }
  }
  return out;
}

/** The sandbox IDs of a run (libcni names its cache entries after them). */
export function sandboxIds(run: string): string[] {
  try {
    return fs.readdirSync(path.join(run, 'root', 'io.containerd.grpc.v1.cri', 'sandboxes'));
  } catch {
    return [];
  }
}
