// The chained plugin's handlers. Each returns what goes to stdout (ADD: the result) or nothing.
import { decidePod, type PodDecision } from '../policy/annotations/index.js';
import { PolicyError } from '../policy/errors.js';
import type { RedirectBackend } from './backend.js';
import type { PluginConf } from './config.js';
import type { CniEnv } from './env.js';
import { CNI_CODES, CniError } from './errors.js';
import type { Logger } from '../log.js';
import { toCniError } from './map-error.js';
import { convertResult, versionBefore } from './versions.js';

export interface CniContext {
  env: CniEnv;
  conf: PluginConf;
  log: Logger;
  backend(): RedirectBackend;
}

type Json = Record<string, unknown>;

function requirePrevResult(ctx: CniContext, what: string): Json {
  if (!ctx.conf.prevResult) {
    throw new CniError(CNI_CODES.INVALID_CONFIG, `hcnproxyctl is a chained plugin: ${what} needs a prevResult from the network plugin before it in the conflist`);
  }
  return ctx.conf.prevResult;
}

function decide(ctx: CniContext): PodDecision {
  try {
    const d = decidePod(ctx.conf.annotations, ctx.conf.node, { lenient: ctx.conf.failOpen });
    if (d.action === 'redirect') for (const w of d.warnings) ctx.log.log('warn', w, { profile: d.profile });
    return d;
  } catch (e) {
    if (e instanceof PolicyError) throw new CniError(CNI_CODES.INVALID_CONFIG, `invalid pod configuration: ${e.message}`);
    throw e;
  }
}

export async function cmdAdd(ctx: CniContext): Promise<Json> {
  const result = convertResult(requirePrevResult(ctx, 'ADD'), ctx.conf.cniVersion);
  try {
    const d = decide(ctx);
    if (d.action === 'skip') {
      ctx.log.log('debug', 'pod not opted in: nothing to do', { reason: d.reason });
      return result;
    }
    const done = await ctx.backend().apply(d.policy);
    ctx.log.log('info', 'redirect applied', { profile: d.profile, detail: done });
    return result;
  } catch (e) {
    const err = toCniError(e);
    if (!ctx.conf.failOpen) throw err;
    // failOpen: the pod starts without redirection; say so loudly.
    ctx.log.log('error', 'redirect NOT applied (failOpen: the pod starts without its traffic going through the proxy)', { code: err.code, error: err.message });
    return result;
  }
}

/** Best effort, idempotent: everything already gone is success (containerd sends two DELs). */
export async function cmdDel(ctx: CniContext): Promise<void> {
  let d: PodDecision | undefined;
  try {
    d = decidePod(ctx.conf.annotations, ctx.conf.node, { lenient: true });
  } catch {
    d = undefined; // cannot tell: clean up anyway
  }
  if (d?.action === 'skip') return;
  try {
    const done = await ctx.backend().remove();
    ctx.log.log('info', 'redirect removed', { detail: done });
  } catch (e) {
    // The table lives in the pod's netns and the policy on its endpoint: both die with the pod.
    ctx.log.log('warn', 'could not remove the redirect (it goes away with the pod)', { error: (e as Error).message });
  }
}

export async function cmdCheck(ctx: CniContext): Promise<void> {
  if (versionBefore(ctx.conf.cniVersion, '0.4.0')) {
    throw new CniError(CNI_CODES.INCOMPATIBLE_VERSION, `config version "${ctx.conf.cniVersion}" does not allow CHECK (0.4.0 or later)`);
  }
  requirePrevResult(ctx, 'CHECK');
  const d = decide(ctx);
  if (d.action === 'skip') return;
  let outcome;
  try {
    outcome = await ctx.backend().check(d.policy);
  } catch (e) {
    throw toCniError(e);
  }
  if (!outcome.ok) {
    const code = outcome.reason === 'missing' ? CNI_CODES.REDIRECT_MISSING : CNI_CODES.REDIRECT_DIFFERS;
    throw new CniError(code, `pod redirect ${outcome.reason === 'missing' ? 'is missing' : 'differs from its configuration'}`, outcome.detail);
  }
}

export async function cmdStatus(ctx: CniContext): Promise<void> {
  const s = await ctx.backend().status();
  if (!s.ok) throw new CniError(CNI_CODES.NOT_AVAILABLE, `hcnproxyctl cannot service ADD: ${s.reason}`);
  ctx.log.log('debug', 'status ok', { detail: s.detail });
}

/**
 * Nothing to collect: our only state is the nftables table in the pod's netns or the policy on its
 * HNS endpoint, and both are deleted with them. The input is still validated (by config parsing).
 */
export async function cmdGc(ctx: CniContext): Promise<void> {
  ctx.log.log('debug', 'gc: no state kept outside pods', { validAttachments: ctx.conf.validAttachments?.length ?? 0 });
}
