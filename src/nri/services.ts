// NRI ttrpc service and method names, and the event mask (containerd/nri pkg/api).
import { Event } from '../gen/nri/api.js';
export const PLUGIN_SERVICE = 'nri.pkg.api.v1alpha1.Plugin';
export const RUNTIME_SERVICE = 'nri.pkg.api.v1alpha1.Runtime';

/** Mux connection ids: the plugin serves on 1 and calls the runtime on 2. */
export const PLUGIN_SERVICE_CONN = 1;
export const RUNTIME_SERVICE_CONN = 2;

/** The events the plugin subscribes to: the pod's start (apply), stop and removal, and each container's creation (the gate). */
export const SUBSCRIBED_EVENTS: readonly Event[] = [Event.RUN_POD_SANDBOX, Event.STOP_POD_SANDBOX, Event.REMOVE_POD_SANDBOX, Event.CREATE_CONTAINER];

/**
 * The subscription mask: bit `1 << (event - 1)` per event → 0xF. Valid on every containerd (1.7's
 * ValidEvents is 0x7FF; bits above make it close the plugin). Never 0: that means "all events".
 */
export const EVENTS_MASK = SUBSCRIBED_EVENTS.reduce((mask, e) => mask | (1 << (e - 1)), 0);

export const DEFAULT_SOCKET = '/var/run/nri/nri.sock';
export const DEFAULT_PLUGIN_NAME = 'hcnproxyctl';
export const DEFAULT_PLUGIN_INDEX = '10';
