// The one interface both redirect backends implement — nftables in the pod's network namespace
// (src/nft/backend.ts) and the HNS L4WFPPROXY policy on the pod's endpoints (src/hns/backend.ts) — and
// that the shared pod path (src/pod) drives. Types only: it sits in the bottom layer so that both
// backends can name it without knowing each other.
import type { ProxyPolicy } from './model.js';

/** Which pod a backend call is about, in the terms the runtime gives. */
export interface PodTarget {
  /** Linux: the network namespace's path. Windows: the HNS namespace GUID (CNI_NETNS). */
  readonly netns: string;
  /** The sandbox (container) ID. */
  readonly containerId: string;
  /** The CNI network name (HNS fallback: the endpoint named `<containerId>_<network>`). */
  readonly networkName?: string;
  /** Interface names the network plugin reported (HNS: win-bridge names endpoints after them). */
  readonly interfaceNames?: readonly string[];
}

export type CheckOutcome = { ok: true } | { ok: false; reason: 'missing' | 'differs'; detail: string };

export type StatusOutcome = { ok: true; detail: string } | { ok: false; reason: string };

/** What the backend writes rules with: `libnftables` (in-process), `exec` (nsenter + nft), `hcn` (computenetwork.dll). */
export type BackendMode = 'libnftables' | 'exec' | 'hcn';

/**
 * A redirect backend. Every call has a deadline (epoch milliseconds, `Date.now()` scale): a call that
 * cannot finish by then fails with a transient error instead of overrunning the runtime's budget.
 */
export interface RedirectBackend {
  readonly name: 'nft' | 'hns';
  /** Creates or replaces the pod's redirect (idempotent); returns a one-line description of what it did. */
  apply(target: PodTarget, policy: ProxyPolicy, deadline: number): Promise<string>;
  /** Removes the pod's redirect; an already gone pod, namespace or endpoint is success. */
  remove(target: PodTarget, deadline: number): Promise<string>;
  /** Whether the pod holds exactly the redirect the policy asks for. */
  check(target: PodTarget, policy: ProxyPolicy, deadline: number): Promise<CheckOutcome>;
  /** Whether apply can be serviced on this node, and how (the mode in use). */
  status(deadline: number): Promise<StatusOutcome>;
  /**
   * Whether apply can be serviced, as cheaply as the backend can tell (CNI STATUS: containerd runs it on
   * every CRI Status call with a 1.1.0 conflist). Absent: status() is that cheap already.
   */
  ready?(deadline: number): Promise<StatusOutcome>;
  /** How rules are written (after the first call that needed to know). */
  mode(): BackendMode | undefined;
}

/**
 * How the faces classify a backend failure: `invalid` — the policy or pod configuration cannot be
 * applied (CNI code 7, a PolicyError); `transient` — try again (code 11); anything else is internal
 * (999). Backends mark transient errors with `transient: true` (NftError TIMEOUT, HnsError
 * UNAVAILABLE, a passed deadline).
 */
export function isTransientFailure(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { transient?: unknown }).transient === true;
}
