// The chained plugin's handlers: CNI input → the shared pod path → the CNI answer. Each returns what
// goes to stdout (ADD: the result) or nothing; failures become CniErrors with the spec's codes. At the
// end, the plugin as the skel calls it: per request, our settings from the configuration, the logger
// they ask for, and the pod path's context.
import type { RedirectBackend } from '../policy/backend.js';
import { createLogger, type Logger } from '../runtime/log.js';
import { addPod, checkPod, removePod, type PodContext, type PodLog, type PodRequest, type HookSettings } from '../pod/index.js';
import { parsePluginConf, type PluginConf } from './config.js';
import type { CniEnv } from './env.js';
import type { CniIo, CniPlugin, CniRequest } from './skel.js';
import { CNI_CODES, CniError } from './errors.js';
import { toCniError } from './map-error.js';
import { convertResult, versionBefore } from './versions.js';
import { type Json } from '../runtime/json.js';
import { msSince } from '../runtime/clock.js';
import { EXECUTABLE_NAME } from '../runtime/version.js';

export interface CniContext {
  env: CniEnv;
  conf: PluginConf;
  log: Logger;
  /** The pod path's context (the backend is made on first use). */
  pod(): PodContext;
}

/** A runtime's CNI call has its own timeout (containerd: the CRI call's); ours stays well inside it. */
const CALL_BUDGET_MS = 30_000;
const deadline = () => Date.now() + CALL_BUDGET_MS;

function requirePrevResult(ctx: CniContext, what: string): Json {
  if (!ctx.conf.prevResult) {
    throw new CniError(
      CNI_CODES.INVALID_CONFIG,
      `hcnproxyctl is a chained plugin: ${what} needs a prevResult from the network plugin before it in the conflist`,
    );
  }
  return ctx.conf.prevResult;
}

function interfaceNames(prevResult: Json | undefined): string[] {
  const ifs = prevResult?.interfaces;
  if (!Array.isArray(ifs)) return [];
  return ifs.map((i) => (i as { name?: unknown })?.name).filter((n): n is string => typeof n === 'string' && n !== '');
}

function podRequest(ctx: CniContext): PodRequest {
  return {
    target: { netns: ctx.env.netns, containerId: ctx.env.containerId, networkName: ctx.conf.name, interfaceNames: interfaceNames(ctx.conf.prevResult) },
    annotations: ctx.conf.annotations,
    ...(ctx.env.args.K8S_POD_NAMESPACE ? { namespace: ctx.env.args.K8S_POD_NAMESPACE } : {}),
  };
}

/** One line per ADD for the operator: the decision and the time it took (the pod path logs the details). */
function logAdd(ctx: CniContext, t0: number, decision: Record<string, unknown>): void {
  ctx.log.log('info', 'ADD handled', { ...decision, ms: msSince(t0) });
}

export async function cmdAdd(ctx: CniContext): Promise<Json> {
  const t0 = performance.now();
  const result = convertResult(requirePrevResult(ctx, 'ADD'), ctx.conf.cniVersion);
  let outcome;
  try {
    outcome = await addPod(ctx.pod(), podRequest(ctx), deadline());
  } catch (e) {
    logAdd(ctx, t0, { decision: 'rejected' });
    throw toCniError(e);
  }
  if (outcome.action === 'applied') logAdd(ctx, t0, { decision: 'redirected', profile: outcome.profile });
  else if (outcome.action === 'skipped') logAdd(ctx, t0, { decision: 'skipped', reason: outcome.code });
  else logAdd(ctx, t0, { decision: 'failed-open', failure: outcome.failure.kind });
  return result;
}

/** Best effort, idempotent: everything already gone is success (containerd sends two DELs). */
export async function cmdDel(ctx: CniContext): Promise<void> {
  await removePod(ctx.pod(), podRequest(ctx), deadline());
}

export async function cmdCheck(ctx: CniContext): Promise<void> {
  if (versionBefore(ctx.conf.cniVersion, '0.4.0')) {
    throw new CniError(CNI_CODES.INCOMPATIBLE_VERSION, `config version "${ctx.conf.cniVersion}" does not allow CHECK (0.4.0 or later)`);
  }
  requirePrevResult(ctx, 'CHECK');
  let outcome;
  try {
    outcome = await checkPod(ctx.pod(), podRequest(ctx), deadline());
  } catch (e) {
    throw toCniError(e);
  }
  if (!outcome.ok) {
    const code = outcome.reason === 'missing' ? CNI_CODES.REDIRECT_MISSING : CNI_CODES.REDIRECT_DIFFERS;
    throw new CniError(code, `pod redirect ${outcome.reason === 'missing' ? 'is missing' : 'differs from its configuration'}`, outcome.detail);
  }
}

/** Runs on every CRI Status call (a 1.1.0 conflist): cheap, and logged only at debug level. */
export async function cmdStatus(ctx: CniContext): Promise<void> {
  const backend = ctx.pod().backend;
  const s = await (backend.ready ?? backend.status).call(backend, deadline());
  if (!s.ok) throw new CniError(CNI_CODES.NOT_AVAILABLE, `hcnproxyctl cannot service ADD: ${s.reason}`);
  ctx.log.log('debug', 'status ok', { backend: backend.name, detail: s.detail });
}

/**
 * Nothing to collect: our only state is the nftables table in the pod's netns or the policy on its
 * HNS endpoint, and both are deleted with them. The input is still validated (by config parsing).
 */
export async function cmdGc(ctx: CniContext): Promise<void> {
  ctx.log.log('debug', 'gc: no state kept outside pods', { validAttachments: ctx.conf.validAttachments?.length ?? 0 });
}

/** Makes the redirect backend for a pod (tests put a fake here). */
export type BackendFactory = (settings: HookSettings, netns: string, log: PodLog) => RedirectBackend;

function podName(env: CniEnv): string | undefined {
  const ns = env.args.K8S_POD_NAMESPACE;
  const name = env.args.K8S_POD_NAME;
  return ns && name ? `${ns}/${name}` : undefined;
}

/** hcnproxyctl as the skel runs it: stderr (and the configured log file) get its log lines. */
export function hcnproxyctlPlugin(io: CniIo, backendFor: BackendFactory, command?: string): CniPlugin {
  // Until the configuration names a log file and level: stderr at info.
  let log: Logger = createLogger({ write: io.writeStderr, fields: { plugin: EXECUTABLE_NAME, command } });
  const contextOf = (req: CniRequest): CniContext => {
    const { env } = req;
    const conf = parsePluginConf(req.config, req.cniVersion);
    const logger = createLogger({
      level: conf.settings.logLevel,
      ...(conf.settings.logFile ? { file: conf.settings.logFile } : {}),
      write: io.writeStderr,
      fields: { plugin: EXECUTABLE_NAME, command: env.command, containerID: env.containerId || undefined, pod: podName(env) },
    });
    log = logger;
    let pod: PodContext | undefined;
    return { env, conf, log: logger, pod: () => (pod ??= { settings: conf.settings, backend: backendFor(conf.settings, env.netns, logger), log: logger }) };
  };
  return {
    add: (req) => cmdAdd(contextOf(req)),
    del: (req) => cmdDel(contextOf(req)),
    check: (req) => cmdCheck(contextOf(req)),
    status: (req) => cmdStatus(contextOf(req)),
    gc: (req) => cmdGc(contextOf(req)),
    failed(err) {
      if (!err.logged) log.log('error', err.message, { code: err.code, ...(err.details ? { details: err.details } : {}) });
    },
  };
}
