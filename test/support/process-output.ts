// A child process's output, collected as text while it runs (the suites, the labs and the CLI runner).
import type { ChildProcess } from 'node:child_process';

/** A child's output as it comes, as text: the object's fields grow while the child writes. */
export function captureOutput(child: ChildProcess): { stdout: string; stderr: string } {
  const out = { stdout: '', stderr: '' };
  child.stdout?.on('data', (d: Buffer) => {
    out.stdout += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    out.stderr += d.toString();
  });
  return out;
}
