// One table of the policy flags, for `add` (the original tool's --port, --usersid, --localaddr,
// --remoteaddr, --localports, --remoteports, --priority, and ours) and `nri` (the node's defaults on
// Linux). Each flag maps onto one policy input key; older spellings stay as hidden aliases.
import { Option, type Command } from 'commander';
import type { PolicyInput } from '../policy/input.js';
import { UsageError } from './usage-error.js';

export type PolicyFlagCommand = 'add' | 'nri';

interface FlagSpec {
  flag: string;
  field: keyof PolicyInput;
  help: string;
  commands: readonly PolicyFlagCommand[];
  /** Accepted, not shown in help (the `nri` command's first spellings). */
  aliases?: readonly string[];
}

const BOTH: readonly PolicyFlagCommand[] = ['add', 'nri'];

const FLAGS: readonly FlagSpec[] = [
  { flag: 'port', field: 'port', commands: ['add'], help: "proxy port (the original tool's single port): inbound and outbound TCP are redirected to it" },
  {
    flag: 'inbound-port',
    field: 'inboundPort',
    commands: BOTH,
    help: 'port the proxy listens on for connections into the pod (overrides --port; "none": not redirected)',
  },
  {
    flag: 'outbound-port',
    field: 'outboundPort',
    commands: BOTH,
    help: 'port the proxy listens on for connections leaving the pod (overrides --port; "none": not redirected)',
  },
  { flag: 'usersid', field: 'proxySid', commands: ['add'], help: 'SID whose traffic is not redirected (the proxy\'s user or group; "system" = S-1-5-18)' },
  { flag: 'proxy-uid', field: 'proxyUid', commands: ['nri'], help: 'UID of the proxy, whose own traffic is not redirected' },
  { flag: 'proxy-gid', field: 'proxyGid', commands: ['nri'], help: 'GID of the proxy, whose own traffic is not redirected' },
  { flag: 'localaddr', field: 'localAddresses', commands: ['add'], help: 'only redirect connections with this local IPv4 address or CIDR' },
  { flag: 'remoteaddr', field: 'remoteAddresses', commands: ['add'], help: 'only redirect connections to this remote IPv4 address or CIDR' },
  { flag: 'localports', field: 'localPorts', commands: ['add'], help: 'only redirect connections with these local ports or ranges (comma-separated; A-B)' },
  { flag: 'remoteports', field: 'remotePorts', commands: ['add'], help: 'only redirect connections to these remote ports or ranges (comma-separated; A-B)' },
  { flag: 'priority', field: 'priority', commands: ['add'], help: 'WFP filter priority, 1-65535 (0 or absent: HNS default)' },
  { flag: 'exclude-ports', field: 'excludePorts', commands: BOTH, help: 'ports not redirected in either direction (comma-separated; ranges A-B)' },
  { flag: 'exclude-ips', field: 'excludeIps', commands: BOTH, help: 'addresses/CIDRs not redirected in either direction' },
  {
    flag: 'inbound-exclude-ports',
    field: 'inboundExcludePorts',
    commands: BOTH,
    aliases: ['exclude-inbound-ports'],
    help: 'local ports whose inbound connections are not redirected',
  },
  {
    flag: 'outbound-exclude-ports',
    field: 'outboundExcludePorts',
    commands: BOTH,
    aliases: ['exclude-outbound-ports'],
    help: 'remote ports whose outbound connections are not redirected',
  },
  {
    flag: 'inbound-exclude-ips',
    field: 'inboundExcludeIps',
    commands: BOTH,
    aliases: ['exclude-inbound-ips'],
    help: 'source addresses/CIDRs whose inbound connections are not redirected',
  },
  {
    flag: 'outbound-exclude-ips',
    field: 'outboundExcludeIps',
    commands: BOTH,
    aliases: ['exclude-outbound-ips'],
    help: 'destination addresses/CIDRs whose outbound connections are not redirected',
  },
  {
    flag: 'inbound-include-ports',
    field: 'inboundIncludePorts',
    commands: ['nri'],
    help: '"*" (default): every port; a list: only these ports are redirected inbound',
  },
  {
    flag: 'outbound-include-ports',
    field: 'outboundIncludePorts',
    commands: ['nri'],
    help: 'destination ports always redirected outbound, whatever the address',
  },
  {
    flag: 'outbound-include-ips',
    field: 'outboundIncludeIps',
    commands: ['nri'],
    help: '"*" (default): every destination; a list: only these are redirected outbound',
  },
  { flag: 'dns-capture-port', field: 'dnsCapturePort', commands: ['nri'], help: 'capture DNS (UDP and TCP 53) to this port' },
];

const FLAG_OF_FIELD = new Map<string, string>(FLAGS.map((f) => [f.field, `--${f.flag}`]));

/** The CLI spelling of a policy input field, for error messages. */
export function flagFor(field: string): string {
  return FLAG_OF_FIELD.get(field) ?? field;
}

const camel = (flag: string) => flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** Adds the command's policy flags (and their hidden aliases). */
export function addPolicyFlags(cmd: Command, command: PolicyFlagCommand): Command {
  for (const f of FLAGS) {
    if (!f.commands.includes(command)) continue;
    cmd.option(`--${f.flag} <value>`, f.help);
    for (const alias of f.aliases ?? []) cmd.addOption(new Option(`--${alias} <value>`).hideHelp());
  }
  return cmd;
}

/** Reads the parsed options into a policy input (validation happens in buildPolicy). */
export function policyInputFromFlags(opts: Record<string, unknown>, command: PolicyFlagCommand): PolicyInput {
  const input: Record<string, string> = {};
  for (const f of FLAGS) {
    if (!f.commands.includes(command)) continue;
    const given = [f.flag, ...(f.aliases ?? [])].filter((name) => typeof opts[camel(name)] === 'string');
    const values = new Set(given.map((name) => opts[camel(name)] as string));
    if (values.size > 1) throw new UsageError(`${given.map((n) => `--${n}`).join(' and ')} say different things: give one`);
    if (given.length > 0) input[f.field] = opts[camel(given[0]!)] as string;
  }
  return input as PolicyInput;
}
