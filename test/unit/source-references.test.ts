// Comments in src/ cite only what a reader of the repository can open: every document (*.md) and every
// repository path (src/…, test/…, build/…, bench/…, conf/…, proto/…) named in a source file exists.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'gen' ? [] : sourceFiles(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

describe('references in source comments', () => {
  it('every cited document and repository path exists', () => {
    const missing: string[] = [];
    let cited = 0;
    for (const file of sourceFiles(path.join(ROOT, 'src'))) {
      const comments = fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => /^\s*(\/\/|\*|\/\*)/.test(l))
        .join('\n');
      for (const m of comments.matchAll(/(?<![\w/.-])((?:src|test|build|bench|conf|proto)\/[\w./-]*[\w]|[\w-]+\.md)\b/g)) {
        const ref = m[1]!;
        cited++;
        const candidates = ref.endsWith('.md') && !ref.includes('/') ? [ref, path.join('bench', ref)] : [ref, ref.replace(/\.js$/, '.ts')];
        if (!candidates.some((c) => fs.existsSync(path.join(ROOT, c)))) missing.push(`${path.relative(ROOT, file)}: ${ref}`);
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
