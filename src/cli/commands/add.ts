import { Command } from 'commander';
import { buildPolicy } from '../../policy/build.js';
import type { ProxyPolicy } from '../../policy/model.js';
import { checkHnsLimits, renderL4WfpProxy } from '../../hns/model.js';
import { endpointArg } from '../endpoint-arg.js';
import { loadHns } from '../hns-feature.js';
import { err, out } from '../io.js';
import { outputOption, printJson, type OutputFormat } from '../output.js';
import { addPolicyFlags, policyInputFromFlags } from '../policy-flags.js';

const MESSAGES = {
  added: 'Successfully added the policy',
  unchanged: 'The policy is already on the endpoint: nothing changed',
  replaced: 'Successfully replaced the existing policy',
} as const;

const hasExceptions = (p: ProxyPolicy): boolean => [p.inboundExceptions, p.outboundExceptions].some((e) => e.ports.length > 0 || e.nets.length > 0);

export function addCommand(): Command {
  const cmd = new Command('add')
    .description('add an L4WFPPROXY policy to an HNS endpoint (redirect its TCP traffic to a proxy)')
    .argument('<endpoint-id>', 'HNS endpoint ID (GUID)')
    .option('--replace', 'replace a different L4WFPPROXY policy already on the endpoint')
    .addOption(outputOption());
  addPolicyFlags(cmd, 'add');
  cmd.action(async (id: string, opts: Record<string, unknown>) => {
    const endpoint = endpointArg(id);
    const policy = buildPolicy(policyInputFromFlags(opts, 'add'));
    checkHnsLimits(policy);
    if (policy.outboundPort !== undefined && !policy.identity.windowsSid) {
      err("hcnproxyctl: warning: no --usersid: the proxy's own outbound connections will be redirected back to it\n");
    }
    const hns = await loadHns();
    if (hasExceptions(policy)) {
      const v = hns.version();
      if (v.Major === 13 && v.Minor === 2) {
        err(
          'hcnproxyctl: warning: this host runs HNS 13.2, the first with L4WFPPROXY; Microsoft documents the exception lists (InboundExceptions/OutboundExceptions) only from HCN schema 2.14, so this host may ignore them: check that excluded traffic really bypasses the proxy\n',
        );
      }
    }
    const outcome = hns.addProxyPolicy(endpoint, policy, { replace: opts.replace === true });
    if ((opts.output as OutputFormat) === 'json') {
      printJson({ endpoint, result: outcome, policy: renderL4WfpProxy(policy) });
    } else {
      out(`${MESSAGES[outcome]}\n`);
    }
  });
  return cmd;
}
