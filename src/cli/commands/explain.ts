// `hcnproxyctl explain`: why a pod's traffic would (not) go through its proxy — the decision the hooks
// would take (the pod path's own, src/pod/explain.ts), what became of each annotation, the policy, the
// nftables ruleset and the HNS policy it would write. Touches nothing; with --pod it reads the pod from
// the runtime (CRI) and compares with what is on the node.
import { Command } from 'commander';
import { renderL4WfpProxy } from '../../hns/l4wfpproxy.js';
import { explainPod } from '../../pod/index.js';
import { readNodeInput, readPodInput, type PodInput } from '../explain-input.js';
import { explainText, type Explained } from '../explain-output.js';
import { UsageError } from '../errors.js';
import { out } from '../io.js';
import { outputOption, printJson, type OutputFormat } from '../output.js';
import { addSettingsFlags, flagSettings } from '../settings-flags.js';

interface Options {
  annotations?: string;
  pod?: string;
  namespace?: string;
  conflist?: string;
  config?: string;
  runtimeEndpoint?: string;
  timeout: string;
  output: OutputFormat;
}

/** The pod from the runtime: its annotations, namespace and where its network lives. */
async function podFromRuntime(id: string, o: Options): Promise<{ input: PodInput; netns?: string; hostNetwork: boolean; podSandboxId: string }> {
  const cri = await import('../../cri/index.js');
  const client = cri.createCriClient(o.runtimeEndpoint ?? cri.defaultEndpoint(), { timeoutMs: Number(o.timeout) });
  try {
    const p = await cri.podNetwork(client, id);
    const name = p.podName ? `${p.podNamespace ? `${p.podNamespace}/` : ''}${p.podName}` : p.podSandboxId;
    const netns = p.netnsPath ?? p.hnsNamespace;
    return {
      input: {
        annotations: p.annotations,
        ...(p.podNamespace ? { namespace: p.podNamespace } : {}),
        ...(p.podName ? { name: p.podName } : {}),
        source: `the runtime (pod ${name})`,
      },
      ...(netns ? { netns } : {}),
      hostNetwork: p.hostNetwork,
      podSandboxId: p.podSandboxId,
    };
  } finally {
    client.close();
  }
}

export function explainCommand(): Command {
  const cmd = new Command('explain')
    .description("why a pod's traffic would (not) go through its proxy: the decision, each annotation's fate, the rules; touches nothing")
    .option('--annotations <file>', 'the pod: a JSON object of annotations, or a Kubernetes manifest (Pod or workload; JSON or YAML); - for stdin')
    .option('--pod <id>', 'the pod from the runtime (CRI): pod sandbox or container ID, or an unambiguous prefix; also compares with the node')
    .option('--namespace <ns>', "the pod's Kubernetes namespace, when the input does not say (for excludeNamespaces)")
    .option('--conflist <file>', 'node settings: the hcnproxyctl entry of this CNI conflist')
    .option('--config <file>', 'node settings: the NRI plugin settings file')
    .option(
      '--runtime-endpoint <endpoint>',
      'CRI endpoint for --pod (default unix:///run/containerd/containerd.sock, npipe:////./pipe/containerd-containerd on Windows)',
    )
    .option('--timeout <ms>', 'deadline for each CRI and nftables/HNS call in milliseconds', '10000')
    .addOption(outputOption());
  addSettingsFlags(cmd);
  return cmd.action(async (o: Options & Record<string, unknown>) => {
    if ((o.annotations === undefined) === (o.pod === undefined)) throw new UsageError('give the pod: --annotations FILE (or -) or --pod ID');
    const timeoutMs = Number(o.timeout);
    if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) throw new UsageError(`--timeout "${o.timeout}" is not a positive number of milliseconds`);
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
    if (live) {
      const { comparePodOnNode } = await import('../explain-live.js');
      result.onNode = await comparePodOnNode(
        node.settings,
        explanation,
        { ...live, annotations: pod.annotations, namespace: pod.namespace },
        Date.now() + timeoutMs,
      );
    }
    if (o.output === 'json') printJson(result);
    else out(explainText(result));
  });
}
