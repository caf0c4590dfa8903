// The CNI protocol side of the face, as containernetworking's pkg/skel: the CNI_* environment + stdin →
// one typed call of the plugin → stdout (the result, or the spec's JSON error at the request's version)
// and an exit code. It knows nothing of what the plugin does; nothing but the result or the error ever
// goes to stdout.
import { writeFd } from '../runtime/fd-io.js';
import type { Json } from '../runtime/json.js';
import { decodeConfig, requestVersion } from './config.js';
import { readCniEnv, type CniEnv } from './env.js';
import { CNI_CODES, CniError, errorJson } from './errors.js';
import { readConfigText } from './io.js';
import { isSupported, LATEST_VERSION, SUPPORTED_VERSIONS, versionBefore, type CniVersion } from './versions.js';

export interface CniIo {
  readStdin(): string;
  writeStdout(text: string): void;
  writeStderr(text: string): void;
}

export const processIo: CniIo = {
  readStdin: () => readConfigText(0),
  writeStdout: (t) => writeFd(1, t),
  writeStderr: (t) => writeFd(2, t),
};

/** One decoded request: its parameters, its configuration (as sent) and the version it speaks. */
export interface CniRequest {
  env: CniEnv;
  config: Json;
  cniVersion: CniVersion;
}

/** What a plugin implements: each command's handler (ADD answers the result), and how it reports a failure. */
export interface CniPlugin {
  add(req: CniRequest): Promise<Json>;
  del(req: CniRequest): Promise<void>;
  check(req: CniRequest): Promise<void>;
  status(req: CniRequest): Promise<void>;
  gc(req: CniRequest): Promise<void>;
  /** The request failed with `err` (written to stdout next): the plugin logs it its way. */
  failed(err: CniError, command: string | undefined): void;
}

function versionAnswer(text: string): Json {
  let version: string = LATEST_VERSION;
  try {
    const v = (JSON.parse(text) as { cniVersion?: unknown }).cniVersion;
    if (isSupported(v)) version = v;
  } catch {
    // VERSION answers whatever it is sent
  }
  return { cniVersion: version, supportedVersions: SUPPORTED_VERSIONS };
}

async function dispatch(plugin: CniPlugin, req: CniRequest): Promise<Json | undefined> {
  const { command } = req.env;
  if ((command === 'STATUS' || command === 'GC') && versionBefore(req.cniVersion, '1.1.0')) {
    throw new CniError(CNI_CODES.INCOMPATIBLE_VERSION, `config version "${req.cniVersion}" does not allow ${command} (1.1.0 or later)`);
  }
  switch (command) {
    case 'ADD':
      return plugin.add(req);
    case 'DEL':
      await plugin.del(req);
      return undefined;
    case 'CHECK':
      await plugin.check(req);
      return undefined;
    case 'STATUS':
      await plugin.status(req);
      return undefined;
    case 'GC':
      await plugin.gc(req);
      return undefined;
    default:
      throw new CniError(CNI_CODES.INVALID_ENV, `unknown CNI_COMMAND "${String(command)}"`);
  }
}

/** Runs one CNI command of `plugin`; returns the exit code. Never throws. */
export async function runSkel(plugin: CniPlugin, processEnv: NodeJS.ProcessEnv, io: CniIo): Promise<number> {
  // Errors speak the request's version once it is known and spoken; before that, the latest.
  let errorVersion: string = LATEST_VERSION;
  try {
    if (processEnv.CNI_COMMAND === 'VERSION') {
      io.writeStdout(`${JSON.stringify(versionAnswer(io.readStdin()))}\n`);
      return 0;
    }
    const config = decodeConfig(io.readStdin());
    if (isSupported(config.cniVersion)) errorVersion = config.cniVersion;
    const env = readCniEnv(processEnv);
    const out = await dispatch(plugin, { env, config, cniVersion: requestVersion(config) });
    if (out !== undefined) io.writeStdout(`${JSON.stringify(out)}\n`);
    return 0;
  } catch (e) {
    const err = e instanceof CniError ? e : new CniError(CNI_CODES.INTERNAL, (e as Error)?.message ?? String(e));
    plugin.failed(err, processEnv.CNI_COMMAND);
    io.writeStdout(`${JSON.stringify(errorJson(err, errorVersion))}\n`);
    return 1;
  }
}
