// Our entry in a CNI network configuration list, as JSON values in and out (no files here; the list as
// containerd loads it is load-config.ts): build it from the installer's settings, insert or replace it
// (last in `plugins`), remove it. Every other plugin and every unknown key is kept as it is.
import { ANNOTATIONS_CAPABILITY, parsePluginConf } from '../config.js';
import { ConfigFileError } from './load-config.js';
import { CniError } from '../errors.js';
import { HOOK_SETTING_KEYS } from '../../pod/settings.js';
import { isObject, type Json } from '../../runtime/json.js';
import { EXECUTABLE_NAME } from '../../runtime/version.js';

/** Our entry's `type`: the executable's name, which is how the runtime finds it in its bin dirs. */
export const PLUGIN_TYPE = EXECUTABLE_NAME;

/**
 * The keys of our entry an installer may set: the settings parser's own keys (src/pod/settings.ts),
 * nothing else (README: the conflist table).
 */
export const SETTING_KEYS: readonly string[] = HOOK_SETTING_KEYS;

export type InstallAction = 'inserted' | 'replaced' | 'unchanged';
export type UninstallAction = 'removed' | 'absent' | 'unchanged';

/**
 * Checks an installer settings document (the --config file) and returns our entry:
 * {type, capabilities: {pod-annotations}, …settings}. Throws ConfigFileError naming the bad key.
 */
export function buildEntry(settings: Json, where = 'settings'): Json {
  for (const k of Object.keys(settings)) {
    if (!SETTING_KEYS.includes(k)) {
      throw new ConfigFileError(`${where}: unknown key "${k}" (expected ${SETTING_KEYS.join(', ')})`);
    }
  }
  try {
    // The plugin's own validation, on the entry as it will receive it.
    parsePluginConf({ cniVersion: '1.0.0', name: 'check', ...settings });
  } catch (e) {
    if (e instanceof CniError) throw new ConfigFileError(`${where}: ${e.message}${e.details ? ` (${e.details})` : ''}`);
    throw e;
  }
  return { type: PLUGIN_TYPE, capabilities: { [ANNOTATIONS_CAPABILITY]: true }, ...settings };
}

/** Deep equality of JSON values; object key order does not matter, array order does. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}

const isOurs = (p: unknown): p is Json => isObject(p) && p.type === PLUGIN_TYPE;

/** Our entry in a list's (or any array's) plugins, if there is one. */
export const ourEntry = (plugins: readonly unknown[]): Json | undefined => plugins.find(isOurs);

/**
 * Puts `entry` into the list: appended last when absent; an existing entry keeps its place (unless it is
 * first, where it would get no prevResult: then it moves last), extra copies go. Returns a new list;
 * the input is not modified.
 */
export function insertEntry(list: Json, entry: Json): { list: Json; action: InstallAction } {
  const plugins = list.plugins as unknown[];
  const ours = plugins.flatMap((p, i) => (isOurs(p) ? [i] : []));
  if (ours.length === 0) return { list: { ...list, plugins: [...plugins, entry] }, action: 'inserted' };
  const at = ours[0]!;
  const keepPlace = at > 0 || plugins.length === 1;
  const others = plugins.filter((p) => !isOurs(p));
  let next: unknown[];
  if (keepPlace) {
    next = plugins.flatMap((p, i) => (i === at ? [entry] : isOurs(p) ? [] : [p]));
  } else {
    next = [...others, entry];
  }
  if (jsonEqual(next, plugins)) return { list, action: 'unchanged' };
  return { list: { ...list, plugins: next }, action: 'replaced' };
}

/**
 * Removes every hcnproxyctl entry. A list where nothing else would remain is left as it is
 * (`onlyOurs`): an empty plugin list is not a valid configuration either.
 */
export function removeEntry(list: Json): { list: Json; action: UninstallAction; onlyOurs?: true } {
  const plugins = list.plugins as unknown[];
  const rest = plugins.filter((p) => !isOurs(p));
  if (rest.length === plugins.length) return { list, action: 'absent' };
  if (rest.length === 0) return { list, action: 'unchanged', onlyOurs: true };
  return { list: { ...list, plugins: rest }, action: 'removed' };
}

/** The file's new text: 2-space JSON and a final newline. */
export function renderConfig(list: Json): string {
  return `${JSON.stringify(list, null, 2)}\n`;
}
