import { Command, Option } from 'commander';
import type { LookupResult } from '../../lookup/index.js';
import { addCriOptions, timeoutMsOf, type CriOptions } from '../cri-options.js';
import { out } from '../io.js';
import { outputOption, printJson, type OutputFormat } from '../output.js';

function text(r: LookupResult): string {
  // Windows: the endpoint IDs, comma-separated, as the original tool printed them.
  if (r.hnsNamespace) {
    if (!r.endpointIds || r.endpointIds.length === 0) throw new Error('could not find an endpoint attached to that container');
    return `${r.endpointIds.join(',')}\n`;
  }
  const rows: [string, string][] = [];
  if (r.containerId) rows.push(['container', r.containerId]);
  rows.push(['pod sandbox', r.podSandboxId]);
  if (r.podName) rows.push(['pod', `${r.podNamespace ? `${r.podNamespace}/` : ''}${r.podName}`]);
  rows.push(['network', r.hostNetwork ? 'host network (no pod network namespace: nothing to redirect)' : (r.netnsPath ?? 'unknown')]);
  rows.push(['pod IPs', r.podIps.join(', ') || 'none']);
  if (r.redirect) {
    rows.push([
      'redirect',
      'unknown' in r.redirect ? `unknown (${r.redirect.unknown})` : r.redirect.present ? `present (table ${r.redirect.table})` : 'absent',
    ]);
  }
  return rows.map(([k, v]) => `${`${k}:`.padEnd(13)}${v}\n`).join('');
}

export function lookupCommand(): Command {
  const cmd = new Command('lookup')
    .description("find a container's (or pod sandbox's) network: HNS endpoint IDs on Windows; netns, IPs and redirect state on Linux")
    .argument('<container-id>', 'container or pod sandbox ID, or an unambiguous prefix');
  return addCriOptions(cmd, { deadlines: 'CRI call' })
    .addOption(new Option('--runtimeendpoint <endpoint>', "the original tool's spelling of --runtime-endpoint").hideHelp())
    .addOption(outputOption())
    .action(async (id: string, opts: CriOptions & { runtimeendpoint?: string; output: OutputFormat }) => {
      const timeoutMs = timeoutMsOf(opts);
      const { lookup } = await import('../../lookup/index.js');
      const endpoint = opts.runtimeEndpoint ?? opts.runtimeendpoint;
      const r = await lookup(id, { ...(endpoint ? { endpoint } : {}), timeoutMs });
      if (opts.output === 'json') printJson(r);
      else out(text(r));
    });
}
