// The CLI face: the program behind every command — the original tool's add, clear, list, lookup, version; explain and
// check; install-cni and uninstall-cni; nri (the NRI plugin daemon, hosted here) — each in commands/<name>.ts.
import { Command, CommanderError } from 'commander';
import { addCommand } from './commands/add.js';
import { checkCommand } from './commands/check.js';
import { clearCommand } from './commands/clear.js';
import { explainCommand } from './commands/explain.js';
import { installCniCommand } from './commands/install-cni.js';
import { listCommand } from './commands/list.js';
import { lookupCommand } from './commands/lookup.js';
import { nriCommand } from './commands/nri.js';
import { uninstallCniCommand } from './commands/uninstall-cni.js';
import { versionCommand } from './commands/version.js';
import { EXECUTABLE_NAME, versionText } from '../runtime/version.js';
import { describeFailure, EXIT_OK, EXIT_USAGE, oneLine } from './errors.js';
import { err, out } from './io.js';

export function buildProgram(): Command {
  const program = new Command(EXECUTABLE_NAME)
    .description("Redirect a pod's TCP traffic to its sidecar proxy: HNS L4WFPPROXY policies on Windows")
    .version(versionText().trim(), '-V, --version', 'print the version')
    .showHelpAfterError('(run "hcnproxyctl help" for usage)')
    .configureOutput({ writeOut: out, writeErr: err })
    .exitOverride();
  for (const cmd of [
    addCommand(),
    listCommand(),
    clearCommand(),
    lookupCommand(),
    explainCommand(),
    checkCommand(),
    nriCommand(),
    installCniCommand(),
    uninstallCniCommand(),
    versionCommand(),
  ]) {
    cmd.configureOutput({ writeOut: out, writeErr: err }).exitOverride().showHelpAfterError(`(run "hcnproxyctl help ${cmd.name()}" for usage)`);
    program.addCommand(cmd);
  }
  return program;
}

/** Runs the CLI and returns the exit code; never throws. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv], { from: 'user' });
    // A command whose answer is a verdict (check) sets the code itself.
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT_OK;
  } catch (e) {
    if (e instanceof CommanderError) {
      // commander already printed its message (and the hint); help and version exit 0.
      return e.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    const { message, exitCode } = describeFailure(e);
    err(`hcnproxyctl: ${oneLine(message)}\n`);
    return exitCode;
  }
}
