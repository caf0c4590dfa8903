// install-cni / uninstall-cni on files: pick the configuration, apply the pure change, write it only
// when it changed (atomically, keeping mode and owner). A `.conf` becomes a `.conflist` (written first,
// then the old file removed, so containerd always has a valid configuration to load).
import fs from 'node:fs';
import path from 'node:path';
import { insertEntry, ourEntry, removeEntry, renderConfig, type InstallAction, type UninstallAction } from './conflist.js';
import { ConfigFileError, parseConfig } from './load-config.js';
import type { Json } from '../../runtime/json.js';
import { DEFAULT_CONF_DIR } from './defaults.js';
import { ChangedUnderUsError, conflistName, fileAttributes, fileStamp, goExt, primaryConfig, writeFileAtomic } from './files.js';

export interface Target {
  confDir?: string;
  confFile?: string;
}

export interface InstallResult {
  action: InstallAction;
  file: string;
  /** The `.conf`/`.json` that was converted into `file` (and removed). */
  previousFile?: string;
  warnings: string[];
}

export interface UninstallResult {
  action: UninstallAction;
  file: string;
  warnings: string[];
}

/** No configuration to work on (yet): a watcher waits for the network plugin's installer. */
export class NoConfigError extends Error {
  override name = 'NoConfigError';
}

/** A file that is there (not a directory). */
const isFile = (f: string): boolean => fs.statSync(f, { throwIfNoEntry: false })?.isFile() ?? false;

/**
 * The file a `--conf-file` names, as it is now. We turn `X.conf` into `X.conflist` ourselves, and a
 * network plugin may write either, so the name given may be the other form's (istio-cni's installer
 * falls back the same way): `X.conf`/`X.json` missing → `X.conflist`; `X.conflist` missing → `X.conf`,
 * then `X.json`. And `X.conflist` holding our entry beside an `X.conf` is our earlier conversion that
 * the network plugin has since written again: its `X.conf` is the newer truth (containerd loads it first).
 */
export function resolveConfFile(file: string): string {
  const ext = goExt(path.basename(file));
  const stem = file.slice(0, file.length - ext.length);
  if (ext === '.conflist') {
    const single = ['.conf', '.json'].map((e) => stem + e).find(isFile);
    if (isFile(file)) return single && madeByUs(file) ? single : file;
    if (single) return single;
    throw new NoConfigError(`${file} does not exist (nor ${path.basename(stem)}.conf or .json)`);
  }
  if (isFile(file)) return file;
  const list = conflistName(file);
  if (list !== file && isFile(list)) return list;
  throw new NoConfigError(`${file} does not exist${list !== file ? ` (nor ${path.basename(list)})` : ''}`);
}

export function resolveTarget(t: Target): string {
  if (t.confFile !== undefined) return resolveConfFile(t.confFile);
  const dir = t.confDir ?? DEFAULT_CONF_DIR;
  let file: string | undefined;
  try {
    file = primaryConfig(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new NoConfigError(`CNI configuration directory ${dir} does not exist`);
    throw e;
  }
  if (!file) throw new NoConfigError(`no CNI configuration (*.conf, *.conflist, *.json) in ${dir}`);
  return file;
}

/**
 * With --conf-file, the file may not be the one containerd loads (max_conf_num 1: the first by name):
 * said, not changed (the admin named this file; istio-cni logs the same "preempted" warning).
 */
function preemptedWarnings(t: Target, file: string): string[] {
  if (t.confFile === undefined) return [];
  let first: string | undefined;
  try {
    first = primaryConfig(path.dirname(file));
  } catch {
    return [];
  }
  return first !== undefined && first !== file
    ? [
        `${path.basename(first)} sorts before ${path.basename(file)} in ${path.dirname(file)}: containerd (max_conf_num 1) loads it, not the file with our entry`,
      ]
    : [];
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigFileError(`cannot read ${file}: ${(e as Error).message}`);
  }
}

/**
 * Runs a read-modify-write again when the file changed between our read and our rename (the network
 * plugin's installer writing at the same moment): its version wins, then ours is applied to it.
 */
function retryIfChanged<T>(f: () => T): T {
  for (let attempt = 1; ; attempt++) {
    try {
      return f();
    } catch (e) {
      if (!(e instanceof ChangedUnderUsError) || attempt >= 5) throw e;
    }
  }
}

function madeByUs(file: string): boolean {
  try {
    const { list } = parseConfig(fs.readFileSync(file, 'utf8'), file);
    return ourEntry(list.plugins as unknown[]) !== undefined;
  } catch {
    return false;
  }
}

export function installCni(t: Target, entry: Json): InstallResult {
  return retryIfChanged(() => installOnce(t, entry));
}

function installOnce(t: Target, entry: Json): InstallResult {
  const file = resolveTarget(t);
  const stamp = fileStamp(file);
  const unchangedSinceRead = () => fileStamp(file) === stamp;
  const parsed = parseConfig(readText(file), file);
  const { list, action } = insertEntry(parsed.list, entry);
  const attrs = fileAttributes(file);
  if (parsed.converted) {
    const target = conflistName(file);
    // A .conflist of that name is ours from an earlier conversion when it holds our entry: the network
    // plugin's installer has since written its .conf again, which is the newer truth. Anything else is not ours.
    if (target !== file && fs.existsSync(target) && !madeByUs(target)) {
      throw new ConfigFileError(
        `${file} is a single-plugin configuration to convert into ${path.basename(target)}, which already exists without an hcnproxyctl entry; left both untouched`,
      );
    }
    writeFileAtomic(target, renderConfig(list), { ...attrs, precondition: unchangedSinceRead });
    if (target !== file) fs.rmSync(file, { force: true });
    return { action, file: target, previousFile: file, warnings: preemptedWarnings(t, target) };
  }
  if (action !== 'unchanged') writeFileAtomic(file, renderConfig(list), { ...attrs, precondition: unchangedSinceRead });
  return { action, file, warnings: preemptedWarnings(t, file) };
}

export function uninstallCni(t: Target): UninstallResult {
  return retryIfChanged(() => uninstallOnce(t));
}

function uninstallOnce(t: Target): UninstallResult {
  let file = resolveTarget(t);
  // A single-plugin file beside our earlier conversion of it (the network plugin wrote it again): our
  // entry is in that .conflist.
  const sibling = conflistName(file);
  if (sibling !== file && isFile(sibling) && madeByUs(sibling)) file = sibling;
  const stamp = fileStamp(file);
  const parsed = parseConfig(readText(file), file);
  const r = removeEntry(parsed.list);
  if (r.onlyOurs) {
    return {
      action: 'unchanged',
      file,
      warnings: [
        `${file} holds no plugin besides hcnproxyctl: left as it is (an empty plugin list is not a valid configuration); remove the file if it is no longer needed`,
      ],
    };
  }
  if (r.action !== 'removed' || parsed.converted) return { action: r.action, file, warnings: [] };
  writeFileAtomic(file, renderConfig(r.list), { ...fileAttributes(file), precondition: () => fileStamp(file) === stamp });
  return { action: 'removed', file, warnings: [] };
}
