// The CNI_* parameters, checked per command as the spec (1.1.0 §2) and libcni require.
import { CNI_CODES, CniError } from './errors.js';

export const COMMANDS = ['ADD', 'DEL', 'CHECK', 'VERSION', 'STATUS', 'GC'] as const;
export type CniCommand = (typeof COMMANDS)[number];

export interface CniEnv {
  command: CniCommand;
  containerId: string;
  /** Linux: a network namespace path; Windows: the HNS namespace GUID; may be "" on DEL. */
  netns: string;
  ifname: string;
  args: Record<string, string>;
  path: string;
}

const CONTAINER_ID_RE = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

const REQUIRED: Record<CniCommand, readonly string[]> = {
  ADD: ['CNI_CONTAINERID', 'CNI_NETNS', 'CNI_IFNAME'],
  CHECK: ['CNI_CONTAINERID', 'CNI_NETNS', 'CNI_IFNAME'],
  DEL: ['CNI_CONTAINERID', 'CNI_IFNAME'],
  VERSION: [],
  STATUS: [],
  GC: ['CNI_PATH'],
};

/** CNI_ARGS "K=V;K=V" (IgnoreUnknown, K8S_POD_NAME, …); malformed pairs are skipped. */
export function parseCniArgs(text: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of (text ?? '').split(';')) {
    const eq = pair.indexOf('=');
    if (eq > 0) out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}

function ifnameProblem(name: string): string | undefined {
  if (name.length > 15) return 'is longer than 15 characters';
  if (name === '.' || name === '..') return 'is "." or ".."';
  if (/[/:\s]/.test(name)) return 'contains "/", ":" or white space';
  return undefined;
}

export function readCniEnv(env: NodeJS.ProcessEnv): CniEnv {
  const command = env.CNI_COMMAND ?? '';
  if (!(COMMANDS as readonly string[]).includes(command)) {
    throw new CniError(CNI_CODES.INVALID_ENV, `unknown CNI_COMMAND "${command}" (expected one of ${COMMANDS.join(', ')})`);
  }
  const cmd = command as CniCommand;
  const missing = REQUIRED[cmd].filter((k) => !env[k]);
  if (missing.length > 0) {
    throw new CniError(CNI_CODES.INVALID_ENV, `required environment variables missing for ${cmd}: ${missing.join(', ')}`);
  }
  const containerId = env.CNI_CONTAINERID ?? '';
  if (containerId && !CONTAINER_ID_RE.test(containerId)) {
    throw new CniError(
      CNI_CODES.INVALID_ENV,
      `CNI_CONTAINERID "${containerId}" has characters outside [a-zA-Z0-9_.-] or does not start with a letter or digit`,
    );
  }
  const ifname = env.CNI_IFNAME ?? '';
  const bad = ifname ? ifnameProblem(ifname) : undefined;
  if (bad) throw new CniError(CNI_CODES.INVALID_ENV, `CNI_IFNAME "${ifname}" ${bad}`);
  return {
    command: cmd,
    containerId,
    netns: env.CNI_NETNS ?? '',
    ifname,
    args: parseCniArgs(env.CNI_ARGS),
    path: env.CNI_PATH ?? '',
  };
}
