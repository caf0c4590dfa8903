// The executable's one entry. It picks the face — the CNI plugin when CNI_COMMAND is set (that is
// how a runtime calls a CNI plugin), the CLI otherwise — and loads only that face's modules.
async function main(): Promise<void> {
  if (process.env.CNI_COMMAND !== undefined) {
    const { runCni } = await import('./cni/skel.js');
    process.exitCode = await runCni();
    return;
  }
  const { runCli } = await import('./cli/program.js');
  process.exitCode = await runCli(process.argv.slice(2));
}

void main();
