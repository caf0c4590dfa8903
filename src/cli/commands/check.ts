// `hcnproxyctl check`, the node doctor, as a command: is a hook installed (the CNI face's state,
// cni/install/hook-state.ts; the NRI face's presence, nri/presence.ts), can rules be written here (the
// backend's status), and is every running pod redirected as the hooks would do it (pod/inspect.ts,
// `--fix` applies the hooks' own ADD). Prints a summary and a table (check-report.ts) or JSON; exit 0
// when all is well, 1 when something needs attention (after --fix, if given).
import { Command } from 'commander';
import { DEFAULT_BIN_DIR, DEFAULT_CONF_DIR } from '../../cni/install/defaults.js';
import { cniHookState } from '../../cni/install/hook-state.js';
import { askReadiness, findNriPlugins } from '../../nri/presence.js';
import { DEFAULT_NRI_PLUGIN_PATH } from '../../nri/defaults.js';
import { inspectionOk, inspectPod, podBackend, quiet, type PodInspection } from '../../pod/index.js';
import { reportText, type CheckReport, type HookState } from '../check-report.js';
import { addCriOptions, timeoutMsOf, type CriOptions } from '../cri-options.js';
import { EXIT_FAILURE } from '../errors.js';
import { out } from '../io.js';
import { readyLivePods } from '../live-pod.js';
import { outputOption, printJson, type OutputFormat } from '../output.js';
import { entrySettings, readNodeInput } from '../settings-input.js';
import { addSettingsFlags, flagSettings } from '../settings-flags.js';

interface Options extends CriOptions {
  confDir: string;
  binDir: string;
  nriPluginPath: string;
  conflist?: string;
  config?: string;
  fix?: boolean;
  output: OutputFormat;
}

export function checkCommand(): Command {
  const cmd = new Command('check')
    .description('node doctor: is a hook installed, can rules be written, and is every running pod redirected as the hooks would do it')
    .option('--conf-dir <dir>', 'CNI configuration directory (the file containerd would pick is checked)', DEFAULT_CONF_DIR)
    .option('--bin-dir <dir>', 'CNI plugin directory', DEFAULT_BIN_DIR)
    .option('--nri-plugin-path <dir>', "containerd's NRI plugin path (pre-installed plugins)", DEFAULT_NRI_PLUGIN_PATH)
    .option('--conflist <file>', "node settings: this conflist's hcnproxyctl entry (default: the entry found in --conf-dir)")
    .option('--config <file>', 'node settings: the NRI plugin settings file');
  addCriOptions(cmd, { deadlines: 'CRI and nftables/HNS call' })
    .option('--fix', 'apply the redirect of every opted-in pod whose rules are missing or differ (the hooks’ own ADD)')
    .addOption(outputOption());
  addSettingsFlags(cmd);
  return cmd.action(async (o: Options & Record<string, unknown>) => {
    const timeoutMs = timeoutMsOf(o);
    const cni = cniHookState(o.confDir, [o.binDir]);
    const hook: HookState = { cni: cni.state, nri: findNriPlugins(o.nriPluginPath), installed: false };
    await askReadiness(hook.nri.plugins, Math.min(timeoutMs, 3000));
    // An NRI plugin counts when it says it is registered and synchronized, or when it cannot be asked (no metrics).
    const nriServing = hook.nri.plugins.some((p) => p.ready !== false);
    hook.installed = (hook.cni.entry && hook.cni.binary !== undefined) || nriServing || hook.nri.preinstalled !== undefined;
    const flags = flagSettings(o);
    // Without --conflist or --config: the settings the CNI hook runs with, its entry in the active configuration.
    const settings = o.conflist || o.config || !cni.entry ? readNodeInput(o, flags).settings : entrySettings(cni.entry, flags, hook.cni.file!);
    const deadline = () => Date.now() + timeoutMs;
    const status = await podBackend(settings, '', quiet).status(deadline());
    const rules = status.ok ? { ok: true, detail: status.detail } : { ok: false, detail: status.reason };

    const pods: PodInspection[] = [];
    for (const live of await readyLivePods(o)) pods.push(await inspectPod(settings, live, o.fix === true, deadline()));
    pods.sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`));
    const report: CheckReport = { hook, rules, pods, ok: hook.installed && rules.ok && pods.every(inspectionOk) };
    if (o.output === 'json') printJson(report);
    else out(reportText(report));
    if (!report.ok) process.exitCode = EXIT_FAILURE;
  });
}
