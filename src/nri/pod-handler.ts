// What the NRI face does with a pod — the same decision and backend as the CNI face; only the trigger
// differs. RunPodSandbox: decide from the annotations, apply the nftables table in the pod's netns.
// StopPodSandbox: remove it (the netns still exists then). RemovePodSandbox: forget the pod.
import type { PodSandbox } from '../gen/nri/api.js';
import { decidePod } from '../policy/annotations/index.js';
import { PolicyError } from '../policy/errors.js';
import type { ProxyPolicy } from '../policy/model.js';
import type { NriSettings } from './settings.js';

export interface PodBackend {
  apply(netnsPath: string, policy: ProxyPolicy, timeoutMs: number): Promise<void>;
  remove(netnsPath: string, timeoutMs: number): Promise<void>;
}

export interface PodLog {
  log(level: 'debug' | 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>): void;
}

export type PodOutcome =
  | { action: 'skipped'; reason: string }
  | { action: 'applied'; profile: string; netns: string }
  | { action: 'failed-open'; error: string };

/** Thrown to fail the pod's start: the runtime turns it into an error status (fail-closed). */
export class PodRejected extends Error {
  override name = 'PodRejected';
}

export function networkNamespace(pod: PodSandbox): string | undefined {
  const ns = pod.linux?.namespaces?.find((n) => n.type === 'network');
  return ns?.path ? ns.path : undefined;
}

const podName = (pod: PodSandbox) => `${pod.namespace ?? ''}/${pod.name ?? ''}`;

export class PodHandler {
  /** netns path per pod id: Stop and Remove events carry none (nri.md §5.6). */
  private readonly netns = new Map<string, string>();

  constructor(
    private settings: NriSettings,
    private readonly backend: PodBackend,
    private readonly log: PodLog,
  ) {}

  reconfigure(settings: NriSettings): void {
    this.settings = settings;
  }

  /** Applies the redirect for an opted-in pod; `timeoutMs` is what is left of the runtime's budget. */
  async run(pod: PodSandbox, timeoutMs: number): Promise<PodOutcome> {
    const id = pod.id ?? '';
    const netns = networkNamespace(pod);
    if (!netns) return this.skipped(pod, 'host network: the pod has no network namespace');
    this.netns.set(id, netns);
    let decision;
    try {
      decision = decidePod(pod.annotations, this.settings.node, { lenient: this.settings.failOpen });
    } catch (e) {
      if (e instanceof PolicyError) return this.fail(pod, `invalid pod configuration: ${e.message}`);
      throw e;
    }
    if (decision.action === 'skip') return this.skipped(pod, decision.reason);
    for (const w of decision.warnings) this.log.log('warn', w, { pod: podName(pod), profile: decision.profile });
    try {
      await this.backend.apply(netns, decision.policy, timeoutMs);
    } catch (e) {
      return this.fail(pod, `redirect not applied: ${(e as Error).message}`);
    }
    this.log.log('info', 'redirect applied', { pod: podName(pod), podID: id, profile: decision.profile, netns });
    return { action: 'applied', profile: decision.profile, netns };
  }

  async stop(pod: PodSandbox, timeoutMs: number): Promise<void> {
    const netns = this.netns.get(pod.id ?? '') ?? networkNamespace(pod);
    if (!netns) return;
    try {
      await this.backend.remove(netns, timeoutMs);
    } catch (e) {
      // The table dies with the netns anyway; a stop must never fail because of us.
      this.log.log('warn', 'could not remove the redirect at stop (it goes with the pod)', { pod: podName(pod), error: (e as Error).message });
    }
  }

  remove(pod: PodSandbox): void {
    this.netns.delete(pod.id ?? '');
  }

  private skipped(pod: PodSandbox, reason: string): PodOutcome {
    this.log.log('debug', 'pod skipped', { pod: podName(pod), podID: pod.id, reason });
    return { action: 'skipped', reason };
  }

  private fail(pod: PodSandbox, message: string): PodOutcome {
    if (this.settings.failOpen) {
      this.log.log('error', `${message} (failOpen: the pod starts without its traffic going through the proxy)`, { pod: podName(pod), podID: pod.id });
      return { action: 'failed-open', error: message };
    }
    this.log.log('error', message, { pod: podName(pod), podID: pod.id });
    throw new PodRejected(`hcnproxyctl: ${message}`);
  }
}
