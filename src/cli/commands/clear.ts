import { Command } from 'commander';
import { endpointArg } from '../endpoint-arg.js';
import { loadHns } from '../hns-feature.js';
import { out } from '../io.js';
import { outputOption, printJson, type OutputFormat } from '../output.js';

export function clearCommand(): Command {
  return new Command('clear')
    .description('remove every L4WFPPROXY policy from an HNS endpoint (other policies are kept)')
    .argument('<endpoint-id>', 'HNS endpoint ID (GUID)')
    .addOption(outputOption())
    .action(async (id: string, opts: { output: OutputFormat }) => {
      const endpoint = endpointArg(id);
      const removed = (await loadHns()).clearProxyPolicies(endpoint);
      if (opts.output === 'json') printJson({ endpoint, removed });
      else out(`Removed ${removed} policies\n`); // the original tool's wording, kept for scripts
    });
}
