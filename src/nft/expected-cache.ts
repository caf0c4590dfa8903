// CHECK's expected side — the table nftables makes of our rendered text — depends only on that text
// and the nftables version. Making it means a scratch network namespace per CHECK, the largest part
// of a CNI CHECK; so it is kept in the executable's cache folder (refused unless we own it, like the
// rest of that folder), keyed by the version and the text's sha256. A bad entry only costs a rebuild.
import { hash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkOwnFolder, writeCacheFile } from '../sea/cache-dir.js';

export interface ExpectedCache {
  get(version: string, text: string): string | undefined;
  put(version: string, text: string, json: string): void;
}

const VERSION = /^[0-9][0-9.]{0,15}$/;

export function expectedCacheIn(root: string): ExpectedCache {
  const where = (version: string, text: string) => {
    const dir = join(root, `nft-${version}`);
    return { dir, file: join(dir, `${hash('sha256', text)}.json`) };
  };
  return {
    get(version, text) {
      if (!VERSION.test(version)) return undefined;
      const { dir, file } = where(version, text);
      try {
        const json = readFileSync(file, 'utf8');
        checkOwnFolder(dir);
        return json;
      } catch {
        return undefined;
      }
    },
    put(version, text, json) {
      if (!VERSION.test(version)) return;
      const { dir, file } = where(version, text);
      try {
        writeCacheFile(dir, file, Buffer.from(json));
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
