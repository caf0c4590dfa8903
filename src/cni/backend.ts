// What the CNI handlers need from a redirect backend. Two implementations: nftables in the pod's
// network namespace (Linux) and the HNS L4WFPPROXY policy on the pod's endpoints (Windows).
import type { ProxyPolicy } from '../policy/model.js';

export type CheckOutcome = { ok: true } | { ok: false; reason: 'missing' | 'differs'; detail: string };
export type StatusOutcome = { ok: true; detail: string } | { ok: false; reason: string };

export interface RedirectBackend {
  readonly name: 'nft' | 'hns';
  /** Creates or replaces the pod's redirect (idempotent). */
  apply(policy: ProxyPolicy): Promise<string>;
  /** Removes the pod's redirect; an already gone pod, netns or endpoint is success. */
  remove(): Promise<string>;
  check(policy: ProxyPolicy): Promise<CheckOutcome>;
  /** Whether ADD can be serviced on this node (CNI STATUS). */
  status(): Promise<StatusOutcome>;
}
