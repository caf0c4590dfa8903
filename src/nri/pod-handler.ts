// What the NRI face does with a pod: the shared pod path (src/pod), triggered by pod events.
// RunPodSandbox: decide and apply in the pod's netns before answering. CreateContainer (the gate): no
// container of an opted-in pod is created without its redirect — known from memory, else checked in the
// pod's netns, else applied now; refused when it cannot be (fail-closed). StopPodSandbox: nothing to
// undo — containerd sends it before the CNI teardown that destroys the netns, and our table goes with
// it (measured: npm run bench:nri, Stop+Remove). RemovePodSandbox: forget the pod.
import type { Container, PodSandbox } from '../gen/nri/api.js';
import type { RedirectBackend } from '../policy/backend.js';
import { addPod, checkPod, nftPodBackend, type AddOutcome, type PodContext, type PodLog, type PodRequest, type HookSettings } from '../pod/index.js';

export type { PodLog };

export function networkNamespace(pod: PodSandbox): string | undefined {
  const ns = pod.linux?.namespaces?.find((n) => n.type === 'network');
  return ns?.path ? ns.path : undefined;
}

const podFields = (pod: PodSandbox) => ({ pod: `${pod.namespace ?? ''}/${pod.name ?? ''}`, podID: pod.id });

/** What the gate found for an opted-in pod's container (metrics); 'not-opted-in' is not counted. */
export type GateResult = 'in-place' | 'applied-late' | 'refused' | 'failed-open';
export type GateOutcome = { result: Exclude<GateResult, 'refused'> | 'not-opted-in'; how: string };
const IN_PLACE_KNOWN: GateOutcome = { result: 'in-place', how: 'known' };
const NOT_OPTED_IN_KNOWN: GateOutcome = { result: 'not-opted-in', how: 'known' };

export class PodHandler {
  private ctx: PodContext;
  /** Pods this plugin redirected: id → netns path (Stop and Remove events carry none: containerd sends them without the pod's namespaces). */
  private readonly redirected = new Map<string, string>();
  /** Pods the pod path leaves alone (not opted in, excluded, host network): their containers pass at once. */
  private readonly skipped = new Set<string>();

  /** `backendFor` makes the backend for the settings (default: nftables, loaded on first use). */
  constructor(
    settings: HookSettings,
    log: PodLog,
    private readonly backendFor: (settings: HookSettings) => RedirectBackend = (s) => nftPodBackend(s, log),
  ) {
    this.ctx = { settings, backend: backendFor(settings), log };
  }

  reconfigure(settings: HookSettings): void {
    const same = settings.nftMode === this.ctx.settings.nftMode;
    this.ctx = { settings, backend: same ? this.ctx.backend : this.backendFor(settings), log: this.ctx.log };
    if (!same) void this.warmUp();
  }

  /** Loads the backend and logs how it writes rules (or why it cannot: pods will fail or fail open). */
  async warmUp(): Promise<void> {
    const s = await this.ctx.backend.status(Date.now() + 10_000);
    if (s.ok) this.ctx.log.log('info', 'backend ready', { backend: this.ctx.backend.name, detail: s.detail });
    else this.ctx.log.log('error', 'backend not usable: opted-in pods cannot be redirected', { backend: this.ctx.backend.name, reason: s.reason });
  }

  /** How rules are written now (libnftables, exec; undefined before the backend loaded). */
  rulesMode(): string | undefined {
    return this.ctx.backend.mode();
  }

  get settings(): HookSettings {
    return this.ctx.settings;
  }

  /** Whether the plugin has seen this pod (redirected it, or decided to leave it alone). */
  knows(id: string): boolean {
    return this.redirected.has(id) || this.skipped.has(id);
  }

  /** How many pods this plugin redirected and still knows of. */
  get redirectedCount(): number {
    return this.redirected.size;
  }

  /**
   * Applies the redirect for an opted-in pod before `deadline` (what is left of the runtime's budget).
   * Throws PodFailure when the pod must not start (fail-closed).
   */
  async run(pod: PodSandbox, deadline: number): Promise<AddOutcome> {
    const netns = networkNamespace(pod);
    if (!netns) {
      this.skipped.add(pod.id ?? '');
      this.ctx.log.log('debug', 'pod skipped', { ...podFields(pod), reason: 'host network: the pod has no network namespace' });
      return { action: 'skipped', code: 'host-network', reason: 'host network: the pod has no network namespace' };
    }
    const outcome = await addPod(this.ctx, podRequest(pod, netns), deadline);
    this.remember(pod, netns, outcome);
    return outcome;
  }

  /** The gate's answer from memory alone (no syscalls), for a pod the plugin redirected or left alone. */
  gateKnown(id: string): GateOutcome | undefined {
    if (this.redirected.has(id)) return IN_PLACE_KNOWN;
    if (this.skipped.has(id)) return NOT_OPTED_IN_KNOWN;
    return undefined;
  }

  /**
   * The start guarantee, at a container's creation: resolves when the container may be created, throws
   * PodFailure when it must not (an opted-in pod without its redirect, fail-closed). Covers pods that
   * started while the plugin was away (boot, rollout, crash, runtime restart) and init containers.
   */
  async gate(pod: PodSandbox, container: Container | undefined, deadline: number): Promise<GateOutcome> {
    const id = pod.id ?? '';
    const known = this.gateKnown(id);
    if (known) return known;
    const netns = networkNamespace(pod);
    if (!netns) {
      this.skipped.add(id);
      return { result: 'not-opted-in', how: 'host network' };
    }
    const req = { ...podRequest(pod, netns), fields: { ...podFields(pod), container: container?.name } };
    // A pod started while we were away may hold its table already (an earlier run of the plugin, the CNI face).
    const check = await checkPod(this.ctx, req, deadline).catch(() => undefined);
    if (check?.ok) {
      if ('skipped' in check) {
        this.skipped.add(id);
        return { result: 'not-opted-in', how: check.skipped };
      }
      this.redirected.set(id, netns);
      return { result: 'in-place', how: 'checked' };
    }
    const outcome = await addPod(this.ctx, req, deadline); // throws PodFailure when fail-closed
    this.remember(pod, netns, outcome);
    if (outcome.action === 'skipped') return { result: 'not-opted-in', how: outcome.reason };
    if (outcome.action === 'failed-open') return { result: 'failed-open', how: outcome.failure.message };
    this.ctx.log.log('info', 'redirect applied at container creation', { ...req.fields, was: check ? check.reason : 'unknown' });
    return { result: 'applied-late', how: check ? check.reason : 'applied' };
  }

  private remember(pod: PodSandbox, netns: string, outcome: AddOutcome): void {
    const id = pod.id ?? '';
    if (outcome.action === 'applied') this.redirected.set(id, netns);
    else if (outcome.action === 'skipped') this.skipped.add(id);
  }

  /** The pod stops: its netns (and our table in it) is destroyed by the runtime right after. */
  stop(pod: PodSandbox): 'redirected' | 'not-ours' {
    return this.redirected.has(pod.id ?? '') ? 'redirected' : 'not-ours';
  }

  remove(pod: PodSandbox): 'forgotten' | 'not-ours' {
    this.skipped.delete(pod.id ?? '');
    return this.redirected.delete(pod.id ?? '') ? 'forgotten' : 'not-ours';
  }

  /** After Synchronize: only pods that still exist are remembered (Remove events missed while away). */
  retainOnly(ids: ReadonlySet<string>): void {
    for (const id of this.redirected.keys()) if (!ids.has(id)) this.redirected.delete(id);
    for (const id of this.skipped) if (!ids.has(id)) this.skipped.delete(id);
  }
}

function podRequest(pod: PodSandbox, netns: string): PodRequest {
  return {
    target: { netns, containerId: pod.id ?? '' },
    annotations: pod.annotations,
    ...(pod.namespace ? { namespace: pod.namespace } : {}),
    fields: podFields(pod),
  };
}
