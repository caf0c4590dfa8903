// The settings a hook runs the pod path with (HookSettings: the node's mesh defaults — NodeSettings —
// and how the hook behaves) — one parser for every place they come from: the CNI conflist entry (its
// own keys beside the CNI envelope), the NRI plugin's --config file, the pre-installed plugin's .conf
// (sent by containerd), and the `nri` flags (turned into the same document).
//   policy            node defaults (PolicyInput keys: inboundPort, outboundPort, proxyUid, …)
//   profiles          annotation profiles honoured (default: all)
//   allowPodOverrides may annotations widen what escapes the proxy (default false)
//   meshDefaults      per mesh, policy values replacing that mesh profile's defaults
//                     (e.g. {"linkerd": {"ipFamilies": "dual"}}, as linkerd-cni's "ipv6": true)
//   failOpen          on failure, log and let the pod start without redirection (default false)
//   backend           "auto" (default: HNS on Windows or for a GUID netns, else nftables), "nft", "hns"
//   nftMode           "auto" (default: libnftables in-process, else nsenter + nft), "libnftables", "exec"
//   excludeNamespaces Kubernetes namespaces whose pods are never touched, whatever their annotations
//                     (default ["kube-system"]: a mistaken annotation there must not break the node's own pods)
//   logFile, logLevel JSON log lines also appended to this file (an absolute path); level
import { isAbsolute } from 'node:path';
import { isLogLevel, type LogLevel } from '../runtime/log.js';
import { NFT_MODES, type NftMode } from '../nft/runner.js';
import { parseNodeSettings, type NodeSettings } from '../policy/annotations/index.js';
import { PolicyError } from '../policy/errors.js';
import { isObject, type Json } from '../runtime/json.js';

export type BackendChoice = 'auto' | 'nft' | 'hns';

export interface HookSettings {
  /** The node's policy defaults, profiles and mesh defaults (src/policy/annotations/node-settings.ts). */
  node: NodeSettings;
  failOpen: boolean;
  backend: BackendChoice;
  nftMode: NftMode;
  /** Pods of these Kubernetes namespaces are skipped before their annotations are read. */
  excludeNamespaces: readonly string[];
  logFile?: string;
  logLevel: LogLevel;
}

/** A bad setting; `key` names it as the user wrote it ("failOpen", "policy.outboundPort", …). */
export class SettingsError extends Error {
  override name = 'SettingsError';
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(message);
  }
}

export const DEFAULT_EXCLUDE_NAMESPACES: readonly string[] = ['kube-system'];
/** A Kubernetes namespace name (RFC 1123 label). */
const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

function namespaces(raw: Json): readonly string[] {
  const v = raw.excludeNamespaces;
  if (v === undefined || v === null) return DEFAULT_EXCLUDE_NAMESPACES;
  if (!Array.isArray(v)) throw new SettingsError('excludeNamespaces', `excludeNamespaces must be a list of namespace names, got ${JSON.stringify(v)}`);
  for (const n of v) {
    if (typeof n !== 'string' || !NAMESPACE.test(n))
      throw new SettingsError('excludeNamespaces', `excludeNamespaces: ${JSON.stringify(n)} is not a Kubernetes namespace name`);
  }
  return [...new Set(v as string[])];
}

const WINDOWS_ABSOLUTE = /^[A-Za-z]:[\\/]/;
const BACKENDS: readonly BackendChoice[] = ['auto', 'nft', 'hns'];

function oneOf<T extends string>(raw: Json, key: string, allowed: readonly T[], fallback: T): T {
  const v = raw[key];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    throw new SettingsError(key, `${key} must be ${allowed.map((a) => `"${a}"`).join(', ')}, got ${JSON.stringify(v)}`);
  }
  return v as T;
}

function absolutePath(raw: Json, key: string): string | undefined {
  const v = raw[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || v === '') throw new SettingsError(key, `${key} must be a path`);
  // A relative path would land wherever the runtime happened to start us. A drive-letter path names a
  // file on a Windows node (conflists for Windows nodes are written and checked on Linux too).
  if (!isAbsolute(v) && !WINDOWS_ABSOLUTE.test(v)) throw new SettingsError(key, `${key} must be an absolute path, got ${JSON.stringify(v)}`);
  return v;
}

/**
 * Every key of a settings document, the ones parseHookSettings reads: the installer accepts exactly these
 * in `install-cni --config` (test/integration/install-settings-keys.test.ts holds the two together).
 */
export const HOOK_SETTING_KEYS = [
  'policy',
  'profiles',
  'allowPodOverrides',
  'meshDefaults',
  'failOpen',
  'backend',
  'nftMode',
  'excludeNamespaces',
  'logFile',
  'logLevel',
] as const;

/** The keys parseNodeSettings reads (the node-policy part of the document). */
const NODE_SETTING_KEYS = ['policy', 'profiles', 'allowPodOverrides', 'meshDefaults'] as const;

/** Reads our keys from one object (other keys — the CNI envelope's — are not ours and are ignored). */
export function parseHookSettings(raw: Json): HookSettings {
  let node: NodeSettings;
  try {
    node = parseNodeSettings(Object.fromEntries(NODE_SETTING_KEYS.map((k) => [k, raw[k]])));
  } catch (e) {
    if (e instanceof PolicyError) throw new SettingsError(e.issues[0]?.field ?? 'policy', `invalid hcnproxyctl configuration: ${e.message}`);
    throw e;
  }
  if (raw.failOpen !== undefined && typeof raw.failOpen !== 'boolean') throw new SettingsError('failOpen', 'failOpen must be true or false');
  if (raw.logLevel !== undefined && !isLogLevel(raw.logLevel)) throw new SettingsError('logLevel', 'logLevel must be debug, info, warn or error');
  const settings: HookSettings = {
    node,
    failOpen: raw.failOpen === true,
    backend: oneOf(raw, 'backend', BACKENDS, 'auto'),
    nftMode: oneOf(raw, 'nftMode', NFT_MODES, 'auto'),
    excludeNamespaces: namespaces(raw),
    logLevel: (raw.logLevel as LogLevel | undefined) ?? 'info',
  };
  const logFile = absolutePath(raw, 'logFile');
  if (logFile) settings.logFile = logFile;
  return settings;
}

/** Parses one settings document (a JSON object); `where` names it in messages. Empty text is {}. */
export function parseSettingsDocument(text: string, where: string): Json {
  if (text.trim() === '') return {};
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new SettingsError(where, `${where} is not valid JSON: ${(e as Error).message}`);
  }
  if (!isObject(v)) throw new SettingsError(where, `${where} must be a JSON object`);
  return v;
}

/** Merges documents, later ones winning key by key — inside `policy` too, so a flag overrides one policy key. */
export function mergeSettingsDocuments(docs: readonly Json[]): Json {
  const merged: Json = {};
  for (const doc of docs) {
    for (const [key, value] of Object.entries(doc)) {
      merged[key] = key === 'policy' && isObject(value) && isObject(merged.policy) ? { ...merged.policy, ...value } : value;
    }
  }
  return merged;
}
