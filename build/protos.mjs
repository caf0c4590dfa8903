#!/usr/bin/env node
// Generates TypeScript from proto/ with ts-proto (protoc from Debian's protobuf-compiler).
// The output is committed (src/gen/), so building needs no protoc; `--check` regenerates into a
// temporary folder and fails when the committed files differ (CI runs it).
//   node build/protos.mjs [--check]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Every .proto under proto/, relative to it. */
function protoFiles(dir = path.join(root, 'proto'), base = dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return protoFiles(p, base);
    return e.name.endsWith('.proto') ? [path.relative(base, p)] : [];
  }).sort();
}
const OUT = path.join(root, 'src', 'gen');
const OPTIONS = [
  'outputServices=grpc-js', // clients built with @grpc/grpc-js
  'esModuleInterop=true',
  'env=node',
  'forceLong=number', // int64 timestamps and timeouts fit in a double
  'useOptionals=all', // requests are built by hand: every field may be left out
  'importSuffix=.js', // nodenext resolution
  'outputIndex=false',
];

function generate(outDir) {
  fs.mkdirSync(outDir, { recursive: true });
  const plugin = path.join(root, 'node_modules', '.bin', 'protoc-gen-ts_proto');
  const r = spawnSync('protoc', [`--plugin=protoc-gen-ts_proto=${plugin}`, `--ts_proto_out=${outDir}`, `--ts_proto_opt=${OPTIONS.join(',')}`, `-I${path.join(root, 'proto')}`, ...protoFiles()], { encoding: 'utf8' });
  if (r.error) throw new Error(r.error.code === 'ENOENT' ? 'protoc not found: apt-get install protobuf-compiler' : r.error.message);
  if (r.status !== 0) throw new Error(`protoc failed:\n${r.stderr}`);
}

function listFiles(dir, base = dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? listFiles(p, base) : [path.relative(base, p)];
  });
}

if (process.argv.includes('--check')) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hcnproxyctl-protos-'));
  try {
    generate(tmp);
    const want = listFiles(tmp).sort();
    const have = fs.existsSync(OUT) ? listFiles(OUT).sort() : [];
    const stale = [...new Set([...want, ...have])].filter((f) => !want.includes(f) || !have.includes(f) || fs.readFileSync(path.join(tmp, f), 'utf8') !== fs.readFileSync(path.join(OUT, f), 'utf8'));
    if (stale.length > 0) {
      console.error(`src/gen is not current with proto/ (${stale.join(', ')}): run "node build/protos.mjs" and commit`);
      process.exit(1);
    }
    console.log('src/gen is current');
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
} else {
  fs.rmSync(OUT, { recursive: true, force: true });
  generate(OUT);
  console.log(`generated ${listFiles(OUT).map((f) => `src/gen/${f}`).join(', ')}`);
}
