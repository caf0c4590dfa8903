// apply.ts through the exec runner (nftMode "exec") with fake nsenter/nft/unshare executables (no root needed): argument arrays, stdin, error
// mapping, timeouts and binary lookup. The real nft is exercised by test/integration/nft-apply.test.ts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyPolicy,
  applyScript,
  checkTable,
  createScript,
  expectedCacheIn,
  findBinary,
  nftAvailable,
  nftErrorText,
  NftError,
  readTable,
  removeScript,
  removeTable,
  type NftOptions,
} from '../../../src/nft/index.js';
import { buildPolicy, PolicyError } from '../../../src/policy/index.js';
import { rejection } from '../../support/errors.js';

let dir: string;
let netns: string;

/** An executable shell script in the temp dir (a test fixture standing in for a real binary). */
function fake(name: string, body: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return file;
}

function log(name: string): string {
  const file = path.join(dir, name);
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
}

const nftError = (p: Promise<unknown>) => rejection(p, NftError);

let opts: NftOptions;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hcnproxyctl-nft-unit-'));
  netns = path.join(dir, 'netns');
  fs.writeFileSync(netns, '');
  // nsenter: log the arguments, then run what follows `--`.
  const nsenter = fake('nsenter', `printf '%s\\n' "$@" > "${dir}/nsenter.args"\nshift 2\nexec "$@"`);
  // nft: log the arguments and stdin, succeed.
  const nft = fake('nft', `printf '%s\\n' "$@" > "${dir}/nft.args"\nif [ "$1" = "-f" ]; then cat > "${dir}/nft.stdin"; fi\necho '{"nftables": []}'`);
  opts = { mode: 'exec', nsenterPath: nsenter, nftPath: nft, unsharePath: fake('unshare', 'exit 99') };
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const ISTIO = buildPolicy({ inboundPort: 15006, outboundPort: 15001, proxyUid: 1337 });

describe('applying through nsenter and nft (fakes)', () => {
  it('runs `nsenter --net=<netns> -- <nft> -f -` with the create script on stdin', async () => {
    await applyPolicy(netns, ISTIO, opts);
    expect(log('nsenter.args')).toBe(`--net=${netns}\n--\n${opts.nftPath}\n-f\n-\n`);
    expect(log('nft.stdin')).toBe(createScript(ISTIO));
  });

  it('our table already there (the create fails with EEXIST): the replace script, once; any other failure is not retried', async () => {
    // nft as the kernel answers a create batch in a namespace that holds our table.
    const exists = `/dev/stdin:1:19-29: Error: Could not process rule: File exists\ncreate table inet hcnproxyctl\n                  ^^^^^^^^^^^`;
    const nft = fake(
      'nft-exists',
      `cat >> "${dir}/nft-exists.stdin"\necho call >> "${dir}/nft-exists.calls"\nif [ "$(wc -l < "${dir}/nft-exists.calls")" = 1 ]; then printf '%s\\n' '${exists}' >&2; exit 1; fi`,
    );
    await applyPolicy(netns, ISTIO, { ...opts, nftPath: nft });
    expect(log('nft-exists.stdin')).toBe(createScript(ISTIO) + applyScript(ISTIO));
    const other = fake(
      'nft-other',
      `cat >> "${dir}/nft-other.stdin"\nprintf 'Error: Could not process rule: Operation not supported\ncreate table inet hcnproxyctl\n' >&2\nexit 1`,
    );
    expect((await nftError(applyPolicy(netns, ISTIO, { ...opts, nftPath: other }))).code).toBe('NFT_FAILED');
    expect(log('nft-other.stdin')).toBe(createScript(ISTIO));
  });

  it('removes with the remove script', async () => {
    await removeTable(netns, opts);
    expect(log('nft.stdin')).toBe(removeScript());
  });

  it('reads the table with `nft -j list table inet hcnproxyctl`', async () => {
    expect(await readTable(netns, opts)).toEqual({ nftables: [] });
    expect(log('nft.args')).toBe('-j\nlist\ntable\ninet\nhcnproxyctl\n');
  });

  it('refuses an invalid policy before running anything', async () => {
    fs.rmSync(path.join(dir, 'nsenter.args'), { force: true });
    await expect(applyPolicy(netns, buildPolicy({ outboundPort: 15001 }), opts)).rejects.toBeInstanceOf(PolicyError);
    expect(log('nsenter.args')).toBe('');
  });

  it('NFT_FAILED quotes nft: its Error lines and the source line they point at', async () => {
    const nft = fake('nft-fails', `cat > /dev/null\nprintf '/dev/stdin:3:3-7: Error: syntax error, unexpected junk\\n\\t\\tjunk\\n\\t\\t^^^^\\n' >&2\nexit 1`);
    const e = await nftError(applyPolicy(netns, ISTIO, { ...opts, nftPath: nft }));
    expect(e.code).toBe('NFT_FAILED');
    expect(e.message).toBe(`nft -f - failed in ${netns} (exit 1): Error: syntax error, unexpected junk (in: junk)`);
    expect(e.stderr).toBe('/dev/stdin:3:3-7: Error: syntax error, unexpected junk\n\t\tjunk\n\t\t^^^^\n');
  });

  it('readTable: undefined when nft says the table does not exist', async () => {
    const nft = fake('nft-absent', `printf 'Error: No such file or directory\\nlist table inet hcnproxyctl\\n                ^^^^^^^^^^^\\n' >&2\nexit 1`);
    expect(await readTable(netns, { ...opts, nftPath: nft })).toBeUndefined();
    expect(await checkTable(netns, ISTIO, { ...opts, nftPath: nft })).toEqual({
      ok: false,
      reason: 'missing',
      detail: `table inet hcnproxyctl is not in the network namespace ${netns}`,
    });
  });

  it('TIMEOUT kills a process that does not finish', async () => {
    const nft = fake('nft-hangs', 'exec sleep 30');
    const started = Date.now();
    const e = await nftError(applyPolicy(netns, ISTIO, { ...opts, nftPath: nft, timeoutMs: 300 }));
    expect(e.code).toBe('TIMEOUT');
    expect(e.message).toMatch(/did not finish within (2\d\d|300) ms/); // what was left of the 300 ms deadline
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('NETNS_NOT_FOUND for a path that does not exist (removeTable: success) or nsenter refuses', async () => {
    const gone = path.join(dir, 'no-such-netns');
    expect((await nftError(applyPolicy(gone, ISTIO, opts))).code).toBe('NETNS_NOT_FOUND');
    await removeTable(gone, opts);
    const nsenter = fake('nsenter-refuses', `echo "nsenter: reassociate to namespace 'ns/net' failed: Invalid argument" >&2\nexit 1`);
    const e = await nftError(applyPolicy(netns, ISTIO, { ...opts, nsenterPath: nsenter }));
    expect(e.code).toBe('NETNS_NOT_FOUND');
    await removeTable(netns, { ...opts, nsenterPath: nsenter });
  });

  it('NFT_NOT_FOUND and NSENTER_NOT_FOUND for missing binaries', async () => {
    const e1 = await nftError(applyPolicy(netns, ISTIO, { ...opts, nftPath: path.join(dir, 'nope') }));
    expect(e1.code).toBe('NFT_NOT_FOUND');
    expect(e1.message).toBe(`nft was not found at ${path.join(dir, 'nope')}`);
    const e2 = await nftError(applyPolicy(netns, ISTIO, { ...opts, nsenterPath: path.join(dir, 'nope') }));
    expect(e2.code).toBe('NSENTER_NOT_FOUND');
    const nsenter = fake('nsenter-noexec', `echo "nsenter: failed to execute /x/nft: No such file or directory" >&2\nexit 127`);
    expect((await nftError(applyPolicy(netns, ISTIO, { ...opts, nsenterPath: nsenter }))).code).toBe('NFT_NOT_FOUND');
  });

  it('checkTable: a failing scratch namespace is an NftError', async () => {
    const live = fake('nft-live', `echo '{"nftables": [{"table": {"family": "inet", "name": "hcnproxyctl", "handle": 1}}]}'`);
    const e = await nftError(checkTable(netns, ISTIO, { ...opts, nftPath: live }));
    expect(e.code).toBe('NFT_FAILED');
    expect(e.message).toMatch(/scratch network namespace \(exit 99\)/);
  });
});

describe("CHECK's expected-table cache", () => {
  const listing = JSON.stringify({
    nftables: [
      { metainfo: { version: '1.0.6', release_name: 'Lester Gooch #5', json_schema_version: 1 } },
      { table: { family: 'inet', name: 'hcnproxyctl', handle: 1 } },
    ],
  });

  it('a hit spares the scratch namespace; a miss makes the table there and keeps it, per version and text', async () => {
    const cacheDir = fs.mkdtempSync(path.join(dir, 'cache-'));
    fs.chmodSync(cacheDir, 0o700);
    const nft = fake('nft-listing', `echo '${listing}'`);
    const unshare = fake('unshare-counts', `echo x >> "${dir}/unshare.calls"\necho '${listing}'`);
    const o: NftOptions = { ...opts, nftPath: nft, unsharePath: unshare, expectedCache: expectedCacheIn(cacheDir) };
    expect(await checkTable(netns, ISTIO, o)).toEqual({ ok: true });
    expect(await checkTable(netns, ISTIO, o)).toEqual({ ok: true });
    expect(log('unshare.calls')).toBe('x\n');
    expect(fs.readdirSync(path.join(cacheDir, 'nft-1.0.6'))).toEqual([expect.stringMatching(/^[0-9a-f]{16}\.json$/)]);
    await checkTable(netns, buildPolicy({ outboundPort: 15001, proxyUid: 1337 }), o); // another text: another entry
    expect(log('unshare.calls')).toBe('x\nx\n');
    // An entry is used only for the very text it was made of (its name is a hash, not a proof).
    const [name] = fs.readdirSync(path.join(cacheDir, 'nft-1.0.6'));
    const file = path.join(cacheDir, 'nft-1.0.6', name!);
    fs.writeFileSync(file, JSON.stringify({ ...JSON.parse(fs.readFileSync(file, 'utf8')), text: 'table inet other {}' }));
    await checkTable(netns, ISTIO, o);
    await checkTable(netns, buildPolicy({ outboundPort: 15001, proxyUid: 1337 }), o);
    expect(log('unshare.calls').split('\n').filter(Boolean)).toHaveLength(3);
  });

  it('a cache folder someone else could have written is not trusted', async () => {
    const cacheDir = fs.mkdtempSync(path.join(dir, 'cache-'));
    fs.chmodSync(cacheDir, 0o700);
    const nft = fake('nft-listing2', `echo '${listing}'`);
    const unshare = fake('unshare-counts2', `echo x >> "${dir}/unshare2.calls"\necho '${listing}'`);
    const o: NftOptions = { ...opts, nftPath: nft, unsharePath: unshare, expectedCache: expectedCacheIn(cacheDir) };
    await checkTable(netns, ISTIO, o);
    fs.chmodSync(path.join(cacheDir, 'nft-1.0.6'), 0o777);
    await checkTable(netns, ISTIO, o);
    expect(log('unshare2.calls')).toBe('x\nx\n');
  });
});

describe('nftAvailable and binary lookup', () => {
  it('reports the version nft prints', async () => {
    const nft = fake('nft-version', 'echo "nftables v1.0.6 (Lester Gooch #5)"');
    expect(await nftAvailable({ ...opts, nftPath: nft })).toEqual({ ok: true, version: '1.0.6', mode: 'exec' });
  });

  it('says why not', async () => {
    expect(await nftAvailable({ ...opts, nftPath: path.join(dir, 'nope') })).toEqual({ ok: false, reason: `nft was not found at ${path.join(dir, 'nope')}` });
    const broken = fake('nft-broken', 'echo "Error: cannot open netlink" >&2; exit 1');
    expect(await nftAvailable({ ...opts, nftPath: broken })).toEqual({ ok: false, reason: `${broken} --version failed (exit 1): Error: cannot open netlink` });
  });

  it('looks in PATH, then in the sbin and bin directories (a runtime PATH may lack sbin)', () => {
    const saved = process.env.PATH;
    try {
      process.env.PATH = dir;
      expect(findBinary('nsenter')).toBe(path.join(dir, 'nsenter'));
      process.env.PATH = '/nonexistent';
      expect(findBinary('sh')).toMatch(/^\/(usr\/)?s?bin\/sh$/);
      expect(findBinary('no-such-binary-hcnproxyctl')).toBeUndefined();
    } finally {
      process.env.PATH = saved;
    }
  });

  it("formats nft's error text for one line", () => {
    expect(nftErrorText('Error: No such file or directory\nlist table inet x\n           ^\n')).toBe(
      'Error: No such file or directory (in: list table inet x)',
    );
    expect(nftErrorText('something else\n')).toBe('something else');
    expect(nftErrorText('')).toBe('(no error text)');
  });
});
