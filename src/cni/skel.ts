// The CNI face's entry: environment + stdin → one typed handler call → stdout (the result, or the
// spec's JSON error) and an exit code. Nothing but the result or the error ever goes to stdout.
import type { RedirectBackend } from '../policy/backend.js';
import { podBackend, type PodContext, type PodLog, type PodSettings } from '../pod/index.js';
import { decodeConfig, parsePluginConf, requestVersion } from './config.js';
import { readCniEnv, type CniEnv } from './env.js';
import { CNI_CODES, CniError, errorJson } from './errors.js';
import { writeFd } from '../runtime/fd-io.js';
import { readConfigText } from './io.js';
import { createLogger, type Logger } from '../runtime/log.js';
import { cmdAdd, cmdCheck, cmdDel, cmdGc, cmdStatus, type CniContext } from './plugin.js';
import { LATEST_VERSION, SUPPORTED_VERSIONS, isSupported, versionBefore } from './versions.js';

export interface CniIo {
  readStdin(): string;
  writeStdout(text: string): void;
  writeStderr(text: string): void;
}

const processIo: CniIo = {
  readStdin: () => readConfigText(0),
  writeStdout: (t) => writeFd(1, t),
  writeStderr: (t) => writeFd(2, t),
};

function versionCommand(text: string): string {
  let version: string = LATEST_VERSION;
  try {
    const v = (JSON.parse(text) as { cniVersion?: unknown }).cniVersion;
    if (isSupported(v)) version = v;
  } catch {
    // VERSION answers whatever it is sent
  }
  return `${JSON.stringify({ cniVersion: version, supportedVersions: SUPPORTED_VERSIONS })}\n`;
}

/** Makes the redirect backend for a pod (tests put a fake here). */
export type BackendFactory = (settings: PodSettings, netns: string, log: PodLog) => RedirectBackend;

async function dispatch(io: CniIo, processEnv: NodeJS.ProcessEnv, log: { current: Logger }, backendFor: BackendFactory): Promise<string | undefined> {
  if (processEnv.CNI_COMMAND === 'VERSION') return versionCommand(io.readStdin());
  const raw = decodeConfig(io.readStdin());
  errorVersion.current = typeof raw.cniVersion === 'string' && isSupported(raw.cniVersion) ? raw.cniVersion : LATEST_VERSION;
  const env = readCniEnv(processEnv);
  requestVersion(raw);
  const conf = parsePluginConf(raw);
  log.current = createLogger({
    level: conf.settings.logLevel,
    ...(conf.settings.logFile ? { file: conf.settings.logFile } : {}),
    write: io.writeStderr,
    fields: { plugin: 'hcnproxyctl', command: env.command, containerID: env.containerId || undefined, pod: podName(env) },
  });
  if ((env.command === 'STATUS' || env.command === 'GC') && versionBefore(conf.cniVersion, '1.1.0')) {
    throw new CniError(CNI_CODES.INCOMPATIBLE_VERSION, `config version "${conf.cniVersion}" does not allow ${env.command} (1.1.0 or later)`);
  }
  const logger = log.current;
  let pod: PodContext | undefined;
  const ctx: CniContext = {
    env,
    conf,
    log: logger,
    pod: () => (pod ??= { settings: conf.settings, backend: backendFor(conf.settings, env.netns, logger), log: logger }),
  };
  switch (env.command) {
    case 'ADD':
      return `${JSON.stringify(await cmdAdd(ctx))}\n`;
    case 'DEL':
      await cmdDel(ctx);
      return undefined;
    case 'CHECK':
      await cmdCheck(ctx);
      return undefined;
    case 'STATUS':
      await cmdStatus(ctx);
      return undefined;
    case 'GC':
      await cmdGc(ctx);
      return undefined;
    default:
      throw new CniError(CNI_CODES.INVALID_ENV, `unknown CNI_COMMAND "${String(env.command)}"`);
  }
}

function podName(env: CniEnv): string | undefined {
  const ns = env.args.K8S_POD_NAMESPACE;
  const name = env.args.K8S_POD_NAME;
  return ns && name ? `${ns}/${name}` : undefined;
}

const errorVersion = { current: LATEST_VERSION as string };

/** Runs one CNI command; returns the exit code. Never throws. */
export async function runCni(processEnv: NodeJS.ProcessEnv = process.env, io: CniIo = processIo, backendFor: BackendFactory = podBackend): Promise<number> {
  errorVersion.current = LATEST_VERSION;
  const log = { current: createLogger({ write: io.writeStderr, fields: { plugin: 'hcnproxyctl', command: processEnv.CNI_COMMAND } }) };
  try {
    const out = await dispatch(io, processEnv, log, backendFor);
    if (out !== undefined) io.writeStdout(out);
    return 0;
  } catch (e) {
    const err = e instanceof CniError ? e : new CniError(CNI_CODES.INTERNAL, (e as Error)?.message ?? String(e));
    if (!err.logged) log.current.log('error', err.message, { code: err.code, ...(err.details ? { details: err.details } : {}) });
    io.writeStdout(`${JSON.stringify(errorJson(err, errorVersion.current))}\n`);
    return 1;
  }
}
