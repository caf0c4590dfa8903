// The executable's one entry. It picks the face — the CNI plugin when CNI_COMMAND is set (that is
// how a runtime calls a CNI plugin), the CLI otherwise — and loads only that face's modules.
// containerd starts a pre-installed NRI plugin with no arguments and NRI_PLUGIN_SOCKET set: that is
// the CLI's `nri` command.
async function main(): Promise<void> {
  if (process.env.CNI_COMMAND !== undefined) {
    const { runCni } = await import('./cni/skel.js');
    process.exitCode = await runCni();
    return;
  }
  const { runCli } = await import('./cli/program.js');
  const args = process.argv.slice(2);
  const preinstalledNri = args.length === 0 && process.env.NRI_PLUGIN_SOCKET !== undefined;
  process.exitCode = await runCli(preinstalledNri ? ['nri'] : args);
}

void main();
