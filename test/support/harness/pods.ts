// Pods and app containers through the CRI (the project's own client in src/cri), the way the e2e suites
// need them: unique names, the run's cgroup parent and log directory, the netns path and IP read back
// from the verbose sandbox status. Remove pods through these helpers (both CNI DELs, IPAM release);
// whatever is left running, stop() tears down anyway.
import fs from 'node:fs';
import path from 'node:path';
import { createCriClient, NamespaceMode, type ContainerConfig, type CriClient, type PodSandboxConfig } from '../../../src/cri/index.js';
import type { Containerd } from './containerd.js';
import { mountsUnder, runProcesses } from './host.js';
import { IMAGE_NAME } from './image.js';
import { sleep } from './proc.js';

export interface Pod {
  id: string;
  name: string;
  ip: string;
  /** The bind-mounted netns ($RUN/state/…/netns/cni-<uuid>), for nsenter --net=. */
  netnsPath: string;
  /** The pause process. */
  pid: number;
  config: PodSandboxConfig;
}

export interface App {
  id: string;
  pod: Pod;
  /** Absolute CRI log path. */
  logPath: string;
}

let seq = 0;

/** A CRI client for the run (call close() when done); waits until CRI answers (right after a restart). */
export async function criFor(cd: Containerd, timeoutMs = 10_000): Promise<CriClient> {
  const cri = createCriClient(cd.endpoint, { timeoutMs: 30_000 });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await cri.version();
      return cri;
    } catch (e) {
      if (Date.now() > deadline) {
        cri.close();
        throw e;
      }
      await sleep(50);
    }
  }
}

type Json = Record<string, unknown>;

function parseInfo(info: Record<string, string> | undefined): Json {
  try {
    return JSON.parse(info?.info ?? '{}') as Json;
  } catch {
    return {};
  }
}

export interface PodOptions {
  name?: string;
  annotations?: Record<string, string>;
  labels?: Record<string, string>;
}

/** A pod's configuration: a unique name, the run's cgroup parent and log dir, pod network namespace. */
export function podConfig(cd: Containerd, o: PodOptions = {}): PodSandboxConfig {
  const name = o.name ?? `pod-${process.pid}-${++seq}`;
  const namespace = 'e2e';
  const uid = `${cd.tag}-${name}`;
  return {
    metadata: { name, uid, namespace, attempt: 0 },
    hostname: name,
    logDirectory: cd.podLogDir(namespace, name, uid),
    labels: o.labels ?? {},
    annotations: o.annotations ?? {},
    linux: {
      cgroupParent: cd.cgroupParent,
      securityContext: { namespaceOptions: { network: NamespaceMode.POD, pid: NamespaceMode.CONTAINER, ipc: NamespaceMode.POD } },
    },
  };
}

/** RunPodSandbox of podConfig(cd, o), with its facts read back. */
export async function runPod(cd: Containerd, cri: CriClient, o: PodOptions = {}): Promise<Pod> {
  const config = podConfig(cd, o);
  const id = await cri.runPodSandbox(config);
  return { id, name: config.metadata?.name ?? '', config, ...(await sandboxFacts(cri, id)) };
}

/** IP, netns path and pause PID of a sandbox, from the verbose PodSandboxStatus. */
export async function sandboxFacts(cri: CriClient, id: string): Promise<{ ip: string; netnsPath: string; pid: number }> {
  const st = await cri.podSandboxStatus(id, true);
  const info = parseInfo(st.info);
  const spec = (info.runtimeSpec ?? {}) as OciSpec;
  return { ip: st.status?.network?.ip ?? '', netnsPath: netnsOf(spec), pid: Number(info.pid ?? 0) };
}

interface OciSpec {
  linux?: { namespaces?: { type: string; path?: string }[] };
}

const netnsOf = (spec: OciSpec): string => spec.linux?.namespaces?.find((n) => n.type === 'network')?.path ?? '';

/** CreateContainer + StartContainer of /app (args e.g. ['connect', ip, port]) in the pod, logging to app-<n>.log. */
export async function runApp(cri: CriClient, pod: Pod, args: readonly string[] = [], name = `app-${++seq}`): Promise<App> {
  const id = await cri.createContainer(
    pod.id,
    {
      metadata: { name, attempt: 0 },
      image: { image: IMAGE_NAME },
      command: ['/app'],
      args: [...args],
      logPath: `${name}.log`,
      labels: {},
      annotations: {},
      linux: { securityContext: { namespaceOptions: { network: NamespaceMode.POD, pid: NamespaceMode.CONTAINER, ipc: NamespaceMode.POD } } },
    },
    pod.config,
  );
  await cri.startContainer(id);
  return { id, pod, logPath: path.join(pod.config.logDirectory!, `${name}.log`) };
}

/** The app's output lines so far (the message part of each CRI log line). */
export function appLog(app: App): string[] {
  let text = '';
  try {
    text = fs.readFileSync(app.logPath, 'utf8');
  } catch {
    return [];
  }
  // CRI format: "<RFC 3339 time> <stream> <P|F> <message>"
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split(' ').slice(3).join(' '));
}

/** Waits until a log line matches (default 10 s); returns it. */
export async function waitForLog(app: App, match: RegExp, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const line = appLog(app).find((l) => match.test(l));
    if (line) return line;
    if (Date.now() > deadline) throw new Error(`no log line matching ${match} in ${app.logPath}:\n${appLog(app).join('\n')}`);
    await sleep(50);
  }
}

/** StopPodSandbox + RemovePodSandbox (also stops and removes its containers). */
export async function removePod(cri: CriClient, pod: Pod | string): Promise<void> {
  const id = typeof pod === 'string' ? pod : pod.id;
  await cri.stopPodSandbox(id);
  await cri.removePodSandbox(id);
}

/** The container runApp creates: /app with `args`, logging to `<name>.log` in the pod's log directory. */
export function appConfig(name: string, args: readonly string[] = []): ContainerConfig {
  return {
    metadata: { name, attempt: 0 },
    image: { image: IMAGE_NAME },
    command: ['/app'],
    args: [...args],
    logPath: `${name}.log`,
    labels: {},
    annotations: {},
    linux: { securityContext: { namespaceOptions: { network: NamespaceMode.POD, pid: NamespaceMode.CONTAINER, ipc: NamespaceMode.POD } } },
  };
}

/** CreateContainer only (not started): for checks between a container's creation and its start. */
export async function createApp(cri: CriClient, pod: Pod, args: readonly string[] = [], name = `app-${++seq}`): Promise<App> {
  const id = await cri.createContainer(pod.id, appConfig(name, args), pod.config);
  return { id, pod, logPath: path.join(pod.config.logDirectory!, `${name}.log`) };
}

/** What a run holds for its pods, as the host and containerd show it (for before/after comparisons). */
export interface Footprint {
  /** PIDs of the run's containerd-shim-runc-v2 processes. */
  shims: number[];
  /** Other processes in the pods' cgroups (pause, apps). */
  podProcesses: number[];
  /** `ctr -n k8s.io containers ls -q`. */
  containers: string[];
  /** `ctr -n k8s.io tasks ls -q`. */
  tasks: string[];
  /** `ctr -n k8s.io sandboxes ls` (IDs). */
  sandboxes: string[];
  /** CRI ListPodSandbox (IDs, any state). */
  criSandboxes: string[];
  /** Network namespaces mounted under $RUN. */
  netns: string[];
}

const lines = (text: string): string[] =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/** The run's footprint now: shims, pod processes, containerd's containers, tasks and sandboxes, netns mounts. */
export async function footprint(cd: Containerd, cri: CriClient): Promise<Footprint> {
  const procs = runProcesses({ run: cd.run, tag: cd.tag, bridge: cd.bridge, cgroupDirs: [...cd.cgroupDirs] });
  const isShim = (cmd: string) => cmd.includes('containerd-shim-runc-v2');
  const pids = (ps: { pid: number }[]) => ps.map((p) => p.pid).sort((a, b) => a - b);
  // Every list sorted: containerd lists from maps, in no stable order.
  return {
    shims: pids(procs.filter((p) => isShim(p.cmd))),
    podProcesses: pids(procs.filter((p) => !isShim(p.cmd) && !p.cmd.includes(`${cd.run}/`))),
    containers: lines(await cd.ctr(['-n', 'k8s.io', 'containers', 'ls', '-q'])).sort(),
    tasks: lines(await cd.ctr(['-n', 'k8s.io', 'tasks', 'ls', '-q'])).sort(),
    sandboxes: lines(await cd.ctr(['-n', 'k8s.io', 'sandboxes', 'ls']))
      .slice(1)
      .map((l) => l.split(/\s+/)[0]!)
      .sort(),
    criSandboxes: (await cri.listPodSandbox()).map((s) => s.id ?? '').sort(),
    netns: mountsUnder(cd.run)
      .filter((m) => m.includes('/netns/'))
      .sort(),
  };
}
