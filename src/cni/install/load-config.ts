// A primary CNI configuration as containerd loads it (go-cni → libcni: ConfListFromBytes for a
// `.conflist`, ConfFromBytes + ConfListFromConf for a `.conf`/`.json`), as JSON values (no files here),
// refusing what libcni or our plugin would refuse. A `.conf` (one plugin) becomes a list as libcni's
// ConfListFromConf makes it: {cniVersion: the plugin's, name: the plugin's, plugins: [the plugin, whole]};
// a plugin without a name gets "k8s-pod-network" there, as istio-cni and linkerd-cni write (libcni would
// write "", which every plugin built on its skel, ours included, refuses).
import { NETWORK_NAME } from '../config.js';
import { SUPPORTED_VERSIONS } from '../versions.js';
import { isObject, type Json } from '../../runtime/json.js';

/** The list name given to a converted `.conf` that has none (istio-cni's and linkerd-cni's). */
export const DEFAULT_NETWORK_NAME = 'k8s-pod-network';

/** The highest spec version containerd's libcni knows (v1.2.x, v1.3.0): cniVersions above it are skipped. */
const LIBCNI_CURRENT = '1.1.0';

export class ConfigFileError extends Error {
  override name = 'ConfigFileError';
}

/** A parsed primary configuration: always a list; `converted` when the file held a single plugin. */
export interface ParsedConfig {
  list: Json;
  converted: boolean;
}

const kind = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `a ${typeof v}`);
const refuse = (msg: string): never => {
  throw new ConfigFileError(`${msg}; left untouched`);
};

/**
 * Parses a file's text as containerd does: a `.conflist` must be a list (`plugins`), a `.conf`/`.json`
 * a single plugin (`type`), which is turned into a list. `where` names the file in messages. Refuses
 * (ConfigFileError) what libcni refuses to load and what our plugin would refuse on every call (a
 * network name it rejects, a cniVersion it does not speak or that has no prevResult).
 */
export function parseConfig(text: string, where: string): ParsedConfig {
  if (text.trim() === '') refuse(`${where} is empty`);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return refuse(`${where} is not valid JSON (${(e as Error).message})`);
  }
  if (!isObject(doc)) return refuse(`${where} is not a JSON object (it is ${kind(doc)})`);
  if (where.endsWith('.conflist')) {
    checkList(doc, where);
    return { list: doc, converted: false };
  }
  if (!Object.hasOwn(doc, 'type') && Array.isArray(doc.plugins)) {
    refuse(`${where} has no "type" (it has "plugins": containerd reads a .conf/.json as one plugin, so name it .conflist)`);
  }
  checkPlugin(doc, where);
  checkVersion(doc.cniVersion, where);
  if (doc.name !== undefined && doc.name !== null && doc.name !== '') checkName(doc.name, where);
  return { list: confToList(doc), converted: true };
}

/**
 * libcni's ConfListFromConf: {cniVersion, name, plugins: [conf]}, the plugin kept whole (its own name
 * and cniVersion too). A plugin without a name (absent, null or "": libcni reads all three as "") gets
 * DEFAULT_NETWORK_NAME, since a list's name must be a valid network name for any plugin to run.
 */
export function confToList(conf: Json): Json {
  const name = typeof conf.name === 'string' && conf.name !== '' ? conf.name : DEFAULT_NETWORK_NAME;
  return { cniVersion: conf.cniVersion, name, plugins: [conf] };
}

/** The list keys libcni's ConfListFromBytes reads, each checked as it checks them. */
function checkList(doc: Json, where: string): void {
  if (!Object.hasOwn(doc, 'name')) refuse(`${where} has no "name" (libcni refuses a list without one)`);
  checkName(doc.name, where);
  if (Object.hasOwn(doc, 'cniVersion') && typeof doc.cniVersion !== 'string') {
    refuse(`${where}: "cniVersion" must be a string, not ${kind(doc.cniVersion)}`);
  }
  const versions = effectiveVersions(doc, where);
  for (const key of ['disableCheck', 'disableGC', 'loadOnlyInlinedPlugins']) {
    const v = doc[key];
    if (v === undefined || typeof v === 'boolean') continue;
    if (typeof v === 'string' && ['true', 'false'].includes(v.toLowerCase())) continue;
    refuse(`${where}: "${key}" must be true or false, not ${JSON.stringify(v)} (libcni refuses it)`);
  }
  if (!Object.hasOwn(doc, 'plugins')) refuse(`${where} has no "plugins" list (a .conflist must have one)`);
  if (!Array.isArray(doc.plugins)) refuse(`${where}: "plugins" is ${kind(doc.plugins)}, not a list (a .conflist must have one)`);
  const plugins = doc.plugins as unknown[];
  if (plugins.length === 0) refuse(`${where} has an empty "plugins" list (libcni refuses it: no plugins in list)`);
  plugins.forEach((p, i) => checkPlugin(p, `${where}: plugins[${i}]`));
  for (const v of versions) checkVersion(v, where);
}

/**
 * The versions the runtime may select for a list: its cniVersion (libcni before v1.2 reads only that)
 * and, from v1.2 on, the highest of cniVersion ∪ cniVersions it knows.
 */
function effectiveVersions(doc: Json, where: string): unknown[] {
  const raw = doc.cniVersions;
  if (raw === undefined) return [doc.cniVersion];
  if (!Array.isArray(raw)) return refuse(`${where}: "cniVersions" must be a list of versions, not ${kind(raw)}`);
  const known: [number, number, number][] = [];
  raw.forEach((v, i) => {
    const t = typeof v === 'string' ? versionTuple(v) : undefined;
    if (!t) refuse(`${where}: cniVersions[${i}] ${JSON.stringify(v)} is not a version`);
    else if (compare(t, versionTuple(LIBCNI_CURRENT)!) <= 0) known.push(t);
  });
  const own = typeof doc.cniVersion === 'string' && doc.cniVersion !== '' ? versionTuple(doc.cniVersion) : undefined;
  if (own && compare(own, versionTuple(LIBCNI_CURRENT)!) <= 0) known.push(own);
  if (known.length === 0) return [doc.cniVersion];
  const highest = known.sort(compare).at(-1)!.join('.');
  return highest === doc.cniVersion ? [doc.cniVersion] : [doc.cniVersion, highest];
}

function checkName(name: unknown, where: string): void {
  if (typeof name !== 'string') refuse(`${where}: "name" must be a string, not ${kind(name)}`);
  if (!NETWORK_NAME.test(name as string)) {
    refuse(
      `${where}: network name ${JSON.stringify(name)} is not a CNI network name ([a-zA-Z0-9][a-zA-Z0-9_.-]*); every plugin built on libcni's skel, hcnproxyctl too, refuses it`,
    );
  }
}

/** Keys of libcni's PluginConf, decoded with Go's case-insensitive field match: a wrong JSON type fails the load. */
const PLUGIN_FIELDS: Record<string, (v: unknown) => string | undefined> = {
  cniversion: (v) => (typeof v === 'string' ? undefined : 'a string'),
  name: (v) => (typeof v === 'string' ? undefined : 'a string'),
  type: (v) => (typeof v === 'string' ? undefined : 'a string'),
  capabilities: (v) => (isObject(v) && Object.values(v).every((b) => typeof b === 'boolean' || b === null) ? undefined : 'an object of true/false'),
  ipam: (v) => (isObject(v) && fieldsOk(v, { type: isStr }) ? undefined : 'an object (with a string "type")'),
  dns: (v) =>
    isObject(v) && fieldsOk(v, { nameservers: isStrList, domain: isStr, search: isStrList, options: isStrList })
      ? undefined
      : 'an object (nameservers, search, options: lists of strings; domain: a string)',
  prevresult: (v) => (isObject(v) ? undefined : 'an object'),
  'cni.dev/valid-attachments': (v) =>
    Array.isArray(v) && v.every((a) => a === null || (isObject(a) && fieldsOk(a, { containerid: isStr, ifname: isStr })))
      ? undefined
      : 'a list of {containerID, ifname}',
};
const isStr = (v: unknown) => typeof v === 'string';
const isStrList = (v: unknown) => Array.isArray(v) && v.every((x) => x === null || typeof x === 'string');
function fieldsOk(o: Json, fields: Record<string, (v: unknown) => boolean>): boolean {
  return Object.entries(o).every(([k, v]) => {
    const f = fields[k.toLowerCase()];
    return !f || v === null || f(v);
  });
}

function checkPlugin(p: unknown, at: string): void {
  if (!isObject(p)) refuse(`${at} is ${kind(p)}, not a plugin object`);
  const plugin = p as Json;
  for (const [k, v] of Object.entries(plugin)) {
    const expected = PLUGIN_FIELDS[k.toLowerCase()];
    if (!expected || v === null) continue;
    const problem = expected(v);
    if (problem) refuse(`${at}: "${k}" must be ${problem}, not ${JSON.stringify(v)} (libcni cannot decode it)`);
  }
  if (typeof plugin.type !== 'string' || plugin.type === '') refuse(`${at} has no "type"`);
}

function versionTuple(v: string): [number, number, number] | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(v);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}
const compare = (a: readonly number[], b: readonly number[]): number => a[0]! - b[0]! || a[1]! - b[1]! || a[2]! - b[2]!;

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
