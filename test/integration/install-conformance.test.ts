// The installer against the kinds of input istio-cni's and linkerd-cni's installers are tested with
// (istio/istio cni/pkg/install/testdata, linkerd/linkerd2-proxy-init internal/cni/testdata): our own
// fixtures in test/fixtures/install, each run through the real executable in a conf dir of its own, and
// every result read back the way containerd reads it (test/fixtures/install/libcni.ts, a small libcni
// written from its source, not from ours). Then `--conf-file` re-runs in every form.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parsePluginConf } from '../../src/cni/config.js';
import { runCli } from '../support/cli.js';
import {
  confFromBytes,
  confListFromBytes,
  confListFromConf,
  containerdNetwork,
  LIBCNI_VERSIONS,
  loadFile,
  pluginConfig,
  skelRefuses,
  type LibcniVersion,
} from '../fixtures/install/libcni.js';

const FIXTURES = path.resolve(import.meta.dirname, '..', 'fixtures', 'install');
const CAP = 'io.kubernetes.cri.pod-annotations';
type Json = Record<string, any>;

/** The --config every install here uses: keys of the settings parser the installer once refused too. */
const SETTINGS = {
  profiles: ['istio', 'linkerd'],
  nftMode: 'exec',
  excludeNamespaces: ['kube-system', 'monitoring'],
  meshDefaults: { linkerd: { ipFamilies: 'dual' } },
  failOpen: false,
};
const ENTRY = { type: 'hcnproxyctl', capabilities: { [CAP]: true }, ...SETTINGS };

/** Accepted: installed, every property below holds. */
const ACCEPTED = [
  'single-named.conf',
  'single-unnamed.conf',
  'single-unnamed.json',
  'single-empty-name.conf',
  'single-null-name.conf',
  'list.conflist',
  'list-istio.conflist',
  'list-linkerd-first.conflist',
  'list-other-mesh-kuma.conflist',
  'list-ours-stale.conflist',
  'list-ours-first.conflist',
  'list-ours-twice.conflist',
  'list-1.1.0-keys.conflist',
  'list-disablecheck-string.conflist',
  'list-null-fields.conflist',
  'list-0.3.0.conflist',
  'list-unicode.conflist',
  'list-crlf.conflist',
];

interface Refused {
  file: string;
  /** The message (one line on stderr, naming the file, "left untouched"). */
  why: RegExp;
  /** The libcni versions that refuse it too (containerd would not load it). Empty: only we refuse, for `ours`. */
  libcni: readonly LibcniVersion[];
  /** Why we refuse what libcni loads: our plugin would fail every pod's ADD with it. */
  ours?: string;
}
const BOTH = LIBCNI_VERSIONS;
const REFUSED: Refused[] = [
  { file: 'not-json.conflist', why: /is not valid JSON/, libcni: BOTH },
  { file: 'truncated.conflist', why: /is not valid JSON/, libcni: BOTH },
  { file: 'bom.conflist', why: /is not valid JSON/, libcni: BOTH },
  { file: 'array.conflist', why: /is not a JSON object \(it is an array\)/, libcni: BOTH },
  { file: 'array-of-lists.conflist', why: /is not a JSON object \(it is an array\)/, libcni: BOTH },
  { file: 'null.conflist', why: /is not a JSON object \(it is null\)/, libcni: BOTH },
  { file: 'number.conf', why: /is not a JSON object \(it is a number\)/, libcni: BOTH },
  { file: 'empty.conflist', why: /is empty/, libcni: BOTH },
  { file: 'empty.conf', why: /is empty/, libcni: BOTH },
  { file: 'whitespace.conflist', why: /is empty/, libcni: BOTH },
  { file: 'empty-map.conflist', why: /has no "name"/, libcni: BOTH },
  { file: 'list-no-name.conflist', why: /has no "name" \(libcni refuses a list without one\)/, libcni: BOTH },
  { file: 'list-name-number.conflist', why: /"name" must be a string, not a number/, libcni: BOTH },
  { file: 'list-name-null.conflist', why: /"name" must be a string, not null/, libcni: BOTH },
  { file: 'list-cniversion-number.conflist', why: /"cniVersion" must be a string, not a number/, libcni: BOTH },
  { file: 'no-plugins.conflist', why: /has no "plugins" list/, libcni: BOTH },
  { file: 'list-holding-conf.conflist', why: /has no "plugins" list/, libcni: BOTH },
  { file: 'empty-plugins.conflist', why: /has an empty "plugins" list/, libcni: BOTH },
  { file: 'plugins-map.conflist', why: /"plugins" is an object, not a list/, libcni: BOTH },
  { file: 'plugins-null.conflist', why: /"plugins" is null, not a list/, libcni: BOTH },
  { file: 'plugins-numbers.conflist', why: /plugins\[0\] is a number, not a plugin object/, libcni: BOTH },
  { file: 'plugin-null.conflist', why: /plugins\[1\] is null, not a plugin object/, libcni: BOTH },
  { file: 'plugin-no-type.conflist', why: /plugins\[1\] has no "type"/, libcni: BOTH },
  { file: 'plugin-empty-type.conflist', why: /plugins\[0\] has no "type"/, libcni: BOTH },
  { file: 'plugin-type-number.conflist', why: /plugins\[0\]: "type" must be a string/, libcni: BOTH },
  { file: 'capabilities-not-bool.conflist', why: /plugins\[1\]: "capabilities" must be an object of true\/false/, libcni: BOTH },
  { file: 'ipam-type-number.conflist', why: /plugins\[0\]: "ipam" must be an object \(with a string "type"\)/, libcni: BOTH },
  { file: 'dns-nameservers-string.conflist', why: /plugins\[0\]: "dns" must be an object/, libcni: BOTH },
  { file: 'disablecheck-bad.conflist', why: /"disableCheck" must be true or false, not "yes"/, libcni: BOTH },
  { file: 'cniversions-bad.conflist', why: /cniVersions\[1\] 1\.1 is not a version/, libcni: ['1.3.0'] },
  { file: 'conf-no-type.conf', why: /has no "type"/, libcni: BOTH },
  { file: 'conf-holding-list.conf', why: /has no "type" \(it has "plugins".*name it \.conflist\)/, libcni: BOTH },
  { file: 'conf-ipam-list.conf', why: /"ipam" must be an object/, libcni: BOTH },
  { file: 'conf-name-number.conf', why: /"name" must be a string/, libcni: BOTH },
  { file: 'list-0.2.0.conflist', why: /cniVersion 0\.2\.0: chaining needs prevResult/, libcni: [], ours: 'no prevResult before 0.3.0' },
  { file: 'conf-0.1.0.conf', why: /cniVersion 0\.1\.0: chaining needs prevResult/, libcni: [], ours: 'no prevResult before 0.3.0' },
  { file: 'conf-no-version.conf', why: /has no cniVersion \(read as 0\.1\.0\)/, libcni: [], ours: 'no cniVersion: 0.1.0, no prevResult' },
  { file: 'list-no-version.conflist', why: /has no cniVersion \(read as 0\.1\.0\)/, libcni: [], ours: 'no cniVersion: 0.1.0, no prevResult' },
  { file: 'list-2.0.0.conflist', why: /cniVersion 2\.0\.0, which hcnproxyctl does not speak/, libcni: [], ours: 'a version our plugin does not speak' },
  { file: 'list-version-words.conflist', why: /cniVersion "latest" is not a version/, libcni: [], ours: 'not a version' },
  {
    file: 'list-cniversions-unspoken.conflist',
    why: /cniVersion 1\.0\.1, which hcnproxyctl does not speak/,
    libcni: [],
    ours: 'libcni ≥1.2 selects 1.0.1 from cniVersions',
  },
  { file: 'list-name-space.conflist', why: /network name "pod network" is not a CNI network name/, libcni: [], ours: "skel's network-name check" },
  { file: 'list-name-empty.conflist', why: /network name "" is not a CNI network name/, libcni: [], ours: "skel's network-name check" },
  { file: 'conf-name-bad.conf', why: /network name "-podnet" is not a CNI network name/, libcni: [], ours: "skel's network-name check" },
];

// ---- helpers ----------------------------------------------------------------------------------------

const tmps: string[] = [];
function tmpDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'hcnproxyctl-install-conf-'));
  tmps.push(d);
  return d;
}
afterEach(() => {
  for (const d of tmps.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const fixtureText = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');
const isList = (name: string) => name.endsWith('.conflist');
const readJson = (f: string): Json => JSON.parse(fs.readFileSync(f, 'utf8'));
const isOurs = (p: unknown) => (p as Json | null)?.type === 'hcnproxyctl';
const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** A conf dir holding `name` (mode 0640, and owner 1234:2345 when we may chown), plus the settings file outside it. */
function setUp(name: string, text = fixtureText(name)): { dir: string; file: string; settings: string } {
  const root = tmpDir();
  const dir = path.join(root, 'net.d');
  fs.mkdirSync(dir);
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  fs.chmodSync(file, 0o640);
  if (asRoot) fs.chownSync(file, 1234, 2345);
  const settings = path.join(root, 'settings.json');
  fs.writeFileSync(settings, JSON.stringify(SETTINGS));
  return { dir, file, settings };
}

/** The file's state: name list of its dir, bytes, inode, mtime, mode, owner. */
function snapshot(dir: string): Record<string, { bytes: string; ino: number; mtimeMs: number; mode: number; uid: number; gid: number }> {
  const out: Record<string, { bytes: string; ino: number; mtimeMs: number; mode: number; uid: number; gid: number }> = {};
  for (const n of fs.readdirSync(dir).sort()) {
    const st = fs.statSync(path.join(dir, n));
    out[n] = { bytes: fs.readFileSync(path.join(dir, n), 'base64'), ino: st.ino, mtimeMs: st.mtimeMs, mode: st.mode & 0o7777, uid: st.uid, gid: st.gid };
  }
  return out;
}

/** What the list should be before our entry: the list itself, or the .conf as libcni's ConfListFromConf lists it (a name where it had none). */
function expectedList(name: string): Json {
  const doc = JSON.parse(fixtureText(name)) as Json;
  if (isList(name)) return doc;
  return { cniVersion: doc.cniVersion, name: typeof doc.name === 'string' && doc.name !== '' ? doc.name : 'k8s-pod-network', plugins: [doc] };
}

/** Our entry placed as documented: where an admin put it (not first), else last; extra copies gone. */
function expectedPlugins(plugins: unknown[]): unknown[] {
  const others = plugins.filter((p) => !isOurs(p));
  const at = plugins.findIndex(isOurs);
  if (at <= 0) return [...others, ENTRY];
  const before = plugins.slice(0, at).filter((p) => !isOurs(p)).length;
  return [...others.slice(0, before), ENTRY, ...others.slice(before)];
}

/** Does this libcni version load the file's text (as go-cni would, by its extension)? */
function libcniLoads(name: string, text: string, v: LibcniVersion): boolean {
  try {
    if (isList(name)) {
      const l = confListFromBytes(text, v);
      return l.plugins.length > 0;
    }
    confListFromConf(confFromBytes(text, v), v);
    return true;
  } catch {
    return false;
  }
}

/** Our plugin's own parser on the configuration libcni would hand it from this list; the error message, if it refuses. */
function ourPluginRefuses(config: Json): string | undefined {
  try {
    parsePluginConf(config);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

// ---- the fixtures themselves ---------------------------------------------------------------------

describe('the fixtures', () => {
  it('every fixture file is classified, once', () => {
    const files = fs.readdirSync(FIXTURES).filter((f) => /\.(conf|conflist|json)$/.test(f));
    const classified = [...ACCEPTED, ...REFUSED.map((r) => r.file)];
    expect(new Set(classified).size).toBe(classified.length);
    expect([...classified].sort()).toEqual([...files].sort());
  });

  it.each(ACCEPTED)('%s: containerd 2.x (libcni v1.3.0) loads it', (name) => {
    expect(libcniLoads(name, fixtureText(name), '1.3.0')).toBe(true);
  });

  it.each(REFUSED.map((r) => [r.file, r] as const))('%s: refused by libcni too, or by our plugin for a stated reason', (name, r) => {
    for (const v of LIBCNI_VERSIONS) expect(libcniLoads(name, fixtureText(name), v), `libcni ${v}`).toBe(!r.libcni.includes(v));
    if (r.libcni.length > 0) return;
    expect(r.ours).toBeTruthy();
    // libcni loads it; the configuration it would hand our entry (or any skel plugin) is refused on every
    // ADD, by at least one containerd (cniVersions: only libcni ≥1.2 selects from it).
    const refusals = LIBCNI_VERSIONS.map((v) => {
      const list = isList(name) ? confListFromBytes(fixtureText(name), v) : confListFromConf(confFromBytes(fixtureText(name), v), v);
      const config = { ...ENTRY, name: list.name, cniVersion: list.cniVersion };
      return skelRefuses(config) ?? ourPluginRefuses(config);
    });
    expect(refusals.some((x) => x !== undefined)).toBe(true);
  });
});

// ---- accepted: install, install again, uninstall, uninstall again --------------------------------

describe.each(ACCEPTED)('install-cni on %s', (name) => {
  it('the result loads in containerd (both libcni versions that loaded the input), our entry once, everything else kept; a re-run is a no-op; uninstall restores the list', () => {
    const { dir, file, settings } = setUp(name);
    const target = isList(name) ? file : path.join(dir, `${path.basename(name, path.extname(name))}.conflist`);
    const original = JSON.parse(fixtureText(name)) as Json;
    const before = expectedList(name);
    const loadedBefore = LIBCNI_VERSIONS.filter((v) => libcniLoads(name, fixtureText(name), v));

    // 1. install
    const r = runCli(['install-cni', '--conf-dir', dir, '--config', settings, '-o', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      action: (before.plugins as unknown[]).some(isOurs) ? 'replaced' : 'inserted',
      file: target,
      ...(isList(name) ? {} : { previousFile: file }),
      warnings: [],
    });
    // the .conf is gone, nothing else left behind (no temp file)
    expect(fs.readdirSync(dir)).toEqual([path.basename(target)]);
    const after = readJson(target);
    // every list key kept (for a .conf: libcni's conversion, with a name)
    const { plugins: pluginsAfter, ...keysAfter } = after;
    const { plugins: pluginsBefore, ...keysBefore } = before;
    expect(keysAfter).toEqual(keysBefore);
    expect(after.cniVersion).toBe(original.cniVersion);
    // our entry exactly once, where documented; every other plugin (another mesh's entry too) deep-equal, in order
    expect(pluginsAfter).toEqual(expectedPlugins(pluginsBefore as unknown[]));
    expect((pluginsAfter as unknown[]).filter(isOurs)).toHaveLength(1);
    // mode and owner kept
    const st = fs.statSync(target);
    expect(st.mode & 0o7777).toBe(0o640);
    if (asRoot) expect([st.uid, st.gid]).toEqual([1234, 2345]);

    // 2. read back the way containerd reads it: every libcni that loaded the input loads the result (v1.3.0 always)
    expect(loadedBefore).toContain('1.3.0');
    for (const v of loadedBefore) {
      const { file: picked, list } = containerdNetwork(dir, v);
      expect(picked).toBe(target);
      expect(list.name).toMatch(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/);
      expect(list.plugins.map((p) => p.type)).toEqual((pluginsAfter as Json[]).map((p) => p.type));
      // what libcni hands each plugin passes skel's checks; ours passes our plugin's parser, settings included
      for (const p of list.plugins) expect(skelRefuses(pluginConfig(list, p))).toBeUndefined();
      const ours = list.plugins.find((p) => p.type === 'hcnproxyctl')!;
      const conf = parsePluginConf(pluginConfig(list, ours));
      expect(conf.settings.nftMode).toBe('exec');
      expect(conf.settings.excludeNamespaces).toEqual(['kube-system', 'monitoring']);
      expect(conf.settings.node.meshDefaults?.linkerd).toEqual({ ipFamilies: 'dual' });
      expect(conf.settings.node.profiles).toEqual(['istio', 'linkerd']);
    }

    // 3. again: nothing to do, the file not rewritten
    const once = snapshot(dir);
    const again = runCli(['install-cni', '--conf-dir', dir, '--config', settings, '-o', 'json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ action: 'unchanged', file: target });
    expect(snapshot(dir)).toEqual(once);

    // 4. uninstall: only our entry goes (for a .conf, the list stays a list, as the peers leave it)
    const u = runCli(['uninstall-cni', '--conf-dir', dir, '-o', 'json']);
    expect(u.code).toBe(0);
    expect(JSON.parse(u.stdout)).toEqual({ action: 'removed', file: target, warnings: [] });
    expect(readJson(target)).toEqual({ ...before, plugins: (before.plugins as unknown[]).filter((p) => !isOurs(p)) });
    for (const v of loadedBefore) expect(() => loadFile(target, v)).not.toThrow();
    expect(fs.statSync(target).mode & 0o7777).toBe(0o640);
    const removed = snapshot(dir);
    expect(JSON.parse(runCli(['uninstall-cni', '--conf-dir', dir, '-o', 'json']).stdout).action).toBe('absent');
    expect(snapshot(dir)).toEqual(removed);
  });
});

// ---- refused: exit 1, one line, nothing touched -------------------------------------------------

describe.each(REFUSED.map((r) => [r.file, r] as const))('refused: %s', (name, r) => {
  it('install-cni (--conf-dir and --conf-file) and uninstall-cni exit 1 with one line naming the file; the directory is as it was', () => {
    const { dir, file, settings } = setUp(name);
    const before = snapshot(dir);
    for (const args of [
      ['install-cni', '--conf-dir', dir, '--config', settings],
      ['install-cni', '--conf-file', file, '--config', settings],
      ['uninstall-cni', '--conf-dir', dir],
    ]) {
      const res = runCli(args);
      expect(res.code, args.join(' ')).toBe(1);
      expect(res.stdout).toBe('');
      expect(res.stderr).toMatch(new RegExp(`^hcnproxyctl: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b[^\\n]*left untouched\\n$`));
      expect(res.stderr).toMatch(r.why);
      expect(snapshot(dir)).toEqual(before);
    }
  });
});

// ---- --conf-file, every form, run again (a DaemonSet restarts) ----------------------------------

describe('--conf-file re-runs', () => {
  const NAMED = fixtureText('single-named.conf');
  const UNNAMED = fixtureText('single-unnamed.conf');
  const install = (f: string, settings: string) => runCli(['install-cni', '--conf-file', f, '--config', settings, '-o', 'json']);
  const uninstall = (f: string) => runCli(['uninstall-cni', '--conf-file', f, '-o', 'json']);
  const json = (r: { stdout: string }) => JSON.parse(r.stdout) as Json;
  const oursIn = (f: string) => (readJson(f).plugins as unknown[]).filter(isOurs).length;

  it('X.conf, then X.conf again (the restart): the second run finds X.conflist, exit 0, nothing rewritten', () => {
    for (const [name, text] of [
      ['10-net.conf', UNNAMED],
      ['10-net.json', NAMED],
    ] as const) {
      const { dir, file, settings } = setUp(name, text);
      const list = path.join(dir, '10-net.conflist');
      expect(json(install(file, settings))).toEqual({ action: 'inserted', file: list, previousFile: file, warnings: [] });
      expect(fs.readdirSync(dir)).toEqual(['10-net.conflist']);
      const once = snapshot(dir);
      const again = install(file, settings);
      expect(again.stderr).toBe('');
      expect(again.code).toBe(0);
      expect(json(again)).toEqual({ action: 'unchanged', file: list, warnings: [] });
      expect(snapshot(dir)).toEqual(once);
      expect(
        containerdNetwork(dir, '1.1.2')
          .list.plugins.map((p) => p.type)
          .at(-1),
      ).toBe('hcnproxyctl');
    }
  });

  it('X.conflist given while the node still has X.conf: X.conf is converted; again: unchanged', () => {
    const { dir, file, settings } = setUp('10-net.conf', UNNAMED);
    const list = path.join(dir, '10-net.conflist');
    expect(json(install(list, settings))).toEqual({ action: 'inserted', file: list, previousFile: file, warnings: [] });
    expect(readJson(list).name).toBe('k8s-pod-network');
    const once = snapshot(dir);
    expect(json(install(list, settings)).action).toBe('unchanged');
    expect(snapshot(dir)).toEqual(once);
  });

  it('uninstall X.conf after install: removed from X.conflist; again: absent; install X.conf again: inserted', () => {
    const { dir, file, settings } = setUp('10-net.conf', NAMED);
    const list = path.join(dir, '10-net.conflist');
    expect(install(file, settings).code).toBe(0);
    const u = uninstall(file);
    expect(u.code).toBe(0);
    expect(json(u)).toEqual({ action: 'removed', file: list, warnings: [] });
    expect(readJson(list)).toEqual(confListOf(NAMED));
    expect(json(uninstall(file)).action).toBe('absent');
    expect(json(install(file, settings))).toMatchObject({ action: 'inserted', file: list });
    expect(oursIn(list)).toBe(1);
  });

  it('uninstall X.conflist when only X.conf exists (never installed): absent, untouched', () => {
    const { dir } = setUp('10-net.conf', NAMED);
    const before = snapshot(dir);
    const u = uninstall(path.join(dir, '10-net.conflist'));
    expect(u.code).toBe(0);
    expect(json(u)).toEqual({ action: 'absent', file: path.join(dir, '10-net.conf'), warnings: [] });
    expect(snapshot(dir)).toEqual(before);
  });

  it('the network plugin wrote X.conf again beside our X.conflist: X.conf and X.conflist both mean the new X.conf; uninstall finds our entry', () => {
    for (const given of ['10-net.conf', '10-net.conflist']) {
      const { dir, file, settings } = setUp('10-net.conf', NAMED);
      const list = path.join(dir, '10-net.conflist');
      expect(install(file, settings).code).toBe(0);
      const rewritten = { ...JSON.parse(NAMED), bridge: 'mesh9' };
      fs.writeFileSync(file, JSON.stringify(rewritten));
      expect(json(install(path.join(dir, given), settings))).toEqual({ action: 'inserted', file: list, previousFile: file, warnings: [] });
      expect(fs.readdirSync(dir)).toEqual(['10-net.conflist']);
      expect(readJson(list).plugins).toEqual([rewritten, ENTRY]);
    }
    // uninstall given X.conf while X.conf was rewritten again: our entry is in X.conflist
    const { dir, file, settings } = setUp('10-net.conf', NAMED);
    expect(install(file, settings).code).toBe(0);
    fs.writeFileSync(file, NAMED);
    expect(json(uninstall(file))).toEqual({ action: 'removed', file: path.join(dir, '10-net.conflist'), warnings: [] });
    expect(oursIn(path.join(dir, '10-net.conflist'))).toBe(0);
  });

  it("X.conf given, only the network plugin's own X.conflist there: that list (as istio-cni does)", () => {
    const { dir, file, settings } = setUp('10-net.conflist', fixtureText('list.conflist'));
    expect(json(install(path.join(dir, '10-net.conf'), settings))).toEqual({ action: 'inserted', file, warnings: [] });
    expect(json(install(path.join(dir, '10-net.conf'), settings)).action).toBe('unchanged');
  });

  it('neither form exists: exit 1 naming both, nothing created; another extension: a usage error', () => {
    const { dir, settings } = setUp('other.conflist', fixtureText('list.conflist'));
    const before = snapshot(dir);
    const r = install(path.join(dir, '20-missing.conf'), settings);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/20-missing\.conf does not exist \(nor 20-missing\.conflist\)/);
    const r2 = uninstall(path.join(dir, '20-missing.conflist'));
    expect(r2.code).toBe(1);
    expect(r2.stderr).toMatch(/20-missing\.conflist does not exist \(nor 20-missing\.conf or \.json\)/);
    const r3 = install(path.join(dir, 'other.txt'), settings);
    expect(r3.code).toBe(2);
    expect(r3.stderr).toMatch(/containerd loads only \*\.conf, \*\.conflist and \*\.json files/);
    expect(snapshot(dir)).toEqual(before);
  });

  it('a file that is not the one containerd loads first: installed, with a warning naming the one it loads', () => {
    const { dir, settings } = setUp('20-net.conflist', fixtureText('list.conflist'));
    fs.writeFileSync(path.join(dir, '10-other.conflist'), fixtureText('list-istio.conflist'));
    const r = runCli(['install-cni', '--conf-file', path.join(dir, '20-net.conflist'), '--config', settings]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^hcnproxyctl: warning: 10-other\.conflist sorts before 20-net\.conflist .*containerd \(max_conf_num 1\) loads it/);
  });
});

/** libcni's ConfListFromConf of a named .conf, as a JSON value. */
function confListOf(text: string): Json {
  const doc = JSON.parse(text) as Json;
  return { cniVersion: doc.cniVersion, name: doc.name, plugins: [doc] };
}
