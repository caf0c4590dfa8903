import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { DEFAULT_ENDPOINT_LINUX } from '../../cri/endpoint.js';
import { UsageError } from '../errors.js';
import { DEFAULT_PLUGIN_INDEX, DEFAULT_PLUGIN_NAME, DEFAULT_SOCKET } from '../../nri/defaults.js';
import { addSettingsFlags, flagSettings } from '../settings-flags.js';

const PREINSTALLED_LOG = '/var/log/hcnproxyctl-nri.log';

export function nriCommand(): Command {
  const cmd = new Command('nri')
    .description('run as an NRI plugin of containerd (Linux): redirect opted-in pods when they start')
    .option('--socket <path>', 'NRI socket of containerd', DEFAULT_SOCKET)
    .option('--name <name>', 'plugin name', DEFAULT_PLUGIN_NAME)
    .option('--index <NN>', 'two-digit plugin index (order among NRI plugins)', DEFAULT_PLUGIN_INDEX)
    .option('--config <file>', 'JSON settings: the settings keys of the CNI conflist entry')
    .option(
      '--runtime-endpoint <endpoint>',
      "containerd's CRI endpoint, to find pods created while Synchronize ran (they get no NRI event)",
      DEFAULT_ENDPOINT_LINUX,
    )
    .option('--metrics-address <host:port>', 'serve Prometheus /metrics, /healthz and /readyz there (e.g. 127.0.0.1:9464; default: off)')
    .option('--log-file <path>', 'also append JSON log lines to this file (an absolute path; pre-installed plugins have no stderr)')
    .addOption(new Option('--log-level <level>', 'log level (default: info)').choices(['debug', 'info', 'warn', 'error']));
  addSettingsFlags(cmd);
  return cmd.action(async (o: Record<string, unknown>) => {
    if (process.platform === 'win32') {
      throw new Error('containerd has no NRI on Windows: use hcnproxyctl as a chained CNI plugin there (see the README)');
    }
    const index = String(o.index);
    if (!/^[0-9]{2}$/.test(index)) throw new UsageError(`--index "${index}" must be two digits`);
    const name = String(o.name);
    if (!/^[a-zA-Z0-9_.+-]+$/.test(name)) throw new UsageError(`--name "${name}" may only hold letters, digits and _.+-`);
    const { runDaemon, parseListenAddress, parseSettingsDocument, resolveNriSettings, SettingsError } = await import('../../nri/index.js');
    if (typeof o.metricsAddress === 'string') {
      try {
        parseListenAddress(o.metricsAddress);
      } catch (e) {
        throw new UsageError((e as Error).message);
      }
    }
    let fileSettings: Record<string, unknown> = {};
    const flags = flagSettings(o);
    try {
      if (typeof o.config === 'string') {
        let text: string;
        try {
          text = readFileSync(o.config, 'utf8');
        } catch (e) {
          throw new UsageError(`--config ${o.config}: ${(e as Error).message}`);
        }
        fileSettings = parseSettingsDocument(text, o.config);
      }
      resolveNriSettings(fileSettings, '', flags); // bad settings: say so before connecting
    } catch (e) {
      if (e instanceof SettingsError) throw new UsageError(e.message);
      throw e;
    }
    // Pre-installed: containerd starts us with exactly NRI_PLUGIN_NAME, NRI_PLUGIN_IDX and NRI_PLUGIN_SOCKET.
    const fd = process.env.NRI_PLUGIN_SOCKET;
    const preinstalled = fd !== undefined && /^[0-9]+$/.test(fd);
    process.exitCode = await runDaemon({
      endpoint: preinstalled ? { fd: Number(fd) } : { socketPath: String(o.socket) },
      name: preinstalled ? (process.env.NRI_PLUGIN_NAME ?? name) : name,
      index: preinstalled ? (process.env.NRI_PLUGIN_IDX ?? index) : index,
      exitOnClose: preinstalled,
      runtimeEndpoint: String(o.runtimeEndpoint),
      fileSettings,
      flagSettings: flags,
      ...(typeof o.metricsAddress === 'string' ? { metricsAddress: o.metricsAddress } : {}),
      // A pre-installed plugin's stdout and stderr are the null device: log to a file.
      ...(preinstalled ? { defaultLogFile: PREINSTALLED_LOG } : {}),
    });
  });
}
