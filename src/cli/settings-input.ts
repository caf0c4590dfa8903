// The node's settings for `explain` and `check`: the hcnproxyctl entry of a conflist (--conflist), an
// NRI settings file (--config) or the entry of the active configuration, with the settings flags on top.
import { ourEntry } from '../cni/install/conflist.js';
import { mergeSettingsDocuments, parseHookSettings, parseSettingsDocument, SettingsError, type HookSettings } from '../pod/index.js';
import { readInputFile } from './input-file.js';
import { UsageError } from './usage-error.js';
import { isObject, type Json } from '../runtime/json.js';

export interface NodeInput {
  settings: HookSettings;
  source: string;
}

/** The hcnproxyctl entry of a conflist (or a single .conf of ours). */
function conflistEntry(text: string, file: string): Json {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`--conflist ${file}: not JSON: ${(e as Error).message}`);
  }
  if (!isObject(doc)) throw new UsageError(`--conflist ${file}: not a CNI network configuration`);
  const plugins = Array.isArray(doc.plugins) ? doc.plugins.filter(isObject) : [doc];
  const ours = ourEntry(plugins);
  if (!ours) throw new UsageError(`--conflist ${file}: no hcnproxyctl entry (plugin types: ${plugins.map((p) => String(p.type)).join(', ') || 'none'})`);
  return ours;
}

/** Our settings document, with the settings flags on top (the flags win key by key). */
function settingsOf(base: Json, flags: Json, where?: string): HookSettings {
  try {
    return parseHookSettings(mergeSettingsDocuments([base, flags]));
  } catch (e) {
    if (e instanceof SettingsError) throw new UsageError(where ? `${where}: ${e.message}` : e.message);
    throw e;
  }
}

/** The settings the CNI hook runs with: its entry in the active configuration (`file`), with the flags on top. */
export const entrySettings = (entry: Json, flags: Json, file: string): HookSettings => settingsOf(entry, flags, file);

/** Reads --conflist or --config, with the settings flags on top. */
export function readNodeInput(o: { conflist?: string; config?: string }, flags: Json): NodeInput {
  if (o.conflist && o.config) throw new UsageError('give --conflist (a CNI node) or --config (an NRI node), not both');
  let base: Json = {};
  let source = 'defaults';
  if (o.conflist) {
    base = conflistEntry(readInputFile(o.conflist, '--conflist'), o.conflist);
    source = `${o.conflist} (hcnproxyctl entry)`;
  } else if (o.config) {
    try {
      base = parseSettingsDocument(readInputFile(o.config, '--config'), o.config);
    } catch (e) {
      if (e instanceof SettingsError) throw new UsageError(e.message);
      throw e;
    }
    source = `${o.config} (NRI settings)`;
  }
  if (Object.keys(flags).length > 0) source += ' and flags';
  return { settings: settingsOf(base, flags), source };
}
