#!/usr/bin/env node
// `npm run build:image`: the OCI image the DaemonSets in conf/kubernetes run (image hcnproxyctl:0.1.0),
// as an image-layout tar for `ctr -n k8s.io images import`, linux/amd64. One layer:
//   /usr/local/bin/hcnproxyctl   the single executable (dist/hcnproxyctl)
//   /usr/sbin/nft, /usr/bin/nsenter, /usr/bin/unshare and libnftables.so.1 — the exec fallback and the
//   in-process path — with the shared libraries they and the executable need,
// taken from the machine's own Debian packages (the installed versions, `apt-get download` + `dpkg -x`),
// as the e2e harness builds its pause image: nothing is pulled from a registry. Reproducible: fixed file
// order, owners and times, gzip without a name or time; equal inputs give equal bytes (the digest is
// printed and written to dist/image/IMAGE.md with the size and the package versions).
//   node build/image.mjs [--out DIR]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha256, TAR_FLAGS, writeOciArchive } from './oci-layout.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
export const IMAGE_REF = `docker.io/library/hcnproxyctl:${pkg.version}`;
const outDir = process.argv.includes('--out') ? path.resolve(process.argv[process.argv.indexOf('--out') + 1]) : path.join(root, 'dist', 'image');
const EXE = path.join(root, 'dist', 'hcnproxyctl');
const DEB_CACHE = path.join(root, '.cache', 'image-debs');

/** Debian packages whose files go into the image (binaries and the libraries `ldd` names for them). */
const PACKAGES = [
  'libc6',
  'libgcc-s1',
  'libstdc++6',
  'nftables',
  'libnftables1',
  'libedit2',
  'libmnl0',
  'libnftnl11',
  'libxtables12',
  'libjansson4',
  'libgmp10',
  'libtinfo6',
  'libbsd0',
  'libmd0',
  'util-linux',
  'libselinux1',
  'libpcre2-8-0',
];
const BINARIES = [
  ['usr/sbin/nft', 'nftables'],
  ['usr/bin/nsenter', 'util-linux'],
  ['usr/bin/unshare', 'util-linux'],
];
const LIB_DIRS = ['lib/x86_64-linux-gnu', 'usr/lib/x86_64-linux-gnu'];
/** Never needed by these programs: locale conversion modules, audit modules, documentation. */
const SKIP = [/\/gconv\//, /\/audit\//, /^usr\/share\//];

const sh = (cmd, args, opts = {}) => execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...opts });

function installedVersion(name) {
  try {
    return sh('dpkg-query', ['-W', '-f', '${Version}', `${name}:amd64`]).trim() || sh('dpkg-query', ['-W', '-f', '${Version}', name]).trim();
  } catch {
    return sh('dpkg-query', ['-W', '-f', '${Version}', name]).trim();
  }
}

/** The .deb of the installed version of each package, downloaded once into .cache/image-debs. */
function debs() {
  fs.mkdirSync(DEB_CACHE, { recursive: true });
  const files = [];
  const wanted = PACKAGES.map((name) => ({ name, version: installedVersion(name) }));
  const missing = wanted.filter((w) => !fs.readdirSync(DEB_CACHE).some((f) => f.startsWith(`${w.name}_${w.version.replace(':', '%3a')}_`)));
  if (missing.length > 0) {
    const args = ['download', ...missing.map((w) => `${w.name}=${w.version}`)];
    try {
      sh('apt-get', args, { cwd: DEB_CACHE });
    } catch {
      sh('apt-get', ['update', '-qq']); // a fresh machine may not have the package lists yet
      sh('apt-get', args, { cwd: DEB_CACHE });
    }
  }
  for (const w of wanted) {
    const file = fs.readdirSync(DEB_CACHE).find((f) => f.startsWith(`${w.name}_${w.version.replace(':', '%3a')}_`));
    if (!file) throw new Error(`no .deb for ${w.name} ${w.version} in ${DEB_CACHE}`);
    files.push({ ...w, file: path.join(DEB_CACHE, file) });
  }
  return files;
}

function copyEntry(from, to) {
  const st = fs.lstatSync(from);
  fs.mkdirSync(path.dirname(to), { recursive: true, mode: 0o755 });
  if (st.isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(from), to);
  else fs.copyFileSync(from, to);
  if (!st.isSymbolicLink()) fs.chmodSync(to, st.mode & 0o7777);
}

function buildRootfs(work, packages) {
  const x = path.join(work, 'x');
  for (const p of packages) sh('dpkg', ['-x', p.file, x]);
  const rootfs = path.join(work, 'rootfs');
  for (const d of ['usr/local/bin', 'etc', 'tmp', 'var/cache', 'var/run/netns', 'lib64']) fs.mkdirSync(path.join(rootfs, d), { recursive: true, mode: 0o755 });
  fs.chmodSync(path.join(rootfs, 'tmp'), 0o1777);
  fs.copyFileSync(EXE, path.join(rootfs, 'usr/local/bin/hcnproxyctl'));
  fs.chmodSync(path.join(rootfs, 'usr/local/bin/hcnproxyctl'), 0o755);
  for (const [bin] of BINARIES) copyEntry(path.join(x, bin), path.join(rootfs, bin));
  // Every shared library of these packages (with their soname links), and the dynamic loader.
  for (const dir of LIB_DIRS) {
    const base = path.join(x, dir);
    if (!fs.existsSync(base)) continue;
    for (const rel of fs.readdirSync(base, { recursive: true })) {
      const full = path.join(base, rel);
      const relPath = path.join(dir, rel);
      if (SKIP.some((re) => re.test(`${relPath}`)) || fs.lstatSync(full).isDirectory()) continue;
      if (!/\.so(\.\d+)*$/.test(rel)) continue;
      copyEntry(full, path.join(rootfs, relPath));
    }
  }
  copyEntry(path.join(x, 'lib64/ld-linux-x86-64.so.2'), path.join(rootfs, 'lib64/ld-linux-x86-64.so.2'));
  fs.writeFileSync(path.join(rootfs, 'etc/ld.so.conf'), `${LIB_DIRS.map((d) => `/${d}`).join('\n')}\n`);
  sh('ldconfig', ['-r', rootfs]);
  // ldconfig's aux-cache records inode numbers and times: not reproducible, and not needed.
  fs.rmSync(path.join(rootfs, 'var/cache/ldconfig'), { recursive: true, force: true });
  // A passwd/group so that nothing prints "I have no name!": root only.
  fs.writeFileSync(path.join(rootfs, 'etc/passwd'), 'root:x:0:0:root:/root:/usr/sbin/nologin\n');
  fs.writeFileSync(path.join(rootfs, 'etc/group'), 'root:x:0:\n');
  return rootfs;
}

function writeImage(work, rootfs, packages, out) {
  const layerTar = path.join(work, 'layer.tar');
  sh('tar', [...TAR_FLAGS, '-cf', layerTar, '-C', rootfs, '.']);
  const diffId = `sha256:${sha256(fs.readFileSync(layerTar))}`;
  sh('gzip', ['-n', '-9', layerTar]);
  const labels = {
    'org.opencontainers.image.title': 'hcnproxyctl',
    'org.opencontainers.image.version': pkg.version,
    'org.opencontainers.image.description': pkg.description,
    'dev.hcnproxyctl.debian-packages': packages.map((p) => `${p.name}=${p.version}`).join(' '),
  };
  return writeOciArchive({
    work,
    out,
    layer: { bytes: fs.readFileSync(`${layerTar}.gz`), mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', diffId },
    config: {
      architecture: 'amd64',
      os: 'linux',
      config: { Entrypoint: ['/usr/local/bin/hcnproxyctl'], Env: ['PATH=/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], WorkingDir: '/', Labels: labels },
      history: [{ created: '1970-01-01T00:00:00Z', created_by: 'npm run build:image (build/image.mjs)' }],
      created: '1970-01-01T00:00:00Z',
    },
    name: IMAGE_REF,
    tag: pkg.version,
  });
}

function main() {
  if (!fs.existsSync(EXE)) throw new Error(`${path.relative(root, EXE)} is missing: npm run build:exe first`);
  const packages = debs();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hcnproxyctl-image-'));
  try {
    const rootfs = buildRootfs(work, packages);
    const tar = path.join(outDir, `hcnproxyctl-${pkg.version}-linux-amd64.oci.tar`);
    const { manifest, config, layer } = writeImage(work, rootfs, packages, tar);
    const size = fs.statSync(tar).size;
    const info = {
      tar,
      ref: IMAGE_REF,
      manifestDigest: manifest.digest,
      imageId: config.digest,
      layerBytes: layer.size,
      tarBytes: size,
      packages: packages.map((p) => `${p.name}=${p.version}`),
    };
    fs.writeFileSync(path.join(outDir, 'image.json'), `${JSON.stringify(info, null, 2)}\n`);
    fs.writeFileSync(
      path.join(outDir, 'IMAGE.md'),
      [
        `# ${IMAGE_REF} (linux/amd64)`,
        '',
        `- archive: \`${path.relative(root, tar)}\`, ${size} bytes (${(size / 2 ** 20).toFixed(1)} MiB); one gzip layer of ${layer.size} bytes`,
        `- manifest ${manifest.digest}`,
        `- image ID (config) ${config.digest}`,
        `- import: \`ctr -n k8s.io images import ${path.basename(tar)}\``,
        `- Debian packages (the build machine's installed versions): ${info.packages.join(', ')}`,
        '',
      ].join('\n'),
    );
    process.stdout.write(`built ${path.relative(root, tar)}: ${(size / 2 ** 20).toFixed(1)} MiB, ${IMAGE_REF}, manifest ${manifest.digest}\n`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
