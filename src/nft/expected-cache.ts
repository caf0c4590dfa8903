// CHECK's expected side — the table nftables makes of our rendered text — depends only on that text
// and the nftables version. Making it means a scratch network namespace per CHECK, the largest part
// of a CNI CHECK; so it is kept in the executable's cache folder (refused unless we own it, like the
// rest of that folder), named by the version and a hash of the text. The entry holds the text too and
// is used only when it is the same text, so the hash needs no strength — node:crypto alone would cost
// a CNI call ≈ 7 ms to load. A bad entry only costs a rebuild.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkOwnFolder, writeCacheFile } from '../runtime/cache-dir.js';

export interface ExpectedCache {
  get(version: string, text: string): string | undefined;
  put(version: string, text: string, json: string): void;
}

const VERSION = /^[0-9][0-9.]{0,15}$/;

/** FNV-1a, 64 bits, as 16 hex digits: a file name for the text. */
function fnv1a64(text: string): string {
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) h = ((h ^ BigInt(text.charCodeAt(i))) * 0x100000001b3n) & 0xffffffffffffffffn;
  return h.toString(16).padStart(16, '0');
}

interface Entry {
  text: string;
  expected: string;
}

export function expectedCacheIn(root: string): ExpectedCache {
  const where = (version: string, text: string) => {
    const dir = join(root, `nft-${version}`);
    return { dir, file: join(dir, `${fnv1a64(text)}.json`) };
  };
  return {
    get(version, text) {
      if (!VERSION.test(version)) return undefined;
      const { dir, file } = where(version, text);
      try {
        const entry = JSON.parse(readFileSync(file, 'utf8')) as Partial<Entry>;
        checkOwnFolder(dir);
        return entry.text === text && typeof entry.expected === 'string' ? entry.expected : undefined;
      } catch {
        return undefined;
      }
    },
    put(version, text, json) {
      if (!VERSION.test(version)) return;
      const { dir, file } = where(version, text);
      try {
        const entry: Entry = { text, expected: json };
        writeCacheFile(dir, file, Buffer.from(JSON.stringify(entry)));
      } catch {
        // a cache we cannot write costs the next CHECK its scratch namespace, nothing else
      }
    },
  };
}

/** The nftables version in a JSON listing's metainfo (`{"metainfo": {"version": "1.0.6", …}}`). */
export function listingVersion(json: { nftables: ReadonlyArray<Record<string, unknown>> }): string | undefined {
  const meta = json.nftables.find((o) => 'metainfo' in o)?.metainfo as { version?: unknown } | undefined;
  return typeof meta?.version === 'string' ? meta.version : undefined;
}
