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
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) return protoFiles(p, base);
      return e.name.endsWith('.proto') ? [path.relative(base, p)] : [];
    })
    .sort();
}
const OUT = path.join(root, 'src', 'gen');
const OPTIONS = [
  'outputServices=grpc-js', // clients built with @grpc/grpc-js
  'esModuleInterop=true',
  'env=node',
  'useOptionals=all', // requests are built by hand: every field may be left out
  'importSuffix=.js', // nodenext resolution
  'outputIndex=false',
];

/**
 * How int64 fields come out, per folder of proto/: CRI timestamps are Unix nanoseconds (≈1.8e18, beyond
 * a double's exact range) so they stay strings; NRI and ttrpc int64s are timeouts in ms or ns (≈2e9), exact
 * as numbers.
 */
const LONGS = { runtime: 'string' };
const longsFor = (file) => LONGS[file.split('/')[0]] ?? 'number';

function generate(outDir) {
  fs.mkdirSync(outDir, { recursive: true });
  const plugin = path.join(root, 'node_modules', '.bin', 'protoc-gen-ts_proto');
  const groups = new Map();
  for (const f of protoFiles()) groups.set(longsFor(f), [...(groups.get(longsFor(f)) ?? []), f]);
  for (const [longs, files] of groups) {
    const opts = [...OPTIONS, `forceLong=${longs}`].join(',');
    const r = spawnSync(
      'protoc',
      [`--plugin=protoc-gen-ts_proto=${plugin}`, `--ts_proto_out=${outDir}`, `--ts_proto_opt=${opts}`, `-I${path.join(root, 'proto')}`, ...files],
      { encoding: 'utf8' },
    );
    if (r.error) throw new Error(r.error.code === 'ENOENT' ? 'protoc not found: apt-get install protobuf-compiler' : r.error.message);
    if (r.status !== 0) throw new Error(`protoc failed:\n${r.stderr}`);
  }
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
    const stale = [...new Set([...want, ...have])].filter(
      (f) => !want.includes(f) || !have.includes(f) || fs.readFileSync(path.join(tmp, f), 'utf8') !== fs.readFileSync(path.join(OUT, f), 'utf8'),
    );
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
  console.log(
    `generated ${listFiles(OUT)
      .map((f) => `src/gen/${f}`)
      .join(', ')}`,
  );
}
