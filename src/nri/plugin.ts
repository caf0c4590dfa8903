// hcnproxyctl as an NRI plugin: what it does with each event the stub hands it (stub/dispatch.ts).
// Configure: our settings with the runtime's config string. Synchronize: every running pod through the pod
// path. RunPodSandbox: apply before answering. CreateContainer: the start guarantee's gate. Stop/Remove:
// forget. Every event is timed from its arrival to its answer and logged as "event handled".
//
// A redirect that cannot be applied at RunPodSandbox is NOT answered with an error: containerd 2.1
// leaks the sandbox of a pod whose RunPodSandbox an NRI plugin fails (its pause container and shim
// keep running, invisible to the CRI, one per kubelet retry), while a refused CreateContainer leaves
// a sandbox the kubelet sees, retries into and deletes. So RunPodSandbox logs and answers success, and
// the CreateContainer gate refuses every container of the pod until its redirect is in place.
import type { PodSandbox } from '../gen/nri/api.js';
import { PodFailure, SettingsError, type AddOutcome, type HookSettings } from '../pod/index.js';
import { msSince } from '../runtime/clock.js';
import { Code, TtrpcError, type CallContext, type Handler } from '../ttrpc/index.js';
import type { GateOutcome, GateResult, PodHandler, PodLog } from './pod-handler.js';
import { resolveNriSettings } from './settings.js';
import { stubHandlers, type StubPlugin } from './stub/dispatch.js';
import { synchronizePods } from './synchronize.js';

/** containerd's default per-request budget, when a request carries no timeout. */
const DEFAULT_BUDGET_MS = 2000;
/** Kept back from the runtime's budget so that the answer arrives before its deadline. */
const REPLY_MARGIN_MS = 250;

export interface HandlerContext {
  handler: PodHandler;
  log: PodLog;
  /** Settings documents from the config file and flags; the runtime's config string comes between them. */
  baseDocs: { file: Record<string, unknown>; flags: Record<string, unknown> };
  onConfigured(settings: HookSettings, runtime: string): void;
  /** The runtime's Synchronize was answered (its last chunk, when split), listing these pods: this connection is fully in service. */
  onSynchronized?(podIds: ReadonlySet<string>): void;
  /** Told each RunPodSandbox outcome and each event's handling time (the daemon's metrics). */
  observer?: EventObserver;
}

export interface EventObserver {
  podOutcome(outcome: AddOutcome): void;
  podRejected(): void;
  containerGated(result: GateResult): void;
  event(name: string, ms: number): void;
}

function deadlineOf(ctx: CallContext): number {
  return Date.now() + Math.max(100, (ctx.timeoutMs ?? DEFAULT_BUDGET_MS) - REPLY_MARGIN_MS);
}

export function hcnproxyctlPlugin(h: HandlerContext): StubPlugin {
  /** Reports an event handled in `ms` (taken as soon as the answer is known). */
  const handled = (event: string, ms: number, pod: PodSandbox | undefined, outcome: string, level: 'debug' | 'info' = 'debug') => {
    h.observer?.event(event, ms);
    h.log.log(level, 'event handled', { event, podID: pod?.id, outcome, ms });
  };
  const gated = (pod: PodSandbox, g: GateOutcome, ms: number) => {
    if (g.result !== 'not-opted-in') h.observer?.containerGated(g.result);
    handled('CreateContainer', ms, pod, `${g.result} (${g.how})`, g.result === 'applied-late' ? 'info' : 'debug');
  };
  // The fast path's own code, compiled now rather than at the first container after every (re)start,
  // which would otherwise take ≈ 0.4 ms instead of ≈ 0.03 ms (V8 compiles functions at their first call).
  h.handler.gateKnown('warm-up');
  msSince(performance.now());

  return {
    configure(req) {
      let settings: HookSettings;
      try {
        settings = resolveNriSettings(h.baseDocs.file, req.config ?? '', h.baseDocs.flags);
      } catch (e) {
        if (e instanceof SettingsError) throw new TtrpcError(Code.InvalidArgument, e.message);
        throw e;
      }
      h.onConfigured(settings, `${req.runtimeName ?? '?'} ${req.runtimeVersion ?? ''}`.trim());
    },
    async synchronize(pods, { ctx, t0 }) {
      await synchronizePods(h.handler, pods, deadlineOf(ctx), h.log, t0);
      const ms = msSince(t0);
      h.observer?.event('Synchronize', ms);
      h.log.log('info', 'event handled', { event: 'Synchronize', pods: pods.length, ms });
      h.onSynchronized?.(new Set(pods.map((p) => p.id ?? '')));
    },
    async runPodSandbox(pod, { ctx, t0 }) {
      try {
        const r = await h.handler.run(pod, deadlineOf(ctx));
        h.observer?.podOutcome(r);
        handled('RunPodSandbox', msSince(t0), pod, r.action);
      } catch (e) {
        if (!(e instanceof PodFailure)) throw e;
        // Fail-closed, enforced at CreateContainer (see the header): answered with success here.
        h.observer?.podRejected();
        handled('RunPodSandbox', msSince(t0), pod, 'not applied: its containers are refused until it is', 'info');
      }
    },
    stopPodSandbox(pod, { t0 }) {
      handled('StopPodSandbox', msSince(t0), pod, h.handler.stop(pod));
    },
    removePodSandbox(pod, { t0 }) {
      handled('RemovePodSandbox', msSince(t0), pod, h.handler.remove(pod));
    },
    createContainerKnown(podId, { t0 }) {
      const known = h.handler.gateKnown(podId);
      if (known) gated({ id: podId }, known, msSince(t0));
      return known !== undefined;
    },
    async createContainer(req, { ctx, t0 }) {
      const pod = req.pod;
      if (!pod) return;
      try {
        const g = await h.handler.gate(pod, req.container, deadlineOf(ctx));
        gated(pod, g, msSince(t0));
      } catch (e) {
        if (!(e instanceof PodFailure)) throw e;
        const ms = msSince(t0);
        h.observer?.containerGated('refused');
        handled('CreateContainer', ms, pod, 'refused', 'info');
        // What `kubectl describe pod` shows (CreateContainerError): the pod, the container, the reason.
        const name = `${pod.namespace ?? ''}/${pod.name ?? pod.id ?? ''}`;
        throw new TtrpcError(Code.Unknown, `hcnproxyctl: pod ${name}: container ${req.container?.name ?? req.container?.id ?? '?'} not created: ${e.message}`);
      }
    },
  };
}

/** The Plugin service's ttrpc handlers, hcnproxyctl behind the stub. */
export function pluginHandlers(h: HandlerContext): Record<string, Handler> {
  return stubHandlers(hcnproxyctlPlugin(h));
}
