// `hcnproxyctl explain`: why a pod's traffic would (not) go through its proxy — the decision the hooks
// would take (the pod path's own, src/pod/explain.ts), what became of each annotation, the policy, the
// nftables ruleset and the HNS policy it would write. Touches nothing; with --pod it reads the pod from
// the runtime (CRI) and compares with what is on the node.
import { Command } from 'commander';
import { renderL4WfpProxy } from '../../hns/l4wfpproxy.js';
import { comparePodOnNode, explainPod, type LivePod } from '../../pod/index.js';
import { livePod } from '../live-pod.js';
import { readPodInput, type PodInput } from '../pod-input.js';
import { readNodeInput } from '../settings-input.js';
import { explainText, type Explained } from '../explain-output.js';
import { UsageError } from '../errors.js';
import { addCriOptions, timeoutMsOf, type CriOptions } from '../cri-options.js';
import { out } from '../io.js';
import { outputOption, printJson, type OutputFormat } from '../output.js';
import { addSettingsFlags, flagSettings } from '../settings-flags.js';

interface Options extends CriOptions {
  annotations?: string;
  pod?: string;
  namespace?: string;
  conflist?: string;
  config?: string;
  output: OutputFormat;
}

/** The pod from the runtime: its annotations, namespace and where its network lives. */
async function podFromRuntime(id: string, o: Options): Promise<{ input: PodInput; live: LivePod }> {
  const live = await livePod(o, id);
  const name = live.name ? `${live.namespace ? `${live.namespace}/` : ''}${live.name}` : live.podSandboxId;
  const { annotations, namespace } = live;
  return {
    input: { annotations, ...(namespace ? { namespace } : {}), ...(live.name ? { name: live.name } : {}), source: `the runtime (pod ${name})` },
    live,
  };
}

export function explainCommand(): Command {
  const cmd = new Command('explain')
    .description("why a pod's traffic would (not) go through its proxy: the decision, each annotation's fate, the rules; touches nothing")
    .option('--annotations <file>', 'the pod: a JSON object of annotations, or a Kubernetes manifest (Pod or workload; JSON or YAML); - for stdin')
    .option('--pod <id>', 'the pod from the runtime (CRI): pod sandbox or container ID, or an unambiguous prefix; also compares with the node')
    .option('--namespace <ns>', "the pod's Kubernetes namespace, when the input does not say (for excludeNamespaces)")
    .option('--conflist <file>', 'node settings: the hcnproxyctl entry of this CNI conflist')
    .option('--config <file>', 'node settings: the NRI plugin settings file');
  addCriOptions(cmd, { use: 'for --pod', deadlines: 'CRI and nftables/HNS call' }).addOption(outputOption());
  addSettingsFlags(cmd);
  return cmd.action(async (o: Options & Record<string, unknown>) => {
    if ((o.annotations === undefined) === (o.pod === undefined)) throw new UsageError('give the pod: --annotations FILE (or -) or --pod ID');
    const timeoutMs = timeoutMsOf(o);
    const flags = flagSettings(o);
    const node = readNodeInput(o, flags);
    const live = o.pod ? await podFromRuntime(o.pod, o) : undefined;
    const pod = live?.input ?? (await readPodInput(o.annotations!, o.namespace));
    const explanation = await explainPod(node.settings, pod.annotations, pod.namespace);
    const result: Explained = {
      pod: { source: pod.source, ...(pod.namespace ? { namespace: pod.namespace } : {}) },
      node: { source: node.source },
      ...explanation,
    };
    if (explanation.decision === 'redirect') {
      const { loopbackAddresses, renderRuleset } = await import('../../nft/index.js');
      // Each backend has its own limits: a policy one of them cannot express is said, not thrown.
      try {
        result.nftables = renderRuleset(explanation.policy);
        const lo = loopbackAddresses(explanation.policy);
        if (lo.length > 0) result.loopbackAddresses = lo;
      } catch (e) {
        result.nftablesError = (e as Error).message;
      }
      try {
        result.hns = renderL4WfpProxy(explanation.policy);
      } catch (e) {
        result.hnsError = (e as Error).message;
      }
    }
    if (live) result.onNode = await comparePodOnNode(node.settings, explanation, live.live, Date.now() + timeoutMs);
    if (o.output === 'json') printJson(result);
    else out(explainText(result));
  });
}
