// The `add` command's flags: the original tool's (--port, --usersid, --localaddr, --remoteaddr,
// --localports, --remoteports, --priority) and ours, mapped onto the policy input.
import type { Command } from 'commander';
import type { PolicyInput } from '../policy/input.js';

interface FlagSpec {
  flag: string;
  field: keyof PolicyInput;
  help: string;
}

const FLAGS: FlagSpec[] = [
  { flag: 'port', field: 'port', help: 'proxy port (the original tool\'s single port): redirects outbound TCP, same as --outbound-port' },
  { flag: 'inbound-port', field: 'inboundPort', help: 'port the proxy listens on for connections into the pod' },
  { flag: 'outbound-port', field: 'outboundPort', help: 'port the proxy listens on for connections leaving the pod' },
  { flag: 'usersid', field: 'proxySid', help: 'SID whose traffic is not redirected (the proxy\'s user or group; "system" = S-1-5-18)' },
  { flag: 'localaddr', field: 'localAddresses', help: 'only redirect connections with this local IPv4 address or CIDR' },
  { flag: 'remoteaddr', field: 'remoteAddresses', help: 'only redirect connections to this remote IPv4 address or CIDR' },
  { flag: 'localports', field: 'localPorts', help: 'only redirect connections with this local port or range (A-B)' },
  { flag: 'remoteports', field: 'remotePorts', help: 'only redirect connections to this remote port or range (A-B)' },
  { flag: 'priority', field: 'priority', help: 'WFP filter priority, 1-65535 (0 or absent: HNS default)' },
  { flag: 'exclude-ports', field: 'excludePorts', help: 'ports not redirected in either direction (comma-separated; ranges A-B)' },
  { flag: 'exclude-ips', field: 'excludeIps', help: 'IPv4 addresses/CIDRs not redirected in either direction' },
  { flag: 'inbound-exclude-ports', field: 'inboundExcludePorts', help: 'local ports whose inbound connections are not redirected' },
  { flag: 'outbound-exclude-ports', field: 'outboundExcludePorts', help: 'remote ports whose outbound connections are not redirected' },
  { flag: 'inbound-exclude-ips', field: 'inboundExcludeIps', help: 'source addresses/CIDRs whose inbound connections are not redirected' },
  { flag: 'outbound-exclude-ips', field: 'outboundExcludeIps', help: 'destination addresses/CIDRs whose outbound connections are not redirected' },
];

const FLAG_OF_FIELD = new Map<string, string>(FLAGS.map((f) => [f.field, `--${f.flag}`]));

/** The CLI spelling of a policy input field, for error messages. */
export function flagFor(field: string): string {
  return FLAG_OF_FIELD.get(field) ?? field;
}

const camel = (flag: string) => flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

export function addPolicyFlags(cmd: Command): Command {
  for (const f of FLAGS) cmd.option(`--${f.flag} <value>`, f.help);
  return cmd;
}

/** Reads the parsed options into a policy input (validation happens in buildPolicy). */
export function policyInputFromFlags(opts: Record<string, unknown>): PolicyInput {
  const input: PolicyInput = {};
  for (const f of FLAGS) {
    const v = opts[camel(f.flag)];
    if (typeof v === 'string') (input as Record<string, string>)[f.field] = v;
  }
  return input;
}
