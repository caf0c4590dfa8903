#!/usr/bin/env node
// Builds the HCN test double (test/support/hcn-double/hcn_double.c) into dist/hcn-double/:
//   libhcn_double.so      with gcc (always)
//   computenetwork.dll    with x86_64-w64-mingw32-gcc (with --windows)
// Skips an output that is newer than the source. On failure prints the compiler's output and exits non-zero.
//   node build/hcn-double.mjs [--windows] [--force]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const source = path.join(root, 'test', 'support', 'hcn-double', 'hcn_double.c');
const outDir = path.join(root, 'dist', 'hcn-double');

const TARGETS = {
  linux: {
    compiler: 'gcc',
    output: 'libhcn_double.so',
    args: (out) => ['-std=c11', '-O2', '-Wall', '-Wextra', '-fPIC', '-shared', '-fvisibility=hidden', '-o', out, source],
    missing: 'install gcc',
  },
  windows: {
    compiler: 'x86_64-w64-mingw32-gcc',
    output: 'computenetwork.dll',
    args: (out) => ['-std=c11', '-O2', '-Wall', '-shared', '-o', out, source, '-lole32', '-lws2_32', '-Wl,--kill-at'],
    missing: 'install it with: apt-get install -y gcc-mingw-w64-x86-64',
  },
};

function upToDate(out) {
  const o = fs.statSync(out, { throwIfNoEntry: false });
  return o !== undefined && o.mtimeMs > fs.statSync(source).mtimeMs;
}

/** Returns an error message, or null on success. */
function build(target, force) {
  const out = path.join(outDir, target.output);
  const rel = path.relative(root, out);
  if (!force && upToDate(out)) {
    process.stdout.write(`${rel} is up to date\n`);
    return null;
  }
  fs.mkdirSync(outDir, { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`; // never leave a half-written library behind
  const r = spawnSync(target.compiler, target.args(tmp), { cwd: root, encoding: 'utf8' });
  if (r.error) {
    fs.rmSync(tmp, { force: true });
    return r.error.code === 'ENOENT' ? `${target.compiler} not found: ${target.missing}` : `${target.compiler}: ${r.error.message}`;
  }
  if (r.status !== 0) {
    fs.rmSync(tmp, { force: true });
    return `${target.compiler} failed (exit ${r.status ?? r.signal}) building ${rel}:\n${r.stdout}${r.stderr}`;
  }
  if (r.stderr) process.stderr.write(r.stderr); // warnings
  fs.renameSync(tmp, out);
  process.stdout.write(`built ${rel}\n`);
  return null;
}

const args = process.argv.slice(2);
const unknown = args.filter((a) => a !== '--windows' && a !== '--force');
if (unknown.length > 0) {
  process.stderr.write(`usage: node build/hcn-double.mjs [--windows] [--force] (unknown: ${unknown.join(' ')})\n`);
  process.exit(2);
}
const force = args.includes('--force');
const targets = [TARGETS.linux, ...(args.includes('--windows') ? [TARGETS.windows] : [])];
let failed = false;
for (const t of targets) {
  const error = build(t, force);
  if (error) {
    process.stderr.write(`hcn-double: ${error}\n`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
