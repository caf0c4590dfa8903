// `hcnproxyctl check`: the node doctor (src/cli/node-check.ts) as a command — a summary and a table,
// or JSON; exit 0 when all is well, 1 when something needs attention (after --fix, if given).
import { Command } from 'commander';
import { readNodeInput } from '../explain-input.js';
import { askReadiness, checkOnePod, cniHook, nriHook, type CheckReport, type NriProcess, type PodRow } from '../node-check.js';
import { EXIT_FAILURE, UsageError } from '../errors.js';
import { addCriOptions, timeoutMsOf, type CriOptions } from '../cri-options.js';
import { out } from '../io.js';
import { outputOption, printJson, type OutputFormat } from '../output.js';
import { addSettingsFlags, flagSettings } from '../settings-flags.js';
import { DEFAULT_CONF_DIR } from './install-cni.js';
import { PLUGIN_TYPE } from '../../cni/install/conflist.js';
import { mergeSettingsDocuments, parsePodSettings, podBackend, quiet, SettingsError } from '../../pod/index.js';
import { readyLivePods } from '../live-pod.js';

const DEFAULT_BIN_DIR = process.platform === 'win32' ? 'C:\\Program Files\\containerd\\cni\\bin' : '/opt/cni/bin';
const DEFAULT_NRI_PLUGIN_PATH = '/opt/nri/plugins';

interface Options extends CriOptions {
  confDir: string;
  binDir: string;
  nriPluginPath: string;
  conflist?: string;
  config?: string;
  fix?: boolean;
  output: OutputFormat;
}

function rowCells(r: PodRow): string[] {
  const decision = r.decision === 'redirect' ? `redirect (${r.profile})` : r.decision === 'skip' ? 'not redirected' : r.decision;
  const onNode = r.fixed === true ? `${r.onNode} → fixed` : r.fixed === false ? `${r.onNode} → fix failed` : r.onNode;
  const why = r.detail ?? r.reason ?? '';
  return [`${r.namespace}/${r.name}`, r.id.slice(0, 13), decision, onNode, why];
}

function table(rows: readonly string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => `  ${r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')}`.trimEnd()).join('\n');
}

const nriText = (p: NriProcess): string =>
  `pid ${p.pid} ${p.ready === undefined ? 'running (connection unknown: it serves no --metrics-address)' : p.ready ? 'registered with containerd and synchronized' : `NOT READY: ${p.readiness ?? ''}`}`;

export function reportText(r: CheckReport): string {
  const cni = r.hook.cni;
  const lines = [
    'hook:',
    `  CNI  ${cni.file ? `${cni.file}: ${cni.entry ? `${PLUGIN_TYPE} entry present` : 'no hcnproxyctl entry'}` : 'no configuration'}${cni.binary ? `; executable ${cni.binary}` : ''}${cni.problem ? ` (${cni.problem})` : ''}`,
    `  NRI  ${r.hook.nri.plugins.length > 0 ? r.hook.nri.plugins.map(nriText).join('; ') : 'not running'}${r.hook.nri.preinstalled ? `; pre-installed ${r.hook.nri.preinstalled}` : ''}`,
    `rules: ${r.rules.ok ? r.rules.detail : `NOT AVAILABLE: ${r.rules.detail}`}`,
  ];
  const count = (f: (p: PodRow) => boolean) => r.pods.filter(f).length;
  lines.push(
    `pods: ${r.pods.length} running: ${count((p) => p.onNode === 'in place')} in place, ${count((p) => p.onNode === 'missing')} missing, ${count((p) => p.onNode === 'differs')} differ, ${count((p) => p.decision !== 'redirect')} not redirected${count((p) => p.fixed === true) > 0 ? `, ${count((p) => p.fixed === true)} fixed` : ''}`,
  );
  if (r.pods.length > 0) lines.push(table([['POD', 'ID', 'DECISION', 'ON THE NODE', 'WHY'], ...r.pods.map(rowCells)]));
  lines.push(`result: ${r.ok ? 'ok' : 'needs attention'}`);
  return `${lines.join('\n')}\n`;
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
    const cni = cniHook(o.confDir, [o.binDir]);
    const hook = { cni: cni.state, nri: nriHook(o.nriPluginPath), installed: false };
    await askReadiness(hook.nri.plugins, Math.min(timeoutMs, 3000));
    // An NRI plugin counts when it says it is registered and synchronized, or when it cannot be asked (no metrics).
    const nriServing = hook.nri.plugins.some((p) => p.ready !== false);
    hook.installed = (hook.cni.entry && hook.cni.binary !== undefined) || nriServing || hook.nri.preinstalled !== undefined;
    const flags = flagSettings(o);
    let settings;
    if (o.conflist || o.config || !cni.entry) {
      settings = readNodeInput(o, flags).settings;
    } else {
      // The settings the CNI hook runs with: its entry in the active configuration.
      try {
        settings = parsePodSettings(mergeSettingsDocuments([cni.entry, flags]));
      } catch (e) {
        if (e instanceof SettingsError) throw new UsageError(`${hook.cni.file}: ${e.message}`);
        throw e;
      }
    }
    const deadline = () => Date.now() + timeoutMs;
    const status = await podBackend(settings, '', quiet).status(deadline());
    const rules = status.ok ? { ok: true, detail: status.detail } : { ok: false, detail: status.reason };

    const pods: PodRow[] = [];
    for (const live of await readyLivePods(o)) pods.push(await checkOnePod(settings, live, o.fix === true, deadline()));
    pods.sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`));
    const podsOk = pods.every((p) => p.onNode === 'in place' || p.onNode === 'not applicable' || p.fixed === true);
    const report: CheckReport = { hook, rules, pods, ok: hook.installed && rules.ok && podsOk };
    if (o.output === 'json') printJson(report);
    else out(reportText(report));
    if (!report.ok) process.exitCode = EXIT_FAILURE;
  });
}
