import { Command } from 'commander';
import { versionInfo, versionText } from '../../runtime/version.js';
import { out } from '../io.js';
import { outputOption, printJson, type OutputFormat } from '../output.js';

export function versionCommand(): Command {
  return new Command('version')
    .description('print the version, git commit, Node version and platform')
    .addOption(outputOption())
    .action((opts: { output: OutputFormat }) => {
      if (opts.output === 'json') printJson(versionInfo());
      else out(versionText());
    });
}
