// Whether this machine can run the containerd e2e suites on the selected runtime (runtime.ts): Linux
// x86-64, root, overlayfs, network namespaces, cgroups, a static-capable gcc, and the runtime's packages
// either cached or obtainable with apt.
// In CI (CI=true) a missing prerequisite is an error — CI must never silently skip these suites.
import fs from 'node:fs';
import path from 'node:path';
import { cgroupHierarchies } from './host.js';
import { cachedPackages, defaultCacheDir, derivedSource } from './packages.js';
import { runSync } from './proc.js';
import { RUNTIME_ENV, selectedRuntime, type Runtime } from './runtime.js';

function onPath(cmd: string): boolean {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/local/sbin', '/usr/sbin', '/sbin', '/usr/bin', '/bin'];
  return dirs.some((d) => d && fs.existsSync(path.join(d, cmd)));
}

function overlayAvailable(): boolean {
  if (
    fs
      .readFileSync('/proc/filesystems', 'utf8')
      .split('\n')
      .some((l) => l.trim().endsWith('\toverlay') || l.trim() === 'nodev\toverlay')
  )
    return true;
  // Not loaded yet: containerd's snapshotter loads it on first use when the module exists.
  const release = fs.readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim();
  return fs.existsSync(`/lib/modules/${release}/kernel/fs/overlayfs`);
}

/** Everything missing, empty when the suites can run. */
export function missingPrerequisites(cache = defaultCacheDir(), runtime: Runtime = selectedRuntime()): string[] {
  const missing: string[] = [];
  if (process.platform !== 'linux') return [`Linux (this is ${process.platform})`];
  if (process.arch !== 'x64') missing.push(`x86-64 (this is ${process.arch}; the image and packages are amd64)`);
  if (process.getuid?.() !== 0) missing.push('root (uid 0)');
  for (const cmd of ['gcc', 'tar', 'ip', 'umount', 'unshare']) if (!onPath(cmd)) missing.push(cmd);
  if (missing.length > 0) return missing;
  if (!overlayAvailable()) missing.push('the overlay filesystem');
  if (cgroupHierarchies().length === 0) missing.push('mounted cgroup hierarchies');
  const probe = runSync('unshare', ['--net', '--mount', 'true'], { timeoutMs: 10_000 });
  if (probe.code !== 0) missing.push(`permission to create network and mount namespaces (${probe.stderr.trim() || `exit ${probe.code}`})`);
  const libc = runSync('gcc', ['-print-file-name=libc.a']).stdout.trim();
  if (!libc.startsWith('/') || !fs.existsSync(libc)) missing.push('libc.a for static builds (libc6-dev)');
  if (!cachedPackages(cache, runtime)) {
    for (const cmd of ['apt-get', 'dpkg', 'dpkg-deb'])
      if (!onPath(cmd)) missing.push(`${cmd} (to fetch ${runtime.name}, runc and the CNI plugins into ${cache})`);
    try {
      derivedSource(runtime.suite);
    } catch (e) {
      missing.push(`an apt source to derive the ${runtime.suite} one from (${(e as Error).message})`);
    }
  }
  return missing;
}

/**
 * Why the containerd e2e suites cannot run here, or undefined when they can. With CI=true a missing
 * prerequisite THROWS; elsewhere it prints a loud banner and returns the reason (for describe.skipIf).
 */
export function e2eSkipReason(suite = 'containerd e2e', cache = defaultCacheDir()): string | undefined {
  const runtime = selectedRuntime();
  const missing = missingPrerequisites(cache, runtime);
  if (missing.length === 0) return undefined;
  const reason = `needs ${missing.join(', ')} (runtime ${runtime.name}, ${RUNTIME_ENV}=${runtime.id})`;
  if (process.env.CI === 'true') throw new Error(`${suite} cannot run in CI: ${reason}`);
  const bar = '!'.repeat(100);
  console.warn(
    `\n${bar}\n!!! SKIPPING ${suite}: ${reason}.\n!!! These tests run a real containerd (CRI + NRI) with real pods; CI runs them as root.\n${bar}\n`,
  );
  return reason;
}
