// The slow libnftables double (test/support/nft-double/nft_slow.c), built with gcc on first use into
// .cache/doubles/, and the environment that makes the plugin load it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const SOURCE = path.join(ROOT, 'test', 'support', 'nft-double', 'nft_slow.c');
const OUT = path.join(ROOT, '.cache', 'doubles', 'libnft_slow.so');

/** The double's path; compiles it when the source is newer. */
export function nftSlowLibrary(): string {
  const out = fs.statSync(OUT, { throwIfNoEntry: false });
  if (out && out.mtimeMs > fs.statSync(SOURCE).mtimeMs) return OUT;
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  const tmp = `${OUT}.${process.pid}.tmp`;
  const r = spawnSync('gcc', ['-std=c11', '-O2', '-Wall', '-Wextra', '-fPIC', '-shared', '-fvisibility=hidden', '-o', tmp, SOURCE, '-ldl'], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`gcc failed building ${SOURCE}: ${r.error?.message ?? ''}${r.stdout}${r.stderr}`);
  fs.renameSync(tmp, OUT);
  return OUT;
}

/** A switch file: while it holds N, every libnftables command of the double sleeps N ms first. */
export class SlowSwitch {
  constructor(readonly file: string) {}
  get env(): Record<string, string> {
    return { HCNPROXYCTL_LIBNFTABLES: nftSlowLibrary(), HCNPROXYCTL_TEST_NFT_SLOW_FILE: this.file };
  }
  slow(ms: number): void {
    fs.writeFileSync(this.file, String(ms));
  }
  fast(): void {
    fs.rmSync(this.file, { force: true });
  }
}
