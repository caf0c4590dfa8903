// The NRI face (Linux; containerd has no NRI on Windows): a feature bundle, loaded by `hcnproxyctl nri`.
export { runDaemon, type DaemonOptions } from './daemon.js';
export { resolveNriSettings } from './settings.js';
export { parseSettingsDocument, SettingsError, type HookSettings } from '../pod/settings.js';
export { eventsMaskOf } from './stub/services.js';
export { DEFAULT_PLUGIN_INDEX, DEFAULT_PLUGIN_NAME, DEFAULT_SOCKET } from './defaults.js';
export { parseListenAddress } from './metrics.js';
