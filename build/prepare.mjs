#!/usr/bin/env node
// Makes a fresh clone ready to build, test and demo: Debian packages the suites need (installed
// with apt-get when running as root), node_modules from the lockfile. Idempotent and quiet when
// nothing is missing. Runs on the machine's own node, before the pinned Node 22 is in play.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The one list of Debian packages the build and the suites need (.ci/run runs this script too):
 * package → a command (or absolute path) it provides, to tell whether it is there.
 */
const APT_PACKAGES = {
  gcc: 'gcc',
  'gcc-mingw-w64-x86-64': 'x86_64-w64-mingw32-gcc',
  nftables: 'nft',
  // sysctl, for suites that turn IPv6 off inside a namespace of theirs
  procps: 'sysctl',
  // the differential suites load each mesh's own iptables rules (iptables-nft) as the reference
  iptables: 'iptables-restore',
  'containernetworking-plugins': '/usr/lib/cni/bridge',
  iproute2: 'ip',
  'util-linux': 'nsenter',
  tar: 'tar',
  'protobuf-compiler': 'protoc',
  // google/protobuf/*.proto, the well-known types build/protos.mjs compiles against
  'libprotobuf-dev': '/usr/include/google/protobuf/any.proto',
  // the CNI no-spawn test traces execve
  strace: 'strace',
  // static builds of the e2e pause/app programs
  'libc6-dev': '/usr/lib/x86_64-linux-gnu/libc.a',
  'ca-certificates': '/etc/ssl/certs/ca-certificates.crt',
  // the Windows executable is tested under Wine
  wine: 'wine',
  wine64: '/usr/lib/wine/wine64',
};

const WITH_RECOMMENDS = new Set(['wine', 'wine64']);

function has(cmd) {
  if (cmd.startsWith('/')) return fs.existsSync(cmd);
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/sbin', '/sbin'];
  return dirs.some((d) => d && fs.existsSync(path.join(d, cmd)));
}

function ensureAptPackages() {
  if (process.platform !== 'linux') return;
  const missing = Object.entries(APT_PACKAGES)
    .filter(([, cmd]) => !has(cmd))
    .map(([pkg]) => pkg);
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0 || !has('apt-get')) {
    throw new Error(`missing Debian packages: ${missing.join(' ')} (install them, e.g. apt-get install ${missing.join(' ')})`);
  }
  console.error(`prepare: apt-get install ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'], env });
  // Wine is installed with its recommended packages, as the packaging reference ran it.
  const plain = missing.filter((p) => !WITH_RECOMMENDS.has(p));
  const full = missing.filter((p) => WITH_RECOMMENDS.has(p));
  if (plain.length > 0) execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...plain], { stdio: ['ignore', 'ignore', 'inherit'], env });
  if (full.length > 0) execFileSync('apt-get', ['install', '-y', '-qq', ...full], { stdio: ['ignore', 'ignore', 'inherit'], env });
}

function ensureNodeModules() {
  const lock = path.join(root, 'package-lock.json');
  const installed = path.join(root, 'node_modules', '.package-lock.json');
  const fresh = fs.existsSync(installed) && fs.statSync(installed).mtimeMs >= fs.statSync(lock).mtimeMs;
  if (fresh) return;
  console.error('prepare: npm ci');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
}

ensureAptPackages();
ensureNodeModules();
