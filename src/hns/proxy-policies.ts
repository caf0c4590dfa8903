// Add, list and clear L4WFPPROXY policies on one endpoint. Other policy types are never touched.
import { comparePolicies } from './compare.js';
import { L4WFPPROXY, parseL4WfpProxy, renderL4WfpProxy, type HnsEndpointPolicy, type L4WfpProxySettings } from './l4wfpproxy.js';
import type { ProxyPolicy } from '../policy/model.js';
import type { HcnClient } from './client.js';
import { HnsError } from './errors.js';
import { policyRequest, type HostComputeEndpoint } from './schema.js';
import { assertL4WfpProxySupported } from './version.js';

export interface ListedProxyPolicy {
  /** The policy exactly as HNS returned it (what a Remove must name). */
  readonly raw: HnsEndpointPolicy;
  /** The policy in our model, when its settings validate. */
  readonly policy?: ProxyPolicy;
  /** Why the settings did not validate (a policy written by another tool, say). */
  readonly problem?: string;
}

export type AddOutcome = 'added' | 'unchanged' | 'replaced';

export interface AddOptions {
  /** Replace a different L4WFPPROXY policy already on the endpoint instead of failing. */
  readonly replace?: boolean;
}

function isProxyPolicy(p: HnsEndpointPolicy): boolean {
  return typeof p.Type === 'string' && p.Type.toUpperCase() === L4WFPPROXY;
}

export function proxyPoliciesOf(endpoint: HostComputeEndpoint): ListedProxyPolicy[] {
  return (endpoint.Policies ?? []).filter(isProxyPolicy).map((raw) => {
    try {
      return { raw, policy: parseL4WfpProxy(raw.Settings) };
    } catch (e) {
      return { raw, problem: (e as Error).message };
    }
  });
}

export function listProxyPolicies(c: HcnClient, endpointId: string): ListedProxyPolicy[] {
  return proxyPoliciesOf(c.getEndpoint(endpointId));
}

/**
 * Applies the policy to the endpoint. Idempotent: an identical policy already there is left alone.
 * A different one is a conflict unless `replace` is set (HNS allows one L4WFPPROXY per endpoint).
 */
export function addProxyPolicy(c: HcnClient, endpointId: string, policy: ProxyPolicy, opts: AddOptions = {}): AddOutcome {
  const wanted = renderL4WfpProxy(policy); // HNS limits are checked before HNS is asked anything
  assertL4WfpProxySupported(c.hnsVersion());
  const existing = listProxyPolicies(c, endpointId);
  const comparison = comparePolicies(policy, existing);
  if (comparison.state === 'same') return 'unchanged';
  if (comparison.state === 'differs') {
    if (!opts.replace) {
      // The face says how to replace it (the CLI: --replace).
      throw new HnsError(
        'CONFLICT',
        `HNS endpoint ${endpointId} already has a different L4WFPPROXY policy (HNS allows one per endpoint): existing ${comparison.have.join(', ')}; requested ${comparison.want}`,
      );
    }
    const old = existing.map((e) => e.raw);
    c.modifyEndpoint(endpointId, policyRequest('Remove', old));
    try {
      c.modifyEndpoint(endpointId, policyRequest('Add', [wanted]));
    } catch (e) {
      // Put the old policy back so that a failed replace leaves the pod as it was.
      try {
        c.modifyEndpoint(endpointId, policyRequest('Add', old));
      } catch {
        // the original error is the one worth reporting
      }
      throw e;
    }
    return 'replaced';
  }
  c.modifyEndpoint(endpointId, policyRequest('Add', [wanted]));
  return 'added';
}

/** Removes every L4WFPPROXY policy of the endpoint in one request; returns how many. */
export function clearProxyPolicies(c: HcnClient, endpointId: string): number {
  const existing = listProxyPolicies(c, endpointId).map((e) => e.raw);
  if (existing.length === 0) return 0;
  c.modifyEndpoint(endpointId, policyRequest('Remove', existing));
  return existing.length;
}

export type { L4WfpProxySettings };
