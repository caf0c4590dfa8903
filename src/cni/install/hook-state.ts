// Is the CNI face installed on this node? Our entry in the configuration containerd would load from the
// conf dir (its first file by byte order, parsed as containerd does) and our executable in a bin dir.
// Read-only; `check` reports it, and the entry is the settings the CNI hook runs with.
import fs from 'node:fs';
import path from 'node:path';
import { ourEntry, PLUGIN_TYPE } from './conflist.js';
import { parseConfig } from './load-config.js';
import { primaryConfig } from './files.js';
import type { Json } from '../../runtime/json.js';

export interface CniHookState {
  /** The configuration containerd would load. */
  file?: string;
  /** It holds our entry. */
  entry: boolean;
  /** Our executable, in the first bin dir that has it. */
  binary?: string;
  problem?: string;
}

/** The CNI hook's state, and our entry itself when the configuration has one. */
export function cniHookState(confDir: string, binDirs: readonly string[]): { state: CniHookState; entry?: Json } {
  let file: string | undefined;
  try {
    file = primaryConfig(confDir);
  } catch (e) {
    return { state: { entry: false, problem: `${confDir}: ${(e as Error).message}` } };
  }
  if (!file) return { state: { entry: false, problem: `no CNI configuration in ${confDir}` } };
  let entry: Json | undefined;
  try {
    entry = ourEntry(parseConfig(fs.readFileSync(file, 'utf8'), file).list.plugins as unknown[]);
  } catch (e) {
    return { state: { file, entry: false, problem: (e as Error).message } };
  }
  const binary = binDirs.map((d) => path.join(d, PLUGIN_TYPE)).find((f) => fs.existsSync(f));
  const state: CniHookState = { file, entry: entry !== undefined, ...(binary ? { binary } : {}) };
  if (!entry) state.problem = `${file} has no ${PLUGIN_TYPE} entry (hcnproxyctl install-cni adds it)`;
  else if (!binary) state.problem = `no ${PLUGIN_TYPE} executable in ${binDirs.join(', ')}`;
  return { state, ...(entry ? { entry } : {}) };
}
