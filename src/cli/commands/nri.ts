import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { UsageError } from '../errors.js';

const PREINSTALLED_LOG = '/var/log/hcnproxyctl-nri.log';

function collectFlags(o: Record<string, unknown>): Record<string, unknown> {
  const policy: Record<string, unknown> = {};
  const map: [string, string][] = [['inboundPort', 'inboundPort'], ['outboundPort', 'outboundPort'], ['proxyUid', 'proxyUid'], ['proxyGid', 'proxyGid'], ['excludeOutboundIps', 'outboundExcludeIps'], ['excludeInboundPorts', 'inboundExcludePorts'], ['excludeOutboundPorts', 'outboundExcludePorts']];
  for (const [flag, key] of map) if (typeof o[flag] === 'string') policy[key] = o[flag];
  const out: Record<string, unknown> = {};
  if (Object.keys(policy).length > 0) out.policy = policy;
  if (typeof o.profiles === 'string') out.profiles = o.profiles.split(',').map((s) => s.trim()).filter(Boolean);
  if (o.allowPodOverrides === true) out.allowPodOverrides = true;
  if (o.failOpen === true) out.failOpen = true;
  return out;
}

export function nriCommand(): Command {
  return new Command('nri')
    .description('run as an NRI plugin of containerd (Linux): redirect opted-in pods when they start')
    .option('--socket <path>', 'NRI socket of containerd', '/var/run/nri/nri.sock')
    .option('--name <name>', 'plugin name', 'hcnproxyctl')
    .option('--index <NN>', 'two-digit plugin index (order among NRI plugins)', '10')
    .option('--config <file>', 'JSON with the keys of the CNI conflist entry: policy, profiles, allowPodOverrides, failOpen')
    .option('--fail-open', 'when a redirect cannot be applied, log it and let the pod start (default: the pod fails to start)')
    .option('--inbound-port <port>', 'node default inbound proxy port (our profile)')
    .option('--outbound-port <port>', 'node default outbound proxy port (our profile)')
    .option('--proxy-uid <uid>', 'node default proxy UID')
    .option('--proxy-gid <gid>', 'node default proxy GID')
    .option('--exclude-inbound-ports <list>', 'node-wide inbound port exclusions')
    .option('--exclude-outbound-ports <list>', 'node-wide outbound port exclusions')
    .option('--exclude-outbound-ips <list>', 'node-wide outbound address/CIDR exclusions')
    .option('--profiles <list>', 'annotation profiles honoured (default: all)')
    .option('--allow-pod-overrides', 'let pod annotations widen what escapes the proxy')
    .option('--log-file <path>', 'also append JSON log lines to this file (pre-installed plugins have no stderr)')
    .addOption(new Option('--log-level <level>', 'log level').choices(['debug', 'info', 'warn', 'error']).default('info'))
    .action(async (o: Record<string, unknown>) => {
      if (process.platform === 'win32') {
        throw new Error('containerd has no NRI on Windows: use hcnproxyctl as a chained CNI plugin there (see the README)');
      }
      const index = String(o.index);
      if (!/^[0-9]{2}$/.test(index)) throw new UsageError(`--index "${index}" must be two digits`);
      const name = String(o.name);
      if (!/^[a-zA-Z0-9_.+-]+$/.test(name)) throw new UsageError(`--name "${name}" may only hold letters, digits and _.+-`);
      const { runDaemon, parseSettingsDocument } = await import('../../nri/index.js');
      let fileSettings: Record<string, unknown> = {};
      if (typeof o.config === 'string') {
        let text: string;
        try {
          text = readFileSync(o.config, 'utf8');
        } catch (e) {
          throw new UsageError(`--config ${o.config}: ${(e as Error).message}`);
        }
        fileSettings = parseSettingsDocument(text, o.config);
      }
      // Pre-installed: containerd starts us with exactly NRI_PLUGIN_NAME, NRI_PLUGIN_IDX and NRI_PLUGIN_SOCKET.
      const fd = process.env.NRI_PLUGIN_SOCKET;
      const preinstalled = fd !== undefined && /^[0-9]+$/.test(fd);
      process.exitCode = await runDaemon({
        endpoint: preinstalled ? { fd: Number(fd) } : { socketPath: String(o.socket) },
        name: preinstalled ? (process.env.NRI_PLUGIN_NAME ?? name) : name,
        index: preinstalled ? (process.env.NRI_PLUGIN_IDX ?? index) : index,
        exitOnClose: preinstalled,
        fileSettings,
        flagSettings: collectFlags(o),
        logLevel: o.logLevel as 'debug' | 'info' | 'warn' | 'error',
        // A pre-installed plugin's stdout and stderr are the null device: log to a file.
        ...(typeof o.logFile === 'string' ? { logFile: o.logFile } : preinstalled ? { logFile: PREINSTALLED_LOG } : {}),
      });
    });
}
