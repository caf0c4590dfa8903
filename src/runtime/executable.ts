// The one question both SEA loaders ask: are we running as a Node Single Executable Application?
// `node:sea` exists in every Node this project supports (>= 22.12); isSea() is false under plain node.
import type * as SeaModule from 'node:sea';

export type Sea = typeof SeaModule;

let probed: Sea | null | undefined;

/** `node:sea` when this process is a single executable, else null (plain `node dist/main.cjs`). */
export function seaOrNull(): Sea | null {
  if (probed === undefined) {
    try {
      const sea = require('node:sea') as Sea;
      probed = sea.isSea() ? sea : null;
    } catch {
      probed = null;
    }
  }
  return probed;
}
