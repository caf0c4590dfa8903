// The import rule, read from the sources (no dependency): faces → pod path → backends → policy, with
// transports and runtime helpers beside. A module may import only what its row below allows; a face
// never imports another face — but the CLI, which hosts the other faces as commands, may reach them
// through their entries (the NRI daemon's index, its defaults and presence probe, the CNI face's installer).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '..', '..', 'src');

/** What each module (a folder of src/, or a root file) may import besides itself. */
const ALLOWED: Record<string, readonly string[]> = {
  runtime: [],
  gen: [],
  policy: ['runtime'],
  yaml: ['runtime'],
  nft: ['policy', 'runtime'],
  hns: ['policy', 'runtime'],
  ttrpc: ['gen', 'runtime'],
  cri: ['gen', 'runtime'],
  pod: ['policy', 'nft', 'hns', 'yaml', 'runtime'],
  lookup: ['policy', 'nft', 'hns', 'cri', 'runtime'],
  cni: ['pod', 'policy', 'runtime'],
  nri: ['pod', 'policy', 'ttrpc', 'cri', 'gen', 'runtime'],
  cli: ['pod', 'policy', 'nft', 'hns', 'cri', 'lookup', 'yaml', 'runtime'],
  // the executable's entry picks a face; the library (lib/) and the shared core re-export the lower layers
  'main.ts': ['runtime'],
  lib: ['policy', 'nft', 'hns', 'cri', 'lookup', 'pod', 'runtime'],
  'core.ts': ['policy', 'nft', 'hns', 'cri', 'pod', 'runtime'],
};
const FACES = ['cni', 'nri', 'cli'];
/** A face's modules another may import: the ones a host needs to run it. */
const FACE_ENTRIES: Record<string, readonly string[]> = {
  cli: ['nri/index.ts', 'nri/defaults.ts', 'nri/presence.ts', 'cni/install/'],
  'main.ts': ['cni/index.ts', 'cli/program.ts'],
};

export interface Edge {
  from: string;
  to: string;
}

const moduleOf = (rel: string) => (rel.includes('/') ? rel.split('/')[0]! : rel);

/** Every relative import (static, re-export, dynamic) of every source file, as src-relative paths. */
function edges(): Edge[] {
  const out: Edge[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, e.name);
      if (e.isDirectory()) walk(file);
      else if (e.name.endsWith('.ts')) {
        const text = fs.readFileSync(file, 'utf8');
        for (const m of text.matchAll(/(?:from\s*|import\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g)) {
          const to = path.relative(SRC, path.resolve(path.dirname(file), m[1]!)).replace(/\.js$/, '.ts');
          out.push({ from: path.relative(SRC, file), to });
        }
      }
    }
  };
  walk(SRC);
  return out;
}

/** The edges that break the rule, each said in words. */
export function violations(list: readonly Edge[]): string[] {
  const bad: string[] = [];
  for (const { from, to } of list) {
    const a = moduleOf(from);
    const b = moduleOf(to);
    if (a === b) continue;
    if (!(a in ALLOWED)) {
      bad.push(`${from}: the module "${a}" has no row in ALLOWED`);
      continue;
    }
    const viaEntry = (FACE_ENTRIES[a] ?? []).some((entry) => to === entry || (entry.endsWith('/') && to.startsWith(entry)));
    if (FACES.includes(b) && !viaEntry)
      bad.push(`${from} imports ${to}: ${FACES.includes(a) ? 'a face imports another face' : `"${a}" imports the face "${b}"`}`);
    else if (!FACES.includes(b) && !ALLOWED[a]!.includes(b)) bad.push(`${from} imports ${to}: "${a}" may import only ${ALLOWED[a]!.join(', ') || 'itself'}`);
  }
  return bad;
}

describe('layers', () => {
  const all = edges();

  it('every import of src/ points down (or beside, to transports and runtime helpers)', () => {
    expect(all.length).toBeGreaterThan(300);
    expect(violations(all)).toEqual([]);
  });

  it('every module of src/ has a row', () => {
    const modules = fs.readdirSync(SRC);
    expect(modules.filter((m) => !(m in ALLOWED))).toEqual([]);
  });

  it('the check fails on a face importing a face, a lower layer importing a higher one, and the CLI reaching past an entry', () => {
    expect(
      violations([
        { from: 'cni/plugin.ts', to: 'nri/handlers.ts' },
        { from: 'nri/daemon.ts', to: 'cli/program.ts' },
        { from: 'policy/build.ts', to: 'nft/render.ts' },
        { from: 'nft/apply.ts', to: 'pod/path.ts' },
        { from: 'nft/apply.ts', to: 'hns/index.ts' },
        { from: 'runtime/log.ts', to: 'policy/index.ts' },
        { from: 'cli/commands/nri.ts', to: 'nri/handlers.ts' },
      ]),
    ).toEqual([
      'cni/plugin.ts imports nri/handlers.ts: a face imports another face',
      'nri/daemon.ts imports cli/program.ts: a face imports another face',
      'policy/build.ts imports nft/render.ts: "policy" may import only runtime',
      'nft/apply.ts imports pod/path.ts: "nft" may import only policy, runtime',
      'nft/apply.ts imports hns/index.ts: "nft" may import only policy, runtime',
      'runtime/log.ts imports policy/index.ts: "runtime" may import only itself',
      'cli/commands/nri.ts imports nri/handlers.ts: a face imports another face',
    ]);
    expect(
      violations([
        { from: 'cli/commands/nri.ts', to: 'nri/index.ts' },
        { from: 'cli/commands/install-cni.ts', to: 'cni/install/install.ts' },
      ]),
    ).toEqual([]);
  });

  it('the test tree: suites import src/, test/support and test/fixtures — never another suite; support code imports no suite', () => {
    const TEST = path.resolve(SRC, '..', 'test');
    const bad: string[] = [];
    const walk = (dir: string): string[] =>
      fs
        .readdirSync(dir, { withFileTypes: true })
        .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
    for (const file of walk(TEST)) {
      const from = path.relative(TEST, file).split(path.sep)[0]!;
      for (const m of fs.readFileSync(file, 'utf8').matchAll(/(?:from\s*|import\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g)) {
        const target = path.relative(TEST, path.resolve(path.dirname(file), m[1]!));
        const to = target.split(path.sep)[0]!;
        const outside = ['src', 'build'].some((dir) => target.startsWith(`..${path.sep}${dir}${path.sep}`));
        if (to === from || to === 'support' || to === 'fixtures' || outside) continue;
        bad.push(`${path.relative(TEST, file)} imports ${target}`);
      }
    }
    expect(bad).toEqual([]);
    expect(fs.readdirSync(TEST).sort()).toEqual(['differential', 'e2e', 'fixtures', 'golden', 'hardening', 'integration', 'support', 'unit']);
  });
});
