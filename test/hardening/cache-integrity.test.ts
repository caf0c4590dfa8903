// The executable's cache on Windows, where folder owners and ACLs are not checked: koffi.node is used
// only when it is byte-for-byte the embedded module, and V8 code caches (compiled code: a crafted one
// runs as SYSTEM) are not used at all from the ProgramData fallback that ordinary users can write to.
// The same rule runs for real under Wine (test/integration/wine.test.ts: a planted module is replaced).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cacheContentTrusted, cacheRoot } from '../../src/runtime/cache-dir.js';
import { cachedModuleUsable } from '../../src/runtime/koffi-native.js';
import { tally } from '../support/tally.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hcnproxyctl-cache-int-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('cache integrity on Windows', () => {
  const embedded = new Uint8Array(Buffer.from('MZ pretend this is koffi.node, 64 bytes of native module......'));
  const dir = path.join(tmp, '3.3.4-abcdef012345');
  const file = path.join(dir, 'koffi.node');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });

  it('koffi.node is usable only when it is the embedded module byte for byte', () => {
    fs.writeFileSync(file, embedded);
    expect(cachedModuleUsable(dir, file, embedded, 'win32')).toBe(true);
    const planted = Buffer.from(embedded);
    planted[10]! ^= 1; // same size, one bit different
    fs.writeFileSync(file, planted);
    expect(cachedModuleUsable(dir, file, embedded, 'win32')).toBe(false);
    fs.writeFileSync(file, Buffer.concat([embedded, Buffer.from('x')]));
    expect(cachedModuleUsable(dir, file, embedded, 'win32')).toBe(false);
    fs.rmSync(file);
    expect(cachedModuleUsable(dir, file, embedded, 'win32')).toBe(false);
    tally('inputs', 4);
  });

  it('code caches are not trusted from the ProgramData fallback, only from LOCALAPPDATA or a configured folder', () => {
    expect(cacheRoot({ ProgramData: 'C:\\ProgramData' }, 'win32')).toBe('C:\\ProgramData\\hcnproxyctl\\cache');
    expect(cacheContentTrusted({ ProgramData: 'C:\\ProgramData' }, 'win32')).toBe(false);
    expect(cacheContentTrusted({ LOCALAPPDATA: 'C:\\Windows\\system32\\config\\systemprofile\\AppData\\Local' }, 'win32')).toBe(true);
    expect(cacheContentTrusted({ HCNPROXYCTL_CACHE_DIR: 'D:\\hcnproxyctl' }, 'win32')).toBe(true);
    expect(cacheContentTrusted({}, 'linux')).toBe(true); // POSIX: owner and mode are checked instead
  });
});
