import { Command } from 'commander';
import { formatIpNet } from '../../policy/addresses.js';
import type { Exceptions, ProxyPolicy } from '../../policy/model.js';
import { formatPortRange } from '../../policy/ports.js';
import type { ListedProxyPolicy } from '../../hns/index.js';
import { endpointArg } from '../endpoint-arg.js';
import { loadHns } from '../hns-feature.js';
import { out } from '../io.js';
import { outputOption, printJson, type OutputFormat } from '../output.js';

function exceptionsText(ex: Exceptions): string {
  const parts: string[] = [];
  if (ex.ports.length > 0) parts.push(`ports ${ex.ports.map(formatPortRange).join(', ')}`);
  if (ex.nets.length > 0) parts.push(`addresses ${ex.nets.map(formatIpNet).join(', ')}`);
  return parts.length > 0 ? parts.join('; ') : 'none';
}

function policyLines(p: ProxyPolicy): string[] {
  const rows: [string, string][] = [
    ['inbound proxy port', p.inboundPort !== undefined ? String(p.inboundPort) : 'none (inbound not redirected)'],
    ['outbound proxy port', p.outboundPort !== undefined ? String(p.outboundPort) : 'none (outbound not redirected)'],
    ['protocol', 'TCP (6)'],
    ['exempt user SID', p.identity.windowsSid ?? 'none'],
    ['inbound exceptions', exceptionsText(p.inboundExceptions)],
    ['outbound exceptions', exceptionsText(p.outboundExceptions)],
  ];
  const f = p.filter;
  if (f.localAddresses) rows.push(['local addresses', f.localAddresses]);
  if (f.remoteAddresses) rows.push(['remote addresses', f.remoteAddresses]);
  if (f.localPorts) rows.push(['local ports', f.localPorts]);
  if (f.remotePorts) rows.push(['remote ports', f.remotePorts]);
  if (f.priority) rows.push(['priority', String(f.priority)]);
  return rows.map(([k, v]) => `  ${`${k}:`.padEnd(22)}${v}`);
}

export function formatPolicies(endpoint: string, listed: readonly ListedProxyPolicy[]): string {
  if (listed.length === 0) return `No L4WFPPROXY policy on endpoint ${endpoint}\n`;
  const lines = [`Endpoint ${endpoint}: ${listed.length} L4WFPPROXY ${listed.length === 1 ? 'policy' : 'policies'}`];
  listed.forEach((l, i) => {
    lines.push(`Policy ${i + 1}:`);
    if (l.policy) lines.push(...policyLines(l.policy));
    else lines.push(`  (settings not understood: ${l.problem ?? 'unknown'})`, `  raw: ${JSON.stringify(l.raw.Settings)}`);
  });
  return `${lines.join('\n')}\n`;
}

export function listCommand(): Command {
  return new Command('list')
    .description('show the L4WFPPROXY policies of an HNS endpoint')
    .argument('<endpoint-id>', 'HNS endpoint ID (GUID)')
    .addOption(outputOption())
    .action(async (id: string, opts: { output: OutputFormat }) => {
      const endpoint = endpointArg(id);
      const listed = (await loadHns()).listProxyPolicies(endpoint);
      if (opts.output === 'json') printJson({ endpoint, policies: listed.map((l) => l.raw) });
      else out(formatPolicies(endpoint, listed));
    });
}
