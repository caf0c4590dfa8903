// The node-settings flags shared by `nri` (the daemon's settings) and `explain` (the node it explains
// for): the keys of the CNI conflist entry / NRI --config file, as flags, turned into the same document.
import { Option, type Command } from 'commander';
import { addPolicyFlags, policyInputFromFlags } from './policy-flags.js';

const list = (text: string): string[] =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** Adds --fail-open, --profiles, --allow-pod-overrides, --exclude-namespaces, --nft-mode and the policy flags. */
export function addSettingsFlags(cmd: Command): Command {
  cmd
    .option('--fail-open', 'when a redirect cannot be applied, log it and let the pod start (default: the pod fails to start)')
    .option('--profiles <list>', 'annotation profiles honoured (default: all)')
    .option('--allow-pod-overrides', 'let pod annotations widen what escapes the proxy')
    .option('--exclude-namespaces <list>', 'Kubernetes namespaces whose pods are never touched (default: kube-system; "" = none)')
    .addOption(
      new Option('--nft-mode <mode>', 'how rules are written: auto (libnftables in-process, else nsenter + nft), libnftables, exec').choices([
        'auto',
        'libnftables',
        'exec',
      ]),
    );
  return addPolicyFlags(cmd, 'nri');
}

/** The flags as one settings document, the same keys as the --config file (src/pod/settings.ts). */
export function flagSettings(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const policy = policyInputFromFlags(o, 'nri');
  if (Object.keys(policy).length > 0) out.policy = policy;
  if (typeof o.profiles === 'string') out.profiles = list(o.profiles);
  if (o.allowPodOverrides === true) out.allowPodOverrides = true;
  if (o.failOpen === true) out.failOpen = true;
  if (typeof o.excludeNamespaces === 'string') out.excludeNamespaces = list(o.excludeNamespaces);
  if (typeof o.nftMode === 'string') out.nftMode = o.nftMode;
  if (typeof o.logFile === 'string') out.logFile = o.logFile;
  if (typeof o.logLevel === 'string') out.logLevel = o.logLevel;
  return out;
}
