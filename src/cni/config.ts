// The network configuration on stdin: the CNI envelope (cniVersion, name, prevResult, runtimeConfig)
// and our own keys, read by the one settings parser the NRI face uses too (src/pod/settings.ts:
// policy, profiles, allowPodOverrides, failOpen, backend, nftMode, logFile, logLevel).
import { parseHookSettings, SettingsError, type HookSettings } from '../pod/settings.js';
import { CNI_CODES, CniError } from './errors.js';
import { isSupported, SUPPORTED_VERSIONS, type CniVersion } from './versions.js';
import { isObject, type Json } from '../runtime/json.js';

export const ANNOTATIONS_CAPABILITY = 'io.kubernetes.cri.pod-annotations';

export interface PluginConf {
  cniVersion: CniVersion;
  name: string;
  prevResult?: Json;
  /** The pod's annotations from runtimeConfig (the pod-annotations capability); undefined when not passed. */
  annotations?: Record<string, string>;
  /** Our keys of the conflist entry. */
  settings: HookSettings;
  /** `cni.dev/valid-attachments` (GC). */
  validAttachments?: { containerID: string; ifname: string }[];
}

/** A network name (CNI spec 1.0.0 §"Network configuration"; libcni's skel checks it on every call, as we do). */
export const NETWORK_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

const invalid = (msg: string, details?: string) => new CniError(CNI_CODES.INVALID_CONFIG, msg, details);

/** Parses JSON text into an object; code 6 when it is not one. */
export function decodeConfig(text: string): Json {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new CniError(CNI_CODES.DECODE_FAILURE, 'network configuration on stdin is not valid JSON', (e as Error).message);
  }
  if (!isObject(parsed)) throw new CniError(CNI_CODES.DECODE_FAILURE, 'network configuration on stdin is not a JSON object');
  return parsed;
}

/** The request's version, when it is one we speak (used for the error's cniVersion too). */
export function requestVersion(raw: Json): CniVersion {
  const v = raw.cniVersion;
  if (v === undefined || v === '') throw new CniError(CNI_CODES.INCOMPATIBLE_VERSION, 'cniVersion is missing from the network configuration');
  if (typeof v !== 'string') throw new CniError(CNI_CODES.DECODE_FAILURE, 'cniVersion must be a string');
  if (!isSupported(v)) {
    throw new CniError(CNI_CODES.INCOMPATIBLE_VERSION, `incompatible CNI version: config is "${v}", hcnproxyctl supports ${SUPPORTED_VERSIONS.join(', ')}`);
  }
  return v;
}

function annotationsOf(raw: Json): Record<string, string> | undefined {
  const rc = raw.runtimeConfig;
  if (rc === undefined || rc === null) return undefined;
  if (!isObject(rc)) throw invalid('runtimeConfig must be an object');
  const a = rc[ANNOTATIONS_CAPABILITY];
  if (a === undefined || a === null) return undefined;
  if (!isObject(a)) throw invalid(`runtimeConfig.${ANNOTATIONS_CAPABILITY} must be an object of strings`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(a)) {
    if (typeof v !== 'string') throw invalid(`runtimeConfig.${ANNOTATIONS_CAPABILITY}["${k}"] must be a string, got ${JSON.stringify(v)}`);
    out[k] = v;
  }
  return out;
}

function attachmentsOf(raw: Json): PluginConf['validAttachments'] {
  const list = raw['cni.dev/valid-attachments'] ?? raw['cni.dev/attachments'];
  if (list === undefined) return undefined;
  if (!Array.isArray(list)) throw invalid('cni.dev/valid-attachments must be an array');
  return list.map((a, i) => {
    if (!isObject(a) || typeof a.containerID !== 'string' || typeof a.ifname !== 'string') {
      throw invalid(`cni.dev/valid-attachments[${i}] must be {"containerID": string, "ifname": string}`);
    }
    return { containerID: a.containerID, ifname: a.ifname };
  });
}

/** Our view of a plugin configuration; `cniVersion`: the request's, when the skel has read it already. */
export function parsePluginConf(raw: Json, cniVersion: CniVersion = requestVersion(raw)): PluginConf {
  if (typeof raw.name !== 'string' || !NETWORK_NAME.test(raw.name)) {
    throw invalid(
      raw.name === undefined
        ? 'network configuration has no "name"'
        : `network name ${JSON.stringify(raw.name)} is invalid (expected [a-zA-Z0-9][a-zA-Z0-9_.-]*)`,
    );
  }
  let settings: HookSettings;
  try {
    settings = parseHookSettings(raw);
  } catch (e) {
    if (e instanceof SettingsError) throw invalid(e.message);
    throw e;
  }
  if (raw.prevResult !== undefined && !isObject(raw.prevResult)) throw invalid('prevResult must be an object');
  const conf: PluginConf = { cniVersion, name: raw.name, settings };
  if (isObject(raw.prevResult)) conf.prevResult = raw.prevResult;
  const annotations = annotationsOf(raw);
  if (annotations) conf.annotations = annotations;
  const attachments = attachmentsOf(raw);
  if (attachments) conf.validAttachments = attachments;
  return conf;
}
