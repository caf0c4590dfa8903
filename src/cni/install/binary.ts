// Putting the plugin into the CNI bin dir: the running single executable is copied as is; when we run
// as `node dist/main.cjs` there is no one file to copy, so a wrapper script that runs that bundle with
// this Node is written instead (it only works on this machine, with the bundle left where it is).
import fs from 'node:fs';
import path from 'node:path';
import { fileAttributes, sameContent, writeFileAtomic } from './files.js';
import { EXECUTABLE_NAME } from '../../runtime/version.js';

export interface BinaryInstall {
  path: string;
  kind: 'executable' | 'wrapper';
  action: 'installed' | 'unchanged';
  /** The executable copied, or what the wrapper runs. */
  source: string;
}

export interface RunningProgram {
  /** process.execPath */
  execPath: string;
  /** The bundle's entry when not a single executable (process.argv[1]). */
  script?: string;
  /** node:sea isSea(). */
  sea: boolean;
  platform: NodeJS.Platform;
}

export async function runningProgram(): Promise<RunningProgram> {
  let sea = false;
  try {
    sea = (await import('node:sea')).isSea();
  } catch {
    // a Node without node:sea is not a single executable
  }
  const script = process.argv[1];
  return { execPath: process.execPath, sea, platform: process.platform, ...(script ? { script } : {}) };
}

const shQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** The wrapper script's text (pure). */
export function wrapperScript(execPath: string, script: string): string {
  return [
    '#!/bin/sh',
    '# Written by "hcnproxyctl install-cni --bin-dir": hcnproxyctl was running as a Node bundle, not as the',
    '# single executable, so this runs that bundle with that Node. Both must stay where they are.',
    `exec ${shQuote(execPath)} ${shQuote(script)} "$@"`,
    '',
  ].join('\n');
}

/** Installs the plugin as `<binDir>/hcnproxyctl` (`.exe` on Windows), atomically; unchanged bytes are not rewritten. */
export function installBinary(binDir: string, prog: RunningProgram): BinaryInstall {
  if (!fs.statSync(binDir, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`--bin-dir ${binDir} is not a directory`);
  const windows = prog.platform === 'win32';
  const target = path.join(binDir, windows ? `${EXECUTABLE_NAME}.exe` : EXECUTABLE_NAME);
  let data: Uint8Array;
  let kind: BinaryInstall['kind'];
  let source: string;
  if (prog.sea) {
    source = prog.execPath;
    data = fs.readFileSync(source);
    kind = 'executable';
  } else {
    if (windows) throw new Error('--bin-dir needs the single executable hcnproxyctl.exe on Windows (a Node bundle cannot be a CNI plugin there)');
    if (!prog.script) throw new Error('--bin-dir: cannot tell which script is running');
    source = fs.realpathSync(prog.script);
    data = Buffer.from(wrapperScript(fs.realpathSync(prog.execPath), source), 'utf8');
    kind = 'wrapper';
  }
  if (sameContent(target, data)) {
    const mode = fs.statSync(target).mode & 0o7777;
    if (windows || (mode & 0o111) === 0o111) return { path: target, kind, action: 'unchanged', source };
  }
  const existing = fs.existsSync(target) ? fileAttributes(target) : undefined;
  writeFileAtomic(target, data, { mode: 0o755, ...(existing ? { owner: existing.owner } : {}) });
  return { path: target, kind, action: 'installed', source };
}
