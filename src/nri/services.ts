// NRI ttrpc service and method names, and the event mask (containerd/nri pkg/api, nri.md §4).
export const PLUGIN_SERVICE = 'nri.pkg.api.v1alpha1.Plugin';
export const RUNTIME_SERVICE = 'nri.pkg.api.v1alpha1.Runtime';

/** Mux connection ids: the plugin serves on 1 and calls the runtime on 2. */
export const PLUGIN_SERVICE_CONN = 1;
export const RUNTIME_SERVICE_CONN = 2;

/**
 * Pod events only: RUN (1), STOP (2), REMOVE (3) → bits 0x1 | 0x2 | 0x4. Valid on every containerd
 * (1.7's ValidEvents is 0x7FF; bits above make it close the plugin). Never 0: that means "all events".
 */
export const POD_EVENTS_MASK = 0x7;

export const DEFAULT_SOCKET = '/var/run/nri/nri.sock';
export const DEFAULT_PLUGIN_NAME = 'hcnproxyctl';
export const DEFAULT_PLUGIN_INDEX = '10';
