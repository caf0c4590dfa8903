// The runtime's packages (runtime.ts) downloaded as .debs into the e2e cache and unpacked there with
// `dpkg -x` — nothing is installed and the system's apt state does not change: containerd 1.7.24 (trixie)
// or 2.1.9 (forky, with forky's CNI plugins), runc (and for 1.7 the CNI plugins) from the system's own
// suite. The trixie/forky download goes through a private APT_CONFIG whose single source is built at run
// time from the system's own deb822 stanza (same URIs and Signed-By, suite replaced), with private lists
// and cache directories (apt.conf(5): Dir::State, Dir::Cache, Dir::Etc::sourcelist). Each runtime has its own
// folder `<cache>/containerd-<id>/` (apt/, debs/, root/): the two trees never mix.
import fs from 'node:fs';
import path from 'node:path';
import { run, sleep } from './proc.js';
import { selectedRuntime, type Runtime } from './runtime.js';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const APT_LISTS = '/var/lib/apt/lists';

/** `$HCNPROXYCTL_E2E_CACHE`, else `<repo>/.cache/e2e` (git-ignored). Shared by both runtimes (the image). */
export function defaultCacheDir(): string {
  return process.env.HCNPROXYCTL_E2E_CACHE || path.join(REPO_ROOT, '.cache', 'e2e');
}

/** The runtime's own folder in the cache: `<cache>/containerd-1.7`, `<cache>/containerd-2.x`. */
export function packagesDir(cache: string, runtime: Runtime): string {
  return path.join(cache, `containerd-${runtime.id}`);
}

export interface Packages {
  runtime: Runtime;
  /** `<cache>/containerd-<id>/root`, the `dpkg -x` target. */
  root: string;
  containerd: string;
  ctr: string;
  shim: string;
  runc: string;
  /** Directory of the reference CNI plugins (bridge, host-local, loopback, …). */
  cniDir: string;
  /** Package → version actually unpacked. */
  versions: Record<string, string>;
}

function layout(root: string, runtime: Runtime): Omit<Packages, 'versions'> {
  return {
    runtime,
    root,
    containerd: path.join(root, 'usr/bin/containerd'),
    ctr: path.join(root, 'usr/bin/ctr'),
    shim: path.join(root, 'usr/bin/containerd-shim-runc-v2'),
    runc: path.join(root, 'usr/sbin/runc'),
    cniDir: path.join(root, 'usr/lib/cni'),
  };
}

const MARKER = '.hcnproxyctl-e2e.json';

/** The runtime's unpacked tree when it is complete (fast path: a few stats and one small read). */
export function cachedPackages(cache: string = defaultCacheDir(), runtime: Runtime = selectedRuntime()): Packages | undefined {
  const root = path.join(packagesDir(cache, runtime), 'root');
  try {
    const versions = JSON.parse(fs.readFileSync(path.join(root, MARKER), 'utf8')) as Record<string, string>;
    const l = layout(root, runtime);
    if (Object.entries(runtime.fromSuite).some(([pkg, v]) => versions[pkg] !== v)) return undefined;
    for (const f of [l.containerd, l.ctr, l.shim, l.runc, path.join(l.cniDir, 'bridge')]) if (!fs.existsSync(f)) return undefined;
    return { ...l, versions };
  } catch {
    return undefined;
  }
}

interface Deb822 {
  [key: string]: string;
}

/** Stanzas of a deb822 file: `Key: value` fields, continuation lines, `#` comments, blank-line separated. */
export function parseDeb822(text: string): Deb822[] {
  const stanzas: Deb822[] = [];
  let cur: Deb822 = {};
  let last: string | undefined;
  for (const line of text.split('\n')) {
    if (line.trim() === '') {
      if (Object.keys(cur).length > 0) stanzas.push(cur);
      cur = {};
      last = undefined;
    } else if (line.startsWith('#')) {
      continue;
    } else if (/^\s/.test(line) && last) {
      cur[last] = `${cur[last]}\n${line.trim()}`;
    } else {
      const m = /^([A-Za-z0-9-]+):\s*(.*)$/.exec(line);
      if (!m) continue;
      last = m[1]!.toLowerCase();
      cur[last] = m[2]!.trim();
    }
  }
  if (Object.keys(cur).length > 0) stanzas.push(cur);
  return stanzas;
}

export function systemCodename(): string {
  const m = /^VERSION_CODENAME=("?)([^"\n]*)\1$/m.exec(fs.readFileSync('/etc/os-release', 'utf8'));
  if (!m?.[2]) throw new Error('/etc/os-release names no VERSION_CODENAME');
  return m[2];
}

/**
 * The apt source for `suite`, derived from the system's own stanza for its codename (never a hard-coded
 * host): deb822 from /etc/apt/sources.list.d/*.sources, else a one-line /etc/apt/sources.list entry.
 * Returns the content of a file for Dir::Etc::SourceParts (`.sources`) or Dir::Etc::SourceList.
 */
export function derivedSource(suite: string): { kind: 'deb822' | 'list'; text: string } {
  const codename = systemCodename();
  const dir = '/etc/apt/sources.list.d';
  const files = fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.sources'))
        .sort()
    : [];
  for (const f of files) {
    for (const s of parseDeb822(fs.readFileSync(path.join(dir, f), 'utf8'))) {
      const types = (s.types ?? '').split(/\s+/);
      const suites = (s.suites ?? '').split(/\s+/);
      if (!types.includes('deb') || !suites.includes(codename) || !s.uris || s.enabled === 'no') continue;
      const lines = ['Types: deb', `URIs: ${s.uris.split(/\s+/)[0]}`, `Suites: ${suite}`, 'Components: main'];
      if (s['signed-by']) lines.push(`Signed-By: ${s['signed-by'].replace(/\n/g, '\n ')}`);
      return { kind: 'deb822', text: `${lines.join('\n')}\n` };
    }
  }
  const list = '/etc/apt/sources.list';
  if (fs.existsSync(list)) {
    for (const line of fs.readFileSync(list, 'utf8').split('\n')) {
      const m = /^deb\s+(\[[^\]]*\]\s+)?(\S+)\s+(\S+)\s/.exec(line.trim() + ' ');
      if (m && m[3] === codename) return { kind: 'list', text: `deb ${m[1] ?? ''}${m[2]} ${suite} main\n` };
    }
  }
  throw new Error(`no apt source for "${codename}" found in ${dir}/*.sources or ${list}`);
}

/** Environment for apt with the system configuration (a caller's APT_CONFIG must not leak in). */
function systemAptEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  delete env.APT_CONFIG;
  return env;
}

/** Writes the private apt configuration for `suite` under `dir/apt`; returns the APT_CONFIG path. */
function writePrivateApt(dir: string, suite: string): string {
  const apt = path.join(dir, 'apt');
  for (const d of ['etc/sources.list.d', 'etc/preferences.d', 'state/lists/partial', 'cache/archives/partial']) {
    fs.mkdirSync(path.join(apt, d), { recursive: true });
  }
  const src = derivedSource(suite);
  fs.writeFileSync(path.join(apt, 'etc/sources.list'), src.kind === 'list' ? src.text : '');
  const parts = path.join(apt, 'etc/sources.list.d', `${suite}.sources`);
  if (src.kind === 'deb822') fs.writeFileSync(parts, src.text);
  else fs.rmSync(parts, { force: true });
  fs.writeFileSync(path.join(apt, 'etc/preferences'), '');
  const q = (p: string) => JSON.stringify(path.join(apt, p));
  const conf = [
    `Dir::Etc::SourceList ${q('etc/sources.list')};`,
    `Dir::Etc::SourceParts ${q('etc/sources.list.d')};`,
    `Dir::Etc::Preferences ${q('etc/preferences')};`,
    `Dir::Etc::PreferencesParts ${q('etc/preferences.d')};`,
    `Dir::State ${q('state')};`,
    'Dir::State::status "/var/lib/dpkg/status";',
    `Dir::Cache ${q('cache')};`,
    // The archive may be a dated snapshot: forky's Release file is past its Valid-Until (trixie's will be).
    // The signature is still checked (Signed-By); only the expiry is not.
    'Acquire::Check-Valid-Until "false";',
    '',
  ].join('\n');
  const file = path.join(apt, 'apt.conf');
  fs.writeFileSync(file, conf);
  return file;
}

function debsIn(dir: string, pkg: string): string[] {
  return fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => f.startsWith(`${pkg}_`) && f.endsWith('.deb'))
        .map((f) => path.join(dir, f))
    : [];
}

/** apt downloads as user _apt: let it write the target dir (else "Download is performed unsandboxed as root"). */
async function chownApt(dir: string): Promise<void> {
  await run('chown', ['_apt:root', dir]).catch(() => {
    /* no _apt user: apt falls back to root, with a warning */
  });
}

/** The .deb of exactly `pkg` `version` in `debs` (apt names it `<pkg>_<version, ':' as %3a>_<arch>.deb`). */
function pinnedDeb(debs: string, pkg: string, version: string): string | undefined {
  return debsIn(debs, pkg).find((f) => path.basename(f).startsWith(`${pkg}_${version.replace(/:/g, '%3a')}_`));
}

/** The runtime's packages from its own suite, pinned, through the private apt configuration. */
async function downloadSuitePackages(dir: string, debs: string, runtime: Runtime): Promise<void> {
  const missing = Object.entries(runtime.fromSuite).filter(([pkg, v]) => !pinnedDeb(debs, pkg, v));
  if (missing.length === 0) return;
  const aptConfig = writePrivateApt(dir, runtime.suite);
  const env = { ...systemAptEnv(), APT_CONFIG: aptConfig };
  await run('apt-get', ['-qq', 'update'], { env, timeoutMs: 300_000 });
  await chownApt(debs);
  const specs = missing.map(([pkg, v]) => `${pkg}=${v}`);
  await run('apt-get', ['-qq', 'download', ...specs], { cwd: debs, env, timeoutMs: 300_000 });
}

function systemListsEmpty(): boolean {
  return !fs.existsSync(APT_LISTS) || !fs.readdirSync(APT_LISTS).some((f) => f.includes('_Packages'));
}

async function downloadSystemPackages(debs: string, runtime: Runtime): Promise<void> {
  const missing = runtime.fromSystem.filter((p) => debsIn(debs, p).length === 0);
  if (missing.length === 0) return;
  const env = systemAptEnv();
  if (systemListsEmpty()) await run('apt-get', ['-qq', 'update'], { env, timeoutMs: 300_000 });
  await chownApt(debs);
  await run('apt-get', ['-qq', 'download', ...missing], { cwd: debs, env, timeoutMs: 300_000 });
}

/** The system's apt lists hold nothing of `suite` (its lists live in the private state only). */
export function assertNoSuiteLists(suite: string): void {
  const bad = fs.existsSync(APT_LISTS) ? fs.readdirSync(APT_LISTS).filter((f) => f.includes(suite)) : [];
  if (bad.length > 0) throw new Error(`${suite} package lists landed in ${APT_LISTS}: ${bad.join(', ')}`);
}

/** Serializes preparation of one cache between processes (parallel suites): a lock directory holding our PID. */
async function withCacheLock<T>(cache: string, fn: () => Promise<T>): Promise<T> {
  const lock = path.join(cache, '.lock');
  const deadline = Date.now() + 600_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const owner = Number(fs.readFileSync(path.join(lock, 'pid'), { encoding: 'utf8', flag: 'a+' }) || 0);
      let alive = false;
      if (owner > 0) {
        try {
          process.kill(owner, 0);
          alive = true;
        } catch {
          alive = false;
        }
      }
      if (!alive && (owner > 0 || Date.now() - fs.statSync(lock).mtimeMs > 10_000)) fs.rmSync(lock, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`e2e cache ${cache} stayed locked by PID ${owner}`);
      else await sleep(200);
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

async function debVersion(deb: string): Promise<string> {
  return (await run('dpkg-deb', ['--field', deb, 'Version'])).stdout.trim();
}

/**
 * Makes `<cache>/containerd-<id>/root` hold the runtime's containerd, runc and CNI plugins (downloading
 * what is missing). Idempotent; a warm cache returns after a few stats.
 */
export async function ensurePackages(cache: string = defaultCacheDir(), runtime: Runtime = selectedRuntime()): Promise<Packages> {
  const hit = cachedPackages(cache, runtime);
  if (hit) return hit;
  const dir = packagesDir(cache, runtime);
  fs.mkdirSync(dir, { recursive: true });
  return withCacheLock(dir, async () => {
    const again = cachedPackages(cache, runtime);
    if (again) return again;
    const debs = path.join(dir, 'debs');
    fs.mkdirSync(debs, { recursive: true });
    await downloadSuitePackages(dir, debs, runtime);
    await downloadSystemPackages(debs, runtime);
    assertNoSuiteLists(runtime.suite);

    // Unpack into a fresh tree, then rename: a half-unpacked tree is never taken for a complete one.
    const root = path.join(dir, 'root');
    const tmp = path.join(dir, `root.tmp-${process.pid}`);
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.mkdirSync(tmp);
    const versions: Record<string, string> = {};
    // Suite packages first: a system package unpacked later wins a shared path (none today).
    for (const pkg of [...Object.keys(runtime.fromSuite), ...runtime.fromSystem]) {
      const pinned = runtime.fromSuite[pkg];
      const deb = pinned !== undefined ? pinnedDeb(debs, pkg, pinned) : debsIn(debs, pkg).sort().at(-1);
      if (!deb) throw new Error(`no ${pkg} .deb in ${debs}`);
      versions[pkg] = await debVersion(deb);
      await run('dpkg', ['-x', deb, tmp]);
    }
    fs.writeFileSync(path.join(tmp, MARKER), `${JSON.stringify(versions, null, 2)}\n`);
    fs.rmSync(root, { recursive: true, force: true });
    fs.renameSync(tmp, root);
    const done = cachedPackages(cache, runtime);
    if (!done) throw new Error(`unpacked packages in ${root} are incomplete`);
    return done;
  });
}
