// NRI ttrpc service and method names, and the event mask (containerd/nri pkg/api).
import { Event } from '../../gen/nri/api.js';
export const PLUGIN_SERVICE = 'nri.pkg.api.v1alpha1.Plugin';
export const RUNTIME_SERVICE = 'nri.pkg.api.v1alpha1.Runtime';

/** Mux connection ids: the plugin serves on 1 and calls the runtime on 2. */
export const PLUGIN_SERVICE_CONN = 1;
export const RUNTIME_SERVICE_CONN = 2;

/** The event a Plugin method is named after (RunPodSandbox → RUN_POD_SANDBOX), or undefined for the others (Configure, Synchronize, …). */
export function eventOfMethod(method: string): Event | undefined {
  const e = (Event as unknown as Record<string, unknown>)[method.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()];
  return typeof e === 'number' && e > Event.UNKNOWN ? (e as Event) : undefined;
}

/**
 * The subscription mask of the events whose methods the plugin implements: bit `1 << (event - 1)` per
 * event (the plugin's: 0xF). containerd 1.7 closes a plugin whose mask has bits above its ValidEvents
 * (0x7FF); 0 would mean "all events", so a plugin with no event method is refused here.
 */
export function eventsMaskOf(methods: Iterable<string>): number {
  let mask = 0;
  for (const m of methods) {
    const e = eventOfMethod(m);
    if (e !== undefined) mask |= 1 << (e - 1);
  }
  if (mask === 0) throw new Error('an NRI plugin must handle at least one event (a mask of 0 subscribes to all)');
  return mask;
}
