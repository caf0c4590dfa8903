// The NRI plugin's settings: the same JSON keys as the CNI conflist entry (policy, profiles,
// allowPodOverrides, failOpen), from --config <file>, from the NRI configuration string (a
// pre-installed plugin's .conf), or from flags. Later sources override earlier ones key by key.
import { parseNodeSettings, type NodeSettings } from '../policy/annotations/index.js';
import { PolicyError } from '../policy/errors.js';

export interface NriSettings {
  node: NodeSettings;
  /** Only log a failed apply instead of failing the pod's start. */
  failOpen: boolean;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export class SettingsError extends Error {
  override name = 'SettingsError';
}

/** Parses one configuration document (JSON object); `where` names it in messages. */
export function parseSettingsDocument(text: string, where: string): Json {
  if (text.trim() === '') return {};
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new SettingsError(`${where} is not valid JSON: ${(e as Error).message}`);
  }
  if (!isObject(v)) throw new SettingsError(`${where} must be a JSON object`);
  return v;
}

/** Merges documents (later wins per top-level key) and validates the result. */
export function resolveSettings(docs: readonly Json[]): NriSettings {
  const merged: Json = Object.assign({}, ...docs);
  if (merged.failOpen !== undefined && typeof merged.failOpen !== 'boolean') throw new SettingsError('failOpen must be true or false');
  try {
    return {
      node: parseNodeSettings({ policy: merged.policy, profiles: merged.profiles, allowPodOverrides: merged.allowPodOverrides }),
      failOpen: merged.failOpen === true,
    };
  } catch (e) {
    if (e instanceof PolicyError) throw new SettingsError(`invalid configuration: ${e.message}`);
    throw e;
  }
}
