// "Is this the policy we want?" — asked by an idempotent add, by CNI CHECK and by lookup — answered in
// one place. Two settings are the same when they render to the same bytes; a listed policy that our
// model reads is compared in our rendering (so hcsshim's `{}`, an older `Port` or a reordered field
// written by another tool still count as the same), one we cannot read by its raw settings.
import type { ProxyPolicy } from '../policy/model.js';
import { renderL4WfpProxy, type HnsEndpointPolicy } from './l4wfpproxy.js';

/** A policy as an endpoint lists it: HNS's raw form and, when it validates, our model of it. */
export interface ListedPolicy {
  readonly raw: HnsEndpointPolicy;
  readonly policy?: ProxyPolicy;
}

export type PolicyComparison = { state: 'same' } | { state: 'missing' } | { state: 'differs'; have: string[]; want: string };

const settingsText = (p: HnsEndpointPolicy): string => JSON.stringify(p.Settings);

/** The settings bytes of a listed policy, as compared. */
export function listedSettings(l: ListedPolicy): string {
  return settingsText(l.policy ? renderL4WfpProxy(l.policy) : l.raw);
}

/** Compares what an endpoint holds with the policy we want (HNS allows one L4WFPPROXY per endpoint). */
export function comparePolicies(wanted: ProxyPolicy, listed: readonly ListedPolicy[]): PolicyComparison {
  if (listed.length === 0) return { state: 'missing' };
  const want = settingsText(renderL4WfpProxy(wanted));
  const have = listed.map(listedSettings);
  return have.every((h) => h === want) ? { state: 'same' } : { state: 'differs', have: listed.map((l) => settingsText(l.raw)), want };
}

/** True when both policies render to the same HNS settings. */
export function sameL4WfpProxy(a: ProxyPolicy, b: ProxyPolicy): boolean {
  return settingsText(renderL4WfpProxy(a)) === settingsText(renderL4WfpProxy(b));
}
