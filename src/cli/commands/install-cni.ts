// `hcnproxyctl install-cni`: put our entry last in the node's primary CNI configuration (as the mesh CNI
// installers do), optionally copy the plugin into the CNI bin dir, and with --watch keep the entry there.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Command, Option } from 'commander';
import { installBinary, runningProgram, type BinaryInstall } from '../../cni/install/binary.js';
import { buildEntry, SETTING_KEYS } from '../../cni/install/conflist.js';
import { ConfigFileError } from '../../cni/install/load-config.js';
import { isObject, type Json } from '../../runtime/json.js';
import { CONF_EXTENSIONS, goExt } from '../../cni/install/files.js';
import { installCni, NoConfigError, type InstallResult, type Target } from '../../cni/install/install.js';
import { watchConfDir } from '../../cni/install/watch.js';
import { DEFAULT_CONF_DIR } from '../../cni/install/defaults.js';
import { createLogger, type LogLevel } from '../../runtime/log.js';
import { UsageError } from '../errors.js';
import { err, out } from '../io.js';
import { outputOption, printJson, type OutputFormat } from '../output.js';

/** --conf-dir / --conf-file, shared with uninstall-cni. */
export function addTargetOptions(cmd: Command): Command {
  return cmd
    .option(
      '--conf-dir <dir>',
      'CNI configuration directory: the primary configuration is chosen as containerd does (first *.conf, *.conflist, *.json by byte order)',
      DEFAULT_CONF_DIR,
    )
    .option(
      '--conf-file <path>',
      "this configuration file instead of the conf dir's primary one (X.conf and X.conflist name the same one: we turn the first into the second)",
    );
}

export function targetOf(cmd: Command, o: { confDir: string; confFile?: string }): Target {
  if (o.confFile !== undefined) {
    if (cmd.getOptionValueSource('confDir') === 'cli') throw new UsageError('--conf-dir and --conf-file are alternatives: give one');
    if (!(CONF_EXTENSIONS as readonly string[]).includes(goExt(path.basename(o.confFile)))) {
      throw new UsageError(`--conf-file ${o.confFile}: containerd loads only *.conf, *.conflist and *.json files`);
    }
    return { confFile: o.confFile };
  }
  return { confDir: o.confDir };
}

function readSettings(file: string | undefined): Json {
  if (file === undefined) return buildEntry({});
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`--config ${file}: ${(e as Error).message}`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`--config ${file} is not valid JSON: ${(e as Error).message}`);
  }
  if (!isObject(doc)) throw new UsageError(`--config ${file} must be a JSON object`);
  try {
    return buildEntry(doc, `--config ${file}`);
  } catch (e) {
    if (e instanceof ConfigFileError) throw new UsageError(e.message);
    throw e;
  }
}

function describe(r: InstallResult): string {
  const name = path.basename(r.file);
  const converted = r.previousFile ? ` (converted from ${path.basename(r.previousFile)}, which was removed)` : '';
  switch (r.action) {
    case 'inserted':
      return `inserted the hcnproxyctl entry into ${r.file}${converted}`;
    case 'replaced':
      return `replaced the hcnproxyctl entry in ${r.file}${converted}`;
    default:
      return `${name} already has this hcnproxyctl entry: ${r.file} unchanged${converted}`;
  }
}

function describeBinary(b: BinaryInstall): string {
  if (b.kind === 'wrapper') {
    return `${b.action === 'installed' ? 'wrote' : 'kept'} ${b.path}: a wrapper script, not a copy (hcnproxyctl runs as a Node bundle here, not as the single executable), that runs ${b.source}; it works on this machine only\n`;
  }
  return `${b.action === 'installed' ? 'copied' : 'kept'} ${b.path} (${b.action === 'installed' ? `from ${b.source}` : 'identical to the running executable'})\n`;
}

interface Opts {
  confDir: string;
  confFile?: string;
  config?: string;
  binDir?: string;
  watch?: boolean;
  interval: string;
  logLevel: LogLevel;
  output: OutputFormat;
}

export function installCniCommand(): Command {
  const cmd = new Command('install-cni').description(
    "insert the hcnproxyctl entry (last, with the pod-annotations capability) into the node's CNI configuration",
  );
  addTargetOptions(cmd)
    .option('--config <file>', `JSON settings merged into the entry (${SETTING_KEYS.join(', ')})`)
    .option('--bin-dir <dir>', 'also install the plugin as <dir>/hcnproxyctl (the running single executable; a wrapper script when running as a Node bundle)')
    .option('--watch', 'keep running: re-insert the entry whenever the configuration is rewritten (SIGTERM stops)')
    .option('--interval <seconds>', 'with --watch: periodic re-check', '5')
    .addOption(
      new Option('--log-level <level>', 'with --watch: log level of the JSON lines on stderr').choices(['debug', 'info', 'warn', 'error']).default('info'),
    )
    .addOption(outputOption())
    .action(async (o: Opts) => {
      const target = targetOf(cmd, o);
      const interval = Number(o.interval);
      if (!(interval > 0 && interval <= 86_400)) throw new UsageError(`--interval "${o.interval}" is not a number of seconds (0 < s ≤ 86400)`);
      const entry = readSettings(o.config);
      // The binary first: a configuration naming a plugin that is not in the bin dir fails every pod.
      const binary = o.binDir !== undefined ? installBinary(o.binDir, await runningProgram()) : undefined;
      if (o.watch) {
        await runWatch(target, entry, interval * 1000, o.logLevel, binary);
        return;
      }
      const r = installCni(target, entry);
      if (o.output === 'json') {
        printJson({ ...r, ...(binary ? { binary } : {}) });
        return;
      }
      if (binary) out(describeBinary(binary));
      out(`${describe(r)}\n`);
      for (const w of r.warnings) err(`hcnproxyctl: warning: ${w}\n`);
    });
  return cmd;
}

/** Reconciles until SIGTERM/SIGINT; JSON log lines on stderr. */
async function runWatch(target: Target, entry: Json, intervalMs: number, level: LogLevel, binary: BinaryInstall | undefined): Promise<void> {
  const log = createLogger({ level, fields: { face: 'install-cni' } });
  const dir = target.confFile !== undefined ? path.dirname(target.confFile) : target.confDir!;
  if (binary)
    log.log('info', binary.kind === 'wrapper' ? 'wrote a wrapper script into the bin dir (not a single executable)' : 'installed the plugin into the bin dir', {
      ...binary,
    });
  let lastProblem = '';
  let lastWarnings = '';
  const reconcile = (reason: string) => {
    try {
      const r = installCni(target, entry);
      lastProblem = '';
      // Say each warning once, not every interval.
      if (r.warnings.join('\n') !== lastWarnings) for (const w of r.warnings) log.log('warn', w, { file: r.file, reason });
      lastWarnings = r.warnings.join('\n');
      if (r.action !== 'unchanged' || reason === 'start') {
        log.log('info', r.action === 'unchanged' ? 'entry in place' : `entry ${r.action}`, {
          action: r.action,
          file: r.file,
          reason,
          ...(r.previousFile ? { previousFile: r.previousFile } : {}),
        });
      } else {
        log.log('debug', 'entry in place', { file: r.file, reason });
      }
    } catch (e) {
      const msg = (e as Error).message;
      // Say each problem once, not every interval.
      if (msg !== lastProblem) {
        log.log(
          e instanceof NoConfigError ? 'warn' : 'error',
          e instanceof NoConfigError ? "waiting for the network plugin's configuration" : 'cannot insert the entry',
          { error: msg, reason },
        );
      }
      lastProblem = msg;
    }
  };
  const w = watchConfDir({ dir, reconcile, intervalMs, debounceMs: 200, log });
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      w.close();
      log.log('info', 'stopping', { signal });
      resolve();
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
}
