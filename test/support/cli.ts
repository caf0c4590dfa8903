// Runs the bundled executable entry (dist/main.cjs) the way a user does: a separate process.
import { spawn, spawnSync } from 'node:child_process';
import { captureOutput } from './process-output.js';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const MAIN = path.join(ROOT, 'dist', 'main.cjs');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** This process' environment without what would change the CLI's face or HNS library, plus `env`. */
function cliEnv(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const base: Record<string, string | undefined> = { ...process.env };
  delete base.HCNPROXYCTL_HCN_DLL;
  delete base.HCNPROXYCTL_HNS_SIM;
  delete base.CNI_COMMAND;
  delete base.NRI_PLUGIN_SOCKET;
  return { ...base, ...env };
}

export function runCli(args: readonly string[], env: Record<string, string | undefined> = {}): CliResult {
  const r = spawnSync(process.execPath, [MAIN, ...args], { env: cliEnv(env), encoding: 'utf8', timeout: 20_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Like runCli, without blocking this process: for tests whose peer (e.g. a fake CRI server) runs in
 * the test process itself and must keep answering while the CLI runs.
 */
export function runCliAsync(args: readonly string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MAIN, ...args], { env: cliEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    const output = captureOutput(child);
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, ...output });
    });
  });
}
