// Invokes CNI plugins the way libcni does: one executable per `type` found in CNI_PATH, the
// per-plugin configuration on stdin (name/cniVersion injected, runtimeConfig derived from the
// declared capabilities, prevResult threaded through ADD; DEL in reverse order with the cached
// result), the CNI_* parameters in the environment. Our plugin is the bundled executable entry
// (dist/main.cjs), reached through a tiny wrapper named `hcnproxyctl` in a temporary CNI_PATH dir.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MAIN } from './cli.js';

export const REFERENCE_PLUGIN_DIR = '/usr/lib/cni';

type Json = Record<string, unknown>;

export interface PluginRun {
  code: number | null;
  stdout: string;
  stderr: string;
  json?: Json;
}

/** A temp dir holding `hcnproxyctl` (a wrapper that runs the bundled entry); remove it when done. */
export function makeOurBinDir(): { dir: string; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hcnproxyctl-cnibin-'));
  const wrapper = path.join(dir, 'hcnproxyctl');
  fs.writeFileSync(wrapper, `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(MAIN)} "$@"\n`, { mode: 0o755 });
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export interface CniCall {
  command: 'ADD' | 'DEL' | 'CHECK' | 'VERSION' | 'STATUS' | 'GC';
  containerId?: string;
  netns?: string;
  ifname?: string;
  args?: string;
  path: string;
  /** Killed after this long (default 30 s). */
  timeoutMs?: number;
  /** Extra environment (e.g. HCNPROXYCTL_HCN_DLL); CNI_* are set from the fields above. */
  env?: Record<string, string>;
}

function pluginEnv(call: CniCall): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin', ...call.env, CNI_COMMAND: call.command, CNI_PATH: call.path };
  if (call.containerId !== undefined) env.CNI_CONTAINERID = call.containerId;
  if (call.netns !== undefined) env.CNI_NETNS = call.netns;
  if (call.ifname !== undefined) env.CNI_IFNAME = call.ifname;
  if (call.args !== undefined) env.CNI_ARGS = call.args;
  return env;
}

export function findPlugin(type: string, cniPath: string): string {
  for (const dir of cniPath.split(path.delimiter)) {
    const p = path.join(dir, type);
    if (fs.existsSync(p)) return p;
  }
  throw new Error(`CNI plugin ${type} not found in ${cniPath}`);
}

/** Runs one plugin executable with `stdin` as its configuration. */
export function execPlugin(binary: string, call: CniCall, stdin: string | Json): PluginRun {
  const input = typeof stdin === 'string' ? stdin : JSON.stringify(stdin);
  const r = spawnSync(binary, [], { env: pluginEnv(call), input, encoding: 'utf8', timeout: call.timeoutMs ?? 30_000 });
  const run: PluginRun = { code: r.status, stdout: r.stdout, stderr: r.stderr };
  if (r.stdout.trim()) {
    try {
      run.json = JSON.parse(r.stdout) as Json;
    } catch {
      // left for the caller to assert on
    }
  }
  return run;
}

export interface Conflist {
  cniVersion: string;
  name: string;
  plugins: Json[];
}

/** The per-plugin configuration libcni sends (InjectConf + injectRuntimeConfig). */
export function pluginConfig(list: Conflist, plugin: Json, capabilityArgs: Json, prevResult?: Json): Json {
  const conf: Json = { ...plugin, cniVersion: list.cniVersion, name: list.name };
  const caps = (plugin.capabilities ?? {}) as Record<string, boolean>;
  const rc: Json = {};
  for (const [k, v] of Object.entries(capabilityArgs)) if (caps[k]) rc[k] = v;
  if (Object.keys(rc).length > 0) conf.runtimeConfig = rc;
  if (prevResult) conf.prevResult = prevResult;
  return conf;
}

export interface ChainCall {
  containerId: string;
  netns: string;
  ifname?: string;
  path: string;
  capabilityArgs?: Json;
  env?: Record<string, string>;
}

/** ADD through the whole list; returns the final result, or the first failure. */
export function addNetworkList(
  list: Conflist,
  c: ChainCall,
): { ok: true; result: Json; runs: PluginRun[] } | { ok: false; failed: string; run: PluginRun; runs: PluginRun[] } {
  let prev: Json | undefined;
  const runs: PluginRun[] = [];
  for (const p of list.plugins) {
    const call: CniCall = {
      command: 'ADD',
      containerId: c.containerId,
      netns: c.netns,
      ifname: c.ifname ?? 'eth0',
      path: c.path,
      env: c.env ?? {},
      args: `IgnoreUnknown=1;K8S_POD_NAMESPACE=test;K8S_POD_NAME=${c.containerId};K8S_POD_INFRA_CONTAINER_ID=${c.containerId}`,
    };
    const run = execPlugin(findPlugin(String(p.type), c.path), call, pluginConfig(list, p, c.capabilityArgs ?? {}, prev));
    runs.push(run);
    if (run.code !== 0 || !run.json) return { ok: false, failed: String(p.type), run, runs };
    prev = run.json;
  }
  return { ok: true, result: prev ?? {}, runs };
}

/** DEL in reverse order with the cached result (libcni: prevResult only for lists >= 0.4.0). */
export function delNetworkList(list: Conflist, c: ChainCall, cached?: Json): PluginRun[] {
  const runs: PluginRun[] = [];
  const withPrev = !['0.3.0', '0.3.1'].includes(list.cniVersion) ? cached : undefined;
  for (const p of [...list.plugins].reverse()) {
    const call: CniCall = { command: 'DEL', containerId: c.containerId, netns: c.netns, ifname: c.ifname ?? 'eth0', path: c.path, env: c.env ?? {} };
    runs.push(execPlugin(findPlugin(String(p.type), c.path), call, pluginConfig(list, p, c.capabilityArgs ?? {}, withPrev)));
  }
  return runs;
}

/** CHECK through the list (0.4.0+), in order, stopping at the first failure. */
export function checkNetworkList(list: Conflist, c: ChainCall, cached: Json): PluginRun[] {
  const runs: PluginRun[] = [];
  for (const p of list.plugins) {
    const call: CniCall = { command: 'CHECK', containerId: c.containerId, netns: c.netns, ifname: c.ifname ?? 'eth0', path: c.path, env: c.env ?? {} };
    const run = execPlugin(findPlugin(String(p.type), c.path), call, pluginConfig(list, p, c.capabilityArgs ?? {}, cached));
    runs.push(run);
    if (run.code !== 0) break;
  }
  return runs;
}
