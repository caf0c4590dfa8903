// The Plugin service (served on mux conn 1): Configure, Synchronize, pod events as StateChange
// (NRI ≤ v0.11) and as the v0.12 per-event methods. Container events are not subscribed; any other
// method gets Unimplemented (12), which is what makes a v0.12 runtime fall back to StateChange.
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
import { Code, TtrpcError, type CallContext, type Handler } from '../ttrpc/index.js';
import { PodRejected, type PodHandler, type PodLog } from './pod-handler.js';
import { POD_EVENTS_MASK } from './services.js';
import { parseSettingsDocument, resolveSettings, SettingsError, type NriSettings } from './settings.js';
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
  onConfigured(settings: NriSettings, runtime: string): void;
}

const EMPTY = Empty.encode({}).finish();

function budget(ctx: CallContext): number {
  return Math.max(100, (ctx.timeoutMs ?? DEFAULT_BUDGET_MS) - REPLY_MARGIN_MS);
}

export function pluginHandlers(h: HandlerContext): Record<string, Handler> {
  const runPod = async (pod: PodSandbox | undefined, ctx: CallContext) => {
    if (!pod) return EMPTY;
    try {
      await h.handler.run(pod, budget(ctx));
    } catch (e) {
      // An error status fails the pod's start (fail-closed); a timeout would let it start without rules.
      if (e instanceof PodRejected) throw new TtrpcError(Code.Unknown, e.message);
      throw e;
    }
    return EMPTY;
  };
  const stopPod = async (pod: PodSandbox | undefined, ctx: CallContext) => {
    if (pod) await h.handler.stop(pod, budget(ctx));
    return EMPTY;
  };
  const removePod = (pod: PodSandbox | undefined) => {
    if (pod) h.handler.remove(pod);
    return EMPTY;
  };

  return {
    Configure: (payload) => {
      const req = ConfigureRequest.decode(payload);
      let settings: NriSettings;
      try {
        settings = resolveSettings([h.baseDocs.file, parseSettingsDocument(req.config ?? '', 'the NRI plugin configuration'), h.baseDocs.flags]);
      } catch (e) {
        if (e instanceof SettingsError) throw new TtrpcError(Code.InvalidArgument, e.message);
        throw e;
      }
      h.onConfigured(settings, `${req.runtimeName ?? '?'} ${req.runtimeVersion ?? ''}`.trim());
      return ConfigureResponse.encode({ events: POD_EVENTS_MASK }).finish();
    },
    Synchronize: async (payload, ctx) => {
      const req = SynchronizeRequest.decode(payload);
      // Split Synchronize (NRI v0.7+): every chunk but the last is answered more=true, no updates.
      if (req.more) return SynchronizeResponse.encode({ more: true }).finish();
      await synchronizePods(h.handler, req.pods ?? [], budget(ctx), h.log);
      return SynchronizeResponse.encode({}).finish();
    },
    Shutdown: () => EMPTY,
    StateChange: async (payload, ctx) => {
      const ev = StateChangeEvent.decode(payload);
      switch (ev.event) {
        case Event.RUN_POD_SANDBOX:
          return runPod(ev.pod, ctx);
        case Event.STOP_POD_SANDBOX:
          return stopPod(ev.pod, ctx);
        case Event.REMOVE_POD_SANDBOX:
          return removePod(ev.pod);
        default:
          return EMPTY;
      }
    },
    RunPodSandbox: (payload, ctx) => runPod(RunPodSandboxRequest.decode(payload).pod, ctx),
    StopPodSandbox: (payload, ctx) => stopPod(StopPodSandboxRequest.decode(payload).pod, ctx),
    RemovePodSandbox: (payload) => removePod(RemovePodSandboxRequest.decode(payload).pod),
  };
}
