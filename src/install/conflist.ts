// Our entry in a CNI network configuration, as JSON values in and out (no files here): parse a primary
// config the way containerd's go-cni reads it, insert or replace the hcnproxyctl entry (last in
// `plugins`), remove it. Every other plugin and every unknown key is kept as it is; a `.conf` (one
// plugin) becomes a list the way libcni's ConfListFromConf does: {cniVersion, name, plugins: [conf]}.
import { ANNOTATIONS_CAPABILITY, parsePluginConf } from '../cni/config.js';
import { CniError } from '../cni/errors.js';
import { SUPPORTED_VERSIONS } from '../cni/versions.js';

export type Json = Record<string, unknown>;

export const PLUGIN_TYPE = 'hcnproxyctl';

/** The keys of our entry an installer may set (README: the conflist table). */
export const SETTING_KEYS = ['policy', 'profiles', 'allowPodOverrides', 'meshDefaults', 'failOpen', 'backend', 'logFile', 'logLevel'] as const;

export type InstallAction = 'inserted' | 'replaced' | 'unchanged';
export type UninstallAction = 'removed' | 'absent' | 'unchanged';

export class ConfigFileError extends Error {
  override name = 'ConfigFileError';
}

export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A parsed primary configuration: always a list; `converted` when the file held a single plugin. */
export interface ParsedConfig {
  list: Json;
  converted: boolean;
}

/**
 * Parses a file's text as containerd does: a `.conflist` must be a list (`plugins`), a `.conf`/`.json`
 * a single plugin (`type`), which is turned into a list. `where` names the file in messages.
 */
export function parseConfig(text: string, where: string): ParsedConfig {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new ConfigFileError(`${where} is not valid JSON (${(e as Error).message}); left untouched`);
  }
  if (!isObject(doc)) throw new ConfigFileError(`${where} is not a JSON object; left untouched`);
  const isList = where.endsWith('.conflist');
  if (isList) {
    if (!Array.isArray(doc.plugins)) throw new ConfigFileError(`${where} has no "plugins" list (a .conflist must have one); left untouched`);
    doc.plugins.forEach((p, i) => {
      if (!isObject(p) || typeof p.type !== 'string' || p.type === '') throw new ConfigFileError(`${where}: plugins[${i}] has no "type"; left untouched`);
    });
    checkVersion(doc.cniVersion, where);
    return { list: doc, converted: false };
  }
  if (typeof doc.type !== 'string' || doc.type === '') {
    const hint = Array.isArray(doc.plugins) ? ' (it has "plugins": containerd reads a .conf/.json as one plugin, so name it .conflist)' : '';
    throw new ConfigFileError(`${where} has no "type"${hint}; left untouched`);
  }
  checkVersion(doc.cniVersion, where);
  return { list: confToList(doc), converted: true };
}

/** libcni's ConfListFromConf: the plugin is kept whole (its own name and cniVersion too). */
export function confToList(conf: Json): Json {
  const list: Json = {};
  if (conf.cniVersion !== undefined) list.cniVersion = conf.cniVersion;
  if (conf.name !== undefined) list.name = conf.name;
  list.plugins = [conf];
  return list;
}

function versionTuple(v: string): [number, number, number] | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(v);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

/** Chaining needs prevResult (0.3.0+), and the list's version must be one our plugin speaks. */
export function checkVersion(v: unknown, where: string): void {
  if (v === undefined || v === '') {
    throw new ConfigFileError(`${where} has no cniVersion (read as 0.1.0): a chained plugin needs prevResult, cniVersion 0.3.0 or later; left untouched`);
  }
  const t = typeof v === 'string' ? versionTuple(v) : undefined;
  if (!t) throw new ConfigFileError(`${where}: cniVersion ${JSON.stringify(v)} is not a version; left untouched`);
  if (t[0] === 0 && t[1] < 3) {
    throw new ConfigFileError(
      `${where} has cniVersion ${String(v)}: chaining needs prevResult, which CNI passes from 0.3.0 on; set cniVersion to 0.3.0 or later (1.0.0 where the network plugin supports it); left untouched`,
    );
  }
  if (!(SUPPORTED_VERSIONS as readonly string[]).includes(String(v))) {
    throw new ConfigFileError(`${where} has cniVersion ${String(v)}, which hcnproxyctl does not speak (${SUPPORTED_VERSIONS.join(', ')}); left untouched`);
  }
}

/**
 * Checks an installer settings document (the --config file) and returns our entry:
 * {type, capabilities: {pod-annotations}, …settings}. Throws ConfigFileError naming the bad key.
 */
export function buildEntry(settings: Json, where = 'settings'): Json {
  for (const k of Object.keys(settings)) {
    if (!(SETTING_KEYS as readonly string[]).includes(k)) {
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

const isOurs = (p: unknown): boolean => isObject(p) && p.type === PLUGIN_TYPE;

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
