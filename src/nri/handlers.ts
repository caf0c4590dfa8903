// The Plugin service (served on mux conn 1): Configure, Synchronize, pod events as StateChange
// (NRI ≤ v0.11) and as the v0.12 per-event methods, and CreateContainer — the start guarantee's gate.
// Any other method gets Unimplemented (12), which is what makes a v0.12 runtime fall back to StateChange.
// Every event is timed from its arrival to its answer and logged as "event handled".
//
// A redirect that cannot be applied at RunPodSandbox is NOT answered with an error: containerd 2.1
// leaks the sandbox of a pod whose RunPodSandbox an NRI plugin fails (its pause container and shim
// keep running, invisible to the CRI, one per kubelet retry), while a refused CreateContainer leaves
// a sandbox the kubelet sees, retries into and deletes. So RunPodSandbox logs and answers success, and
// the CreateContainer gate refuses every container of the pod until its redirect is in place.
import {
  ConfigureRequest,
  ConfigureResponse,
  CreateContainerRequest,
  CreateContainerResponse,
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
import type { GateOutcome, GateResult, PodHandler, PodLog } from './pod-handler.js';
import { peekPodId } from './peek.js';
import { eventsMaskOf } from './stub/services.js';
import { resolveNriSettings } from './settings.js';
import { synchronizePods } from './synchronize.js';
import { msSince } from '../runtime/clock.js';

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
  /** The runtime's (last) Synchronize chunk was answered, listing these pods: this connection is fully in service. */
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

const EMPTY = Empty.encode({}).finish();
const NO_ADJUSTMENT = CreateContainerResponse.encode({}).finish();
/** A request the fast path runs once at start (see below). */
const WARM_UP = CreateContainerRequest.encode({ pod: { id: 'warm-up' }, container: { id: 'warm-up' } }).finish();

function deadlineOf(ctx: CallContext): number {
  return Date.now() + Math.max(100, (ctx.timeoutMs ?? DEFAULT_BUDGET_MS) - REPLY_MARGIN_MS);
}

export function pluginHandlers(h: HandlerContext): Record<string, Handler> {
  /** Reports an event handled in `ms` (taken by the caller as soon as the answer is known). */
  const handled = (event: string, ms: number, pod: PodSandbox | undefined, outcome: string, level: 'debug' | 'info' = 'debug') => {
    h.observer?.event(event, ms);
    h.log.log(level, 'event handled', { event, podID: pod?.id, outcome, ms });
  };

  const runPod = async (pod: PodSandbox | undefined, ctx: CallContext, t0: number) => {
    if (!pod) return EMPTY;
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
    return EMPTY;
  };
  const gated = (pod: PodSandbox, g: GateOutcome, ms: number) => {
    if (g.result !== 'not-opted-in') h.observer?.containerGated(g.result);
    handled('CreateContainer', ms, pod, `${g.result} (${g.how})`, g.result === 'applied-late' ? 'info' : 'debug');
  };
  const createContainer = async (req: CreateContainerRequest, ctx: CallContext, t0: number) => {
    const pod = req.pod;
    if (!pod) return NO_ADJUSTMENT;
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
    return NO_ADJUSTMENT;
  };
  const stopPod = (pod: PodSandbox | undefined, t0: number) => {
    if (pod) handled('StopPodSandbox', msSince(t0), pod, h.handler.stop(pod));
    return EMPTY;
  };
  const removePod = (pod: PodSandbox | undefined, t0: number) => {
    if (pod) handled('RemovePodSandbox', msSince(t0), pod, h.handler.remove(pod));
    return EMPTY;
  };

  /** The gate's fast path: a pod the plugin knows is answered from memory, its request left undecoded. */
  const knownPod = (id: string | undefined) => (id === undefined ? undefined : h.handler.gateKnown(id));
  // Compiled now rather than at the first CreateContainer after every (re)start, which would otherwise
  // take ≈ 0.4 ms instead of ≈ 0.03 ms (V8 compiles functions at their first call).
  knownPod(peekPodId(WARM_UP));
  msSince(performance.now());

  // The subscription follows from the event methods below (eventsMaskOf), set once they exist.
  let events = 0;
  const handlers: Record<string, Handler> = {
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
      return ConfigureResponse.encode({ events }).finish();
    },
    Synchronize: async (payload, ctx) => {
      const t0 = performance.now();
      const req = SynchronizeRequest.decode(payload);
      // Split Synchronize (NRI v0.7+): every chunk but the last is answered more=true, no updates.
      if (req.more) return SynchronizeResponse.encode({ more: true }).finish();
      const pods = req.pods ?? [];
      await synchronizePods(h.handler, pods, deadlineOf(ctx), h.log, t0);
      const ms = msSince(t0);
      h.observer?.event('Synchronize', ms);
      h.log.log('info', 'event handled', { event: 'Synchronize', pods: pods.length, ms });
      h.onSynchronized?.(new Set(pods.map((p) => p.id ?? '')));
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
    CreateContainer: (payload, ctx) => {
      const t0 = performance.now();
      const id = peekPodId(payload);
      const known = knownPod(id);
      if (id !== undefined && known) {
        gated({ id }, known, msSince(t0));
        return NO_ADJUSTMENT;
      }
      return createContainer(CreateContainerRequest.decode(payload), ctx, t0);
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
  events = eventsMaskOf(Object.keys(handlers));
  return handlers;
}
