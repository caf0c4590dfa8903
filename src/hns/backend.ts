// The Windows redirect backend: the RedirectBackend interface over HNS. The target's netns is the HNS
// namespace GUID (containerd on Windows); the pod's endpoints are those attached to it. Fallbacks: the
// interface names the network plugin reported (win-bridge names them after the endpoint), then the
// reference plugins' naming convention <containerId>_<network name>.
// Pure of koffi: the HNS operations come from `load` (the hns feature bundle), on first use.
import type { BackendMode, PodTarget, RedirectBackend } from '../policy/backend.js';
import { comparePolicies } from './compare.js';
import { HnsError } from './errors.js';
import { isGuid } from './guid.js';
import type { Hns } from './index.js';
import { L4WFPPROXY } from './l4wfpproxy.js';
import { checkHnsLimits } from './limits.js';

const isNotFound = (e: unknown): boolean => e instanceof HnsError && e.code === 'NOT_FOUND';

/** The endpoint IDs of the pod, or [] when HNS knows none (the pod is gone). */
export function podEndpoints(hns: Hns, pod: PodTarget): { ids: string[]; how: string } {
  if (isGuid(pod.netns)) {
    try {
      const ids = hns.namespaceEndpointIds(pod.netns);
      if (ids.length > 0) return { ids, how: `namespace ${pod.netns}` };
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }
  const names = [...(pod.interfaceNames ?? []), ...(pod.networkName ? [`${pod.containerId}_${pod.networkName}`] : [])];
  for (const name of names) {
    const found = hns.findEndpointsByName(name);
    if (found.length > 0) return { ids: found.map((e) => e.ID), how: `endpoint name ${name}` };
  }
  return { ids: [], how: `namespace "${pod.netns}", endpoint names ${names.join(', ')}` };
}

/**
 * HCN calls are synchronous and cannot be interrupted; so the deadline is checked before each one
 * starts: a slow call (HNS busy) makes the next one refused as transient ("try again"), never started
 * past the deadline.
 */
function inTime(deadline: number, what: string): void {
  if (Date.now() > deadline) throw Object.assign(new Error(`no time left for ${what}: the caller's deadline has passed`), { transient: true });
}

/** Adds the policy on every endpoint, or on none: a failure part-way removes what this call added. */
function addOnAll(hns: Hns, ids: readonly string[], policy: Parameters<Hns['addProxyPolicy']>[1], deadline: number): string[] {
  const done: string[] = [];
  try {
    return ids.map((id) => {
      inTime(deadline, `the L4WFPPROXY policy on HNS endpoint ${id}`);
      // The plugin owns the pod's proxy policy: a different one (changed annotations) is replaced.
      const outcome = `${id}: ${hns.addProxyPolicy(id, policy, { replace: true })}`;
      done.push(id);
      return outcome;
    });
  } catch (e) {
    for (const id of done) {
      try {
        hns.clearProxyPolicies(id);
      } catch {
        // the endpoint went away meanwhile: nothing of ours is left on it
      }
    }
    throw e;
  }
}

export function hnsBackend(load: () => Promise<Hns>): RedirectBackend {
  const mode: BackendMode = 'hcn';
  return {
    name: 'hns',
    mode: () => mode,
    async apply(target, policy, deadline) {
      checkHnsLimits(policy); // before koffi and HNS are touched
      const hns = await load();
      inTime(deadline, 'HNS');
      const { ids, how } = podEndpoints(hns, target);
      if (ids.length === 0) throw new Error(`no HNS endpoint found for the pod (looked up ${how}): is hcnproxyctl chained after the network plugin?`);
      const outcomes = addOnAll(hns, ids, policy, deadline);
      return `L4WFPPROXY policy on ${outcomes.join(', ')} (found by ${how})`;
    },
    async remove(target, deadline) {
      const hns = await load();
      inTime(deadline, 'HNS');
      const { ids } = podEndpoints(hns, target);
      let removed = 0;
      for (const id of ids) {
        try {
          removed += hns.clearProxyPolicies(id);
        } catch (e) {
          if (!isNotFound(e)) throw e;
        }
      }
      return ids.length === 0 ? 'no HNS endpoint left: nothing to remove' : `removed ${removed} L4WFPPROXY policies from ${ids.join(', ')}`;
    },
    async check(target, policy, deadline) {
      const hns = await load();
      inTime(deadline, 'HNS');
      const { ids, how } = podEndpoints(hns, target);
      if (ids.length === 0) return { ok: false, reason: 'missing', detail: `no HNS endpoint found (looked up ${how})` };
      for (const id of ids) {
        const c = comparePolicies(policy, hns.listProxyPolicies(id));
        if (c.state === 'missing') return { ok: false, reason: 'missing', detail: `endpoint ${id} has no ${L4WFPPROXY} policy` };
        if (c.state === 'differs') return { ok: false, reason: 'differs', detail: `endpoint ${id} has ${c.have.join(', ')}; expected ${c.want}` };
      }
      return { ok: true };
    },
    async status() {
      try {
        const v = (await load()).checkL4WfpProxySupport();
        return { ok: true, detail: `HNS ${v.Major}.${v.Minor}` };
      } catch (e) {
        return { ok: false, reason: (e as Error).message };
      }
    },
  };
}
