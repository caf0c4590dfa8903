// Comments cite only what a reader of the repository can open: every document (*.md) and every
// repository path (src/…, test/…, build/…, bench/…, conf/…, proto/…) named in a comment of src/, test/,
// bench/ or build/ exists (upstream sources are cited as owner/repo path@version instead).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** Hand-written code: src/ (but the generated src/gen), test/ (but its data), bench/, build/. */
function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return ['gen', 'golden', 'fixtures', 'results', 'node_modules'].includes(e.name) ? [] : sourceFiles(p);
    return /\.(ts|mts|mjs|c)$/.test(e.name) ? [p] : [];
  });
}

/** Documents the build writes (into dist/), cited by the code that writes them. */
const WRITTEN = new Set(['BUILD.md', 'IMAGE.md']);

describe('references in source comments', () => {
  it('every cited document and repository path exists (src, test, bench, build)', () => {
    const missing: string[] = [];
    let cited = 0;
    for (const file of ['src', 'test', 'bench', 'build'].flatMap((d) => sourceFiles(path.join(ROOT, d)))) {
      const comments = fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => /^\s*(\/\/|\*|\/\*)/.test(l))
        .join('\n');
      // An upstream file is cited as owner/repo:path (the ":" keeps it out); `a-<x>.md`, `b-*.nft` are patterns.
      for (const m of comments.matchAll(/(?<![\w/.:<>*{}-])((?:src|test|build|bench|conf|proto)\/[\w./-]*[\w]|[\w-]+\.md)\b/g)) {
        const ref = m[1]!;
        cited++;
        if (/^[\w.-]*[<*{]/.test(comments.slice(m.index + m[0].length))) {
          const dir = path.join(ROOT, path.dirname(ref));
          if (!fs.existsSync(dir) || !fs.readdirSync(dir).some((n) => n.startsWith(path.basename(ref)))) missing.push(`${path.relative(ROOT, file)}: ${ref}…`);
          continue;
        }
        const candidates =
          ref.endsWith('.md') && !ref.includes('/') ? [ref, path.join('bench', ref), path.join('bench', 'results', ref)] : [ref, ref.replace(/\.js$/, '.ts')];
        if (!WRITTEN.has(ref) && !candidates.some((c) => fs.existsSync(path.join(ROOT, c)))) missing.push(`${path.relative(ROOT, file)}: ${ref}`);
      }
    }
    expect(cited).toBeGreaterThan(20);
    expect(missing).toEqual([]);
  });

  it('ARCHITECTURE.md names only files and folders that exist', () => {
    const text = fs.readFileSync(path.join(ROOT, 'ARCHITECTURE.md'), 'utf8');
    const refs = [...text.matchAll(/(?<![\w/.-])((?:src|test|build|bench|proto)\/[\w./<>-]*[\w>])/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(30);
    const missing = refs.filter((r) => !r.includes('<') && !fs.existsSync(path.join(ROOT, r)));
    expect(missing).toEqual([]);
  });

  it('the README, SECURITY.md, bench/README.md and conf/README.md name only repository paths that exist', () => {
    const missing: string[] = [];
    let cited = 0;
    for (const doc of ['README.md', 'SECURITY.md', 'bench/README.md', 'conf/README.md']) {
      const text = fs.readFileSync(path.join(ROOT, doc), 'utf8');
      for (const m of text.matchAll(/(?<![\w/.-])((?:src|test|build|bench|conf|proto)\/[\w./-]*\w)/g)) {
        const ref = m[1]!;
        cited++;
        if (![ref, ref.replace(/\.js$/, '.ts')].some((c) => fs.existsSync(path.join(ROOT, c)))) missing.push(`${doc}: ${ref}`);
      }
    }
    expect(cited).toBeGreaterThan(50);
    expect(missing).toEqual([]);
  });
});
