// The NRI plugin's settings: the --config file, then the runtime's configuration string (a
// pre-installed plugin's .conf), then the flags — merged key by key and read by the pod path's one
// settings parser, the same as the CNI conflist entry.
import { mergeSettingsDocuments, parseHookSettings, parseSettingsDocument, type HookSettings } from '../pod/settings.js';
import { type Json } from '../runtime/json.js';

export function resolveNriSettings(file: Json, runtimeConfig: string, flags: Json): HookSettings {
  return parseHookSettings(mergeSettingsDocuments([file, parseSettingsDocument(runtimeConfig, 'the NRI plugin configuration'), flags]));
}
