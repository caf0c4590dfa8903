// The one pod path both hooks share: decide from the pod's annotations and the node's settings →
// apply / remove / check through the backend → fail-open or fail-closed, with one log vocabulary.
// The CNI and NRI faces only translate what comes out into their own answers.
import { decidePod, type PodDecision, type SkipCode } from '../policy/annotations/index.js';
import type { CheckOutcome, PodTarget, RedirectBackend } from '../policy/backend.js';
import { PodFailure, toPodFailure } from './failure.js';
import { yamlParserFor } from './yaml.js';
import type { HookSettings } from './settings.js';
import { msSince } from '../runtime/clock.js';

export interface PodLog {
  log(level: 'debug' | 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>): void;
}

export interface PodContext {
  settings: HookSettings;
  backend: RedirectBackend;
  log: PodLog;
}

/** A pod as the hook saw it. */
export interface PodRequest {
  target: PodTarget;
  /** The pod's annotations; undefined when the runtime passed none. */
  annotations: Readonly<Record<string, string>> | undefined;
  /** The pod's Kubernetes namespace, when the runtime says (CNI: K8S_POD_NAMESPACE; NRI: the sandbox's). */
  namespace?: string;
  /** Fields that name the pod in log lines (pod, podID, …). */
  fields?: Record<string, unknown>;
}

/** Why the pod path leaves a pod alone: the decision's codes, the node's namespace exclusion, a host-network pod (NRI). */
export type PodSkipCode = SkipCode | 'excluded-namespace' | 'host-network';

export type AddOutcome =
  | { action: 'skipped'; code: PodSkipCode; reason: string }
  | { action: 'applied'; profile: string; detail: string }
  | { action: 'failed-open'; failure: PodFailure };

export type CheckPodOutcome = CheckOutcome | { ok: true; skipped: string };

/** Why the node leaves a pod of this namespace alone before reading its annotations (excludeNamespaces), if it does. */
export function excludedNamespace(settings: Pick<HookSettings, 'excludeNamespaces'>, namespace: string | undefined): string | undefined {
  return namespace !== undefined && settings.excludeNamespaces.includes(namespace)
    ? `namespace ${namespace} is excluded by the node (excludeNamespaces)`
    : undefined;
}

const excluded = (ctx: PodContext, pod: PodRequest): string | undefined => excludedNamespace(ctx.settings, pod.namespace);

/** The decision; a malformed annotation is a PodFailure (invalid), unless `lenient` drops it with a warning. */
async function decide(ctx: PodContext, pod: PodRequest, lenient: boolean): Promise<PodDecision> {
  const parseYaml = await yamlParserFor(pod.annotations);
  try {
    return decidePod(pod.annotations, ctx.settings.node, { lenient, ...(parseYaml ? { parseYaml } : {}) });
  } catch (e) {
    throw toPodFailure(e, 'invalid pod configuration: ');
  }
}

/**
 * Applies the redirect for an opted-in pod. Returns what happened; throws PodFailure when the pod must
 * not start (fail-closed, the default). With failOpen the failure is logged and returned instead.
 */
export async function addPod(ctx: PodContext, pod: PodRequest, deadline: number): Promise<AddOutcome> {
  const t0 = performance.now();
  const failOpen = ctx.settings.failOpen;
  const off = excluded(ctx, pod);
  if (off) {
    ctx.log.log('debug', 'pod skipped', { ...pod.fields, reason: off });
    return { action: 'skipped', code: 'excluded-namespace', reason: off };
  }
  try {
    const d = await decide(ctx, pod, failOpen);
    if (d.action === 'skip') {
      ctx.log.log('debug', 'pod skipped', { ...pod.fields, reason: d.reason });
      return { action: 'skipped', code: d.code, reason: d.reason };
    }
    for (const w of d.warnings) ctx.log.log('warn', w, { ...pod.fields, profile: d.profile });
    let detail: string;
    try {
      detail = await ctx.backend.apply(pod.target, d.policy, deadline);
    } catch (e) {
      throw toPodFailure(e, 'redirect not applied: ');
    }
    ctx.log.log('info', 'redirect applied', { ...pod.fields, profile: d.profile, detail, ms: msSince(t0) });
    return { action: 'applied', profile: d.profile, detail };
  } catch (e) {
    const failure = toPodFailure(e, '');
    if (!failOpen) {
      ctx.log.log('error', failure.message, { ...pod.fields, failure: failure.kind, ...(failure.details ? { details: failure.details } : {}) });
      throw failure;
    }
    ctx.log.log('error', `${failure.message} (failOpen: the pod starts without its traffic going through the proxy)`, { ...pod.fields, failure: failure.kind });
    return { action: 'failed-open', failure };
  }
}

/**
 * Removes the redirect; best effort and idempotent (the netns or endpoint may be gone already, and
 * runtimes send DEL twice). A pod the node would not redirect costs nothing; when its annotations
 * cannot be read any more, it is cleaned up anyway. Never throws.
 */
export async function removePod(ctx: PodContext, pod: PodRequest, deadline: number): Promise<'removed' | 'skipped' | 'failed'> {
  if (excluded(ctx, pod)) return 'skipped';
  let d: PodDecision | undefined;
  try {
    d = await decide(ctx, pod, true);
  } catch {
    d = undefined;
  }
  if (d?.action === 'skip') return 'skipped';
  try {
    const detail = await ctx.backend.remove(pod.target, deadline);
    ctx.log.log('info', 'redirect removed', { ...pod.fields, detail });
    return 'removed';
  } catch (e) {
    // The table lives in the pod's netns and the policy on its endpoint: both die with the pod.
    ctx.log.log('warn', 'could not remove the redirect (it goes away with the pod)', { ...pod.fields, error: (e as Error).message });
    return 'failed';
  }
}

/** Whether an opted-in pod holds exactly its redirect. Throws PodFailure when it cannot tell. */
export async function checkPod(ctx: PodContext, pod: PodRequest, deadline: number): Promise<CheckPodOutcome> {
  const off = excluded(ctx, pod);
  if (off) return { ok: true, skipped: off };
  const d = await decide(ctx, pod, ctx.settings.failOpen);
  if (d.action === 'skip') return { ok: true, skipped: d.reason };
  try {
    return await ctx.backend.check(pod.target, d.policy, deadline);
  } catch (e) {
    throw toPodFailure(e, 'cannot check the redirect: ');
  }
}
