// `hcnproxyctl check`, the node doctor: is a hook installed (our entry in the conflist containerd would
// pick and the binary beside the other plugins, or the NRI plugin running or pre-installed), can the
// rules be written here (nftables / HNS), and for every running pod sandbox: would the hooks redirect
// it, and is its redirect in place? `fix` applies a missing or differing redirect through the pod path.
// Everything per pod is the pod path's own (explainPod, checkPod, addPod), as the hooks do it.
import fs from 'node:fs';
import path from 'node:path';
import { parseConfig, PLUGIN_TYPE } from '../cni/install/conflist.js';
import type { Json } from '../runtime/json.js';
import { primaryConfig } from '../cni/install/files.js';
import { comparePodOnNode, explainPod, fixPod, type LivePod, type PodSettings } from '../pod/index.js';

export interface NriProcess {
  pid: number;
  /** Its --metrics-address, when it serves one. */
  metrics?: string;
  /** What its /readyz said: registered with containerd and synchronized, or why not; unknown without metrics. */
  ready?: boolean;
  readiness?: string;
}

export interface HookState {
  cni: { file?: string; entry: boolean; binary?: string; problem?: string };
  nri: { running: number[]; plugins: NriProcess[]; preinstalled?: string };
  installed: boolean;
}

export interface PodRow {
  id: string;
  name: string;
  namespace: string;
  decision: 'redirect' | 'skip' | 'refuse' | 'fail-open';
  profile?: string;
  reason?: string;
  onNode: 'in place' | 'missing' | 'differs' | 'not applicable' | 'unknown';
  detail?: string;
  fixed?: boolean;
}

export interface CheckReport {
  hook: HookState;
  rules: { ok: boolean; detail: string };
  pods: PodRow[];
  /** Everything is as it should be (after --fix, if given). */
  ok: boolean;
}

/**
 * Our entry in the configuration containerd would load from `confDir` (its first file by byte order):
 * the hook's state, and the entry itself (the settings the CNI hook runs with).
 */
export function cniHook(confDir: string, binDirs: readonly string[]): { state: HookState['cni']; entry?: Json } {
  let file: string | undefined;
  try {
    file = primaryConfig(confDir);
  } catch (e) {
    return { state: { entry: false, problem: `${confDir}: ${(e as Error).message}` } };
  }
  if (!file) return { state: { entry: false, problem: `no CNI configuration in ${confDir}` } };
  let entry: Json | undefined;
  try {
    const { list } = parseConfig(fs.readFileSync(file, 'utf8'), file);
    entry = (list.plugins as Json[]).find((p) => p.type === PLUGIN_TYPE);
  } catch (e) {
    return { state: { file, entry: false, problem: (e as Error).message } };
  }
  const binary = binDirs.map((d) => path.join(d, PLUGIN_TYPE)).find((f) => fs.existsSync(f));
  const state: HookState['cni'] = { file, entry: entry !== undefined, ...(binary ? { binary } : {}) };
  if (!entry) state.problem = `${file} has no ${PLUGIN_TYPE} entry (hcnproxyctl install-cni adds it)`;
  else if (!binary) state.problem = `no ${PLUGIN_TYPE} executable in ${binDirs.join(', ')}`;
  return { state, ...(entry ? { entry } : {}) };
}

/** `hcnproxyctl nri` processes (by their command line), and a pre-installed plugin in containerd's plugin path. */
export function nriHook(pluginPath: string, procRoot = '/proc'): HookState['nri'] {
  const running: number[] = [];
  const plugins: NriProcess[] = [];
  let pids: string[] = [];
  try {
    pids = fs.readdirSync(procRoot).filter((n) => /^\d+$/.test(n));
  } catch {
    // no /proc (Windows): NRI does not exist there anyway
  }
  for (const pid of pids) {
    let argv: string[];
    try {
      argv = fs.readFileSync(path.join(procRoot, pid, 'cmdline'), 'utf8').split('\0');
    } catch {
      continue;
    }
    const ours = argv.findIndex((a) => path.basename(a) === PLUGIN_TYPE || /\/dist\/main\.cjs$/.test(a) || /-hcnproxyctl$/.test(path.basename(a)));
    if (ours >= 0 && (argv[ours + 1] === 'nri' || /-hcnproxyctl$/.test(path.basename(argv[ours]!)))) {
      running.push(Number(pid));
      const at = argv.indexOf('--metrics-address');
      const eq = argv.find((a) => a.startsWith('--metrics-address='));
      const metrics = at >= 0 ? argv[at + 1] : eq?.slice('--metrics-address='.length);
      plugins.push({ pid: Number(pid), ...(metrics ? { metrics } : {}) });
    }
  }
  let preinstalled: string | undefined;
  try {
    preinstalled = fs
      .readdirSync(pluginPath)
      .filter((n) => /^\d\d-hcnproxyctl$/.test(n))
      .map((n) => path.join(pluginPath, n))[0];
  } catch {
    // no plugin path
  }
  return { running, plugins, ...(preinstalled ? { preinstalled } : {}) };
}

/** Asks each plugin that serves metrics whether it is registered with containerd and synchronized (/readyz). */
export async function askReadiness(plugins: NriProcess[], timeoutMs: number): Promise<void> {
  await Promise.all(
    plugins
      .filter((p) => p.metrics)
      .map(async (p) => {
        const host = p.metrics!.replace(/^:/, '127.0.0.1:').replace(/^0\.0\.0\.0:/, '127.0.0.1:');
        try {
          const r = await fetch(`http://${host}/readyz`, { signal: AbortSignal.timeout(timeoutMs) });
          p.ready = r.status === 200;
          p.readiness = (await r.text()).trim();
        } catch (e) {
          p.ready = false;
          p.readiness = `no answer from ${host}/readyz: ${(e as Error).message}`;
        }
      }),
  );
}

/** One pod: the decision, what is on the node (explain's comparison), and with `fix` the redirect applied where it is missing or differs. */
export async function checkOnePod(settings: PodSettings, pod: LivePod, fix: boolean, deadline: number): Promise<PodRow> {
  const e = await explainPod(settings, pod.annotations, pod.namespace);
  const row: PodRow = {
    id: pod.podSandboxId,
    name: pod.name ?? pod.podSandboxId,
    namespace: pod.namespace ?? '',
    decision: e.decision,
    onNode: 'not applicable',
  };
  if (e.decision === 'redirect') row.profile = e.profile;
  else row.reason = e.reason;
  const onNode = await comparePodOnNode(settings, e, pod, deadline);
  row.onNode = onNode.state;
  if (onNode.detail && e.decision === 'redirect' && onNode.state !== 'in place') row.detail = onNode.detail;
  if (!fix || !pod.netns || (row.onNode !== 'missing' && row.onNode !== 'differs')) return row;
  const r = await fixPod(settings, { ...pod, netns: pod.netns }, deadline);
  row.fixed = r.fixed;
  if (r.error !== undefined) row.detail = `${row.detail ?? ''}; fix failed: ${r.error}`;
  return row;
}
