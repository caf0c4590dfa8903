// The executable's one entry. It picks the face — the CNI plugin when CNI_COMMAND is set (that is
// how a runtime calls a CNI plugin), the CLI otherwise — and loads only that face's modules.
// containerd starts a pre-installed NRI plugin with no arguments and NRI_PLUGIN_SOCKET set: that is
// the CLI's `nri` command.
import { writeFd } from './runtime/fd-io.js';
import { leaveIfStranded } from './runtime/native-calls.js';
import { guardStdioOnWindows } from './runtime/stdio-guard.js';
import { versionText } from './runtime/version.js';

/**
 * `hcnproxyctl version` (exactly that) answers without loading the CLI bundle (commander and every
 * command): installers and health checks call it, and it is the single executable's start-up gauge.
 * The text is the CLI's own `version` output (test/integration/sea.test.ts compares the two).
 */
function fastVersion(args: readonly string[]): boolean {
  if (args.length !== 1 || args[0] !== 'version') return false;
  writeFd(1, versionText());
  return true;
}

async function main(): Promise<void> {
  guardStdioOnWindows();
  if (process.env.CNI_COMMAND !== undefined) {
    const { runCni } = await import('./cni/index.js');
    process.exitCode = await runCni();
    await leaveIfStranded(process.exitCode);
    return;
  }
  const args = process.argv.slice(2);
  if (fastVersion(args)) return;
  const { runCli } = await import('./cli/program.js');
  const preinstalledNri = args.length === 0 && process.env.NRI_PLUGIN_SOCKET !== undefined;
  process.exitCode = await runCli(preinstalledNri ? ['nri'] : args);
  await leaveIfStranded(process.exitCode);
}

void main();
