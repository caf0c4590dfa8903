// `hcnproxyctl uninstall-cni`: remove the hcnproxyctl entry (and only it) from the node's CNI configuration.
import { Command } from 'commander';
import { uninstallCni, type UninstallResult } from '../../cni/install/install.js';
import { err, out } from '../io.js';
import { outputOption, printJson, type OutputFormat } from '../output.js';
import { addTargetOptions, targetOf } from './install-cni.js';

function describe(r: UninstallResult): string {
  switch (r.action) {
    case 'removed':
      return `removed the hcnproxyctl entry from ${r.file}`;
    case 'absent':
      return `${r.file} has no hcnproxyctl entry: unchanged`;
    default:
      return `${r.file} unchanged`;
  }
}

export function uninstallCniCommand(): Command {
  const cmd = new Command('uninstall-cni').description("remove the hcnproxyctl entry from the node's CNI configuration, keeping everything else");
  addTargetOptions(cmd)
    .addOption(outputOption())
    .action((o: { confDir: string; confFile?: string; output: OutputFormat }) => {
      const r = uninstallCni(targetOf(cmd, o));
      if (o.output === 'json') {
        printJson(r);
        return;
      }
      out(`${describe(r)}\n`);
      for (const w of r.warnings) err(`hcnproxyctl: warning: ${w}\n`);
    });
  return cmd;
}
