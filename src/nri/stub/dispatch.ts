// The Plugin service as NRI's stub serves it (the model: containerd/nri pkg/stub): each request decoded,
// handed to the plugin's typed method with the time it arrived, the answer encoded. Pod events come as
// StateChange (NRI ≤ v0.11) or as their own v0.12 methods and reach the same method. The plugin is
// subscribed to exactly the events it implements (the mask follows from its methods); any other method
// gets Unimplemented (12), which is what makes a v0.12 runtime fall back to StateChange.
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
} from '../../gen/nri/api.js';
import type { CallContext, Handler } from '../../ttrpc/index.js';
import { peekPodId } from './peek.js';
import { eventsMaskOf } from './services.js';

/** How an event reached the stub: the call's context (its timeout) and when it arrived (performance.now()). */
export interface Arrival {
  ctx: CallContext;
  t0: number;
}

export interface StubPlugin {
  /** Configure: the runtime's config string and identity. Throw a TtrpcError to refuse. */
  configure(req: ConfigureRequest): void;
  /** Every pod the runtime listed: a split Synchronize's chunks gathered (each but the last answered more=true). */
  synchronize(pods: PodSandbox[], at: Arrival): Promise<void>;
  runPodSandbox?(pod: PodSandbox, at: Arrival): Promise<void>;
  stopPodSandbox?(pod: PodSandbox, at: Arrival): void;
  removePodSandbox?(pod: PodSandbox, at: Arrival): void;
  /** Resolves to let the container be created (no adjustment); throws to refuse it. */
  createContainer?(req: CreateContainerRequest, at: Arrival): Promise<void>;
  /** A container of a pod the plugin knows by its id alone: true answers at once, the request left undecoded. */
  createContainerKnown?(podId: string, at: Arrival): boolean;
}

const EMPTY = Empty.encode({}).finish();
const NO_ADJUSTMENT = CreateContainerResponse.encode({}).finish();
/** A request the fast path reads once at start: compiled then, not at the first container after every start. */
const WARM_UP = CreateContainerRequest.encode({ pod: { id: 'warm-up' }, container: { id: 'warm-up' } }).finish();

type PodEventHandler = (pod: PodSandbox, at: Arrival) => unknown;

/** The pod events the plugin implements: by NRI method name, and by event for StateChange. */
function podEvents(plugin: StubPlugin): { methods: Record<string, Handler>; byEvent: Partial<Record<Event, PodEventHandler>> } {
  const methods: Record<string, Handler> = {};
  const byEvent: Partial<Record<Event, PodEventHandler>> = {};
  const add = (method: string, event: Event, decode: (payload: Uint8Array) => PodSandbox | undefined, handle: PodEventHandler | undefined) => {
    if (!handle) return;
    const bound = handle.bind(plugin);
    byEvent[event] = bound;
    methods[method] = async (payload, ctx) => {
      const at = { ctx, t0: performance.now() };
      const pod = decode(payload);
      if (pod) await bound(pod, at);
      return EMPTY;
    };
  };
  add('RunPodSandbox', Event.RUN_POD_SANDBOX, (p) => RunPodSandboxRequest.decode(p).pod, plugin.runPodSandbox);
  add('StopPodSandbox', Event.STOP_POD_SANDBOX, (p) => StopPodSandboxRequest.decode(p).pod, plugin.stopPodSandbox);
  add('RemovePodSandbox', Event.REMOVE_POD_SANDBOX, (p) => RemovePodSandboxRequest.decode(p).pod, plugin.removePodSandbox);
  const { createContainer, createContainerKnown } = plugin;
  if (createContainer) {
    const known = createContainerKnown?.bind(plugin);
    methods.CreateContainer = (payload, ctx) => {
      const at = { ctx, t0: performance.now() };
      const id = peekPodId(payload);
      if (id !== undefined && known?.(id, at)) return NO_ADJUSTMENT;
      return createContainer.call(plugin, CreateContainerRequest.decode(payload), at).then(() => NO_ADJUSTMENT);
    };
    peekPodId(WARM_UP);
  }
  return { methods, byEvent };
}

/** The ttrpc handlers of the Plugin service for `plugin`. */
export function stubHandlers(plugin: StubPlugin): Record<string, Handler> {
  const { methods, byEvent } = podEvents(plugin);
  const mask = eventsMaskOf(Object.keys(methods));
  // A split Synchronize's earlier chunks (NRI v0.7+ splits one that is too large for a message): each holds
  // some of the pods, as pkg/stub collects them. Configure starts every connection, so it starts afresh.
  let chunks: PodSandbox[] = [];
  return {
    ...methods,
    Configure: (payload) => {
      chunks = [];
      plugin.configure(ConfigureRequest.decode(payload));
      return ConfigureResponse.encode({ events: mask }).finish();
    },
    Synchronize: async (payload, ctx) => {
      const at = { ctx, t0: performance.now() };
      const req = SynchronizeRequest.decode(payload);
      // Every chunk but the last is answered more=true, no updates; the last gets every chunk's pods.
      if (req.more) {
        chunks.push(...(req.pods ?? []));
        return SynchronizeResponse.encode({ more: true }).finish();
      }
      const pods = [...chunks, ...(req.pods ?? [])];
      chunks = [];
      await plugin.synchronize(pods, at);
      return SynchronizeResponse.encode({}).finish();
    },
    Shutdown: () => EMPTY,
    // NRI ≤ v0.11 sends the pod events here.
    StateChange: async (payload, ctx) => {
      const at = { ctx, t0: performance.now() };
      const ev = StateChangeEvent.decode(payload);
      const handle = ev.event === undefined ? undefined : byEvent[ev.event];
      if (handle && ev.pod) await handle(ev.pod, at);
      return EMPTY;
    },
  };
}
