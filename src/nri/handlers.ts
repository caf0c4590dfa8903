// The Plugin service (served on mux conn 1): Configure, Synchronize, pod events as StateChange
// (NRI ≤ v0.11) and as the v0.12 per-event methods. Container events are not subscribed; any other
// method gets Unimplemented (12), which is what makes a v0.12 runtime fall back to StateChange.
// Every event is timed from its arrival to its answer and logged as "event handled".
import {
  ConfigureRequest,
  ConfigureResponse,
  Empty,
  Event,
  RemovePodSandboxRequest,
  RunPodSandboxRequest,
  StateChangeEvent,
  StopPodSandboxRequest,
  SynchronizeRequest,
  SynchronizeResponse,
  type PodSandbox,
} from '../gen/nri/api.js';
import { PodFailure, SettingsError, type AddOutcome, type PodSettings } from '../pod/index.js';
import { Code, TtrpcError, type CallContext, type Handler } from '../ttrpc/index.js';
import type { PodHandler, PodLog } from './pod-handler.js';
import { POD_EVENTS_MASK } from './services.js';
import { resolveNriSettings } from './settings.js';
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
  onConfigured(settings: PodSettings, runtime: string): void;
  /** The runtime's (last) Synchronize chunk was answered: this connection is fully in service. */
  onSynchronized?(): void;
  /** Told each RunPodSandbox outcome and each event's handling time (the daemon's metrics). */
  observer?: EventObserver;
}

export interface EventObserver {
  podOutcome(outcome: AddOutcome): void;
  podRejected(): void;
  event(name: string, ms: number): void;
}

const EMPTY = Empty.encode({}).finish();

function deadlineOf(ctx: CallContext): number {
  return Date.now() + Math.max(100, (ctx.timeoutMs ?? DEFAULT_BUDGET_MS) - REPLY_MARGIN_MS);
}

const elapsed = (t0: number) => Math.round((performance.now() - t0) * 1000) / 1000;

export function pluginHandlers(h: HandlerContext): Record<string, Handler> {
  const handled = (event: string, t0: number, pod: PodSandbox | undefined, outcome: string, level: 'debug' | 'info' = 'debug') => {
    const ms = elapsed(t0);
    h.observer?.event(event, ms);
    h.log.log(level, 'event handled', { event, podID: pod?.id, outcome, ms });
  };

  const runPod = async (pod: PodSandbox | undefined, ctx: CallContext, t0: number) => {
    if (!pod) return EMPTY;
    try {
      const r = await h.handler.run(pod, deadlineOf(ctx));
      h.observer?.podOutcome(r);
      handled('RunPodSandbox', t0, pod, r.action);
    } catch (e) {
      // An error status fails the pod's start (fail-closed); a timeout would let it start without rules.
      if (e instanceof PodFailure) {
        h.observer?.podRejected();
        handled('RunPodSandbox', t0, pod, 'rejected', 'info');
        throw new TtrpcError(Code.Unknown, `hcnproxyctl: ${e.message}`);
      }
      throw e;
    }
    return EMPTY;
  };
  const stopPod = (pod: PodSandbox | undefined, t0: number) => {
    if (pod) handled('StopPodSandbox', t0, pod, h.handler.stop(pod));
    return EMPTY;
  };
  const removePod = (pod: PodSandbox | undefined, t0: number) => {
    if (pod) handled('RemovePodSandbox', t0, pod, h.handler.remove(pod));
    return EMPTY;
  };

  return {
    Configure: (payload) => {
      const req = ConfigureRequest.decode(payload);
      let settings: PodSettings;
      try {
        settings = resolveNriSettings(h.baseDocs.file, req.config ?? '', h.baseDocs.flags);
      } catch (e) {
        if (e instanceof SettingsError) throw new TtrpcError(Code.InvalidArgument, e.message);
        throw e;
      }
      h.onConfigured(settings, `${req.runtimeName ?? '?'} ${req.runtimeVersion ?? ''}`.trim());
      return ConfigureResponse.encode({ events: POD_EVENTS_MASK }).finish();
    },
    Synchronize: async (payload, ctx) => {
      const t0 = performance.now();
      const req = SynchronizeRequest.decode(payload);
      // Split Synchronize (NRI v0.7+): every chunk but the last is answered more=true, no updates.
      if (req.more) return SynchronizeResponse.encode({ more: true }).finish();
      const pods = req.pods ?? [];
      await synchronizePods(h.handler, pods, deadlineOf(ctx), h.log, t0);
      const ms = elapsed(t0);
      h.observer?.event('Synchronize', ms);
      h.log.log('info', 'event handled', { event: 'Synchronize', pods: pods.length, ms });
      h.onSynchronized?.();
      return SynchronizeResponse.encode({}).finish();
    },
    Shutdown: () => EMPTY,
    StateChange: async (payload, ctx) => {
      const t0 = performance.now();
      const ev = StateChangeEvent.decode(payload);
      switch (ev.event) {
        case Event.RUN_POD_SANDBOX:
          return runPod(ev.pod, ctx, t0);
        case Event.STOP_POD_SANDBOX:
          return stopPod(ev.pod, t0);
        case Event.REMOVE_POD_SANDBOX:
          return removePod(ev.pod, t0);
        default:
          return EMPTY;
      }
    },
    RunPodSandbox: (payload, ctx) => {
      const t0 = performance.now();
      return runPod(RunPodSandboxRequest.decode(payload).pod, ctx, t0);
    },
    StopPodSandbox: (payload) => {
      const t0 = performance.now();
      return stopPod(StopPodSandboxRequest.decode(payload).pod, t0);
    },
    RemovePodSandbox: (payload) => {
      const t0 = performance.now();
      return removePod(RemovePodSandboxRequest.decode(payload).pod, t0);
    },
  };
}
