// What a host of the NRI face needs without loading it (the CLI's `nri` and `check` commands): the
// daemon's defaults and the paths its metrics server answers on. No imports but the executable's name,
// so the CLI bundle carries this file and not the daemon.
import { EXECUTABLE_NAME } from '../runtime/version.js';

export const DEFAULT_SOCKET = '/var/run/nri/nri.sock';
export const DEFAULT_PLUGIN_NAME = EXECUTABLE_NAME;
export const DEFAULT_PLUGIN_INDEX = '10';
/** containerd's plugin_path: pre-installed plugins it starts itself. */
export const DEFAULT_NRI_PLUGIN_PATH = '/opt/nri/plugins';

/** The metrics server's paths (metrics.ts serves them, presence.ts asks /readyz). */
export const METRICS_PATHS = { metrics: '/metrics', health: '/healthz', ready: '/readyz' } as const;
