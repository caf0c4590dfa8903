// Runs the bundled executable entry (dist/main.cjs) the way a user does: a separate process.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const MAIN = path.join(ROOT, 'dist', 'main.cjs');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: readonly string[], env: Record<string, string | undefined> = {}): CliResult {
  const base: Record<string, string | undefined> = { ...process.env };
  delete base.HCNPROXYCTL_HCN_DLL;
  delete base.HCNPROXYCTL_HNS_SIM;
  delete base.CNI_COMMAND;
  const r = spawnSync(process.execPath, [MAIN, ...args], { env: { ...base, ...env }, encoding: 'utf8', timeout: 20_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
