// The e2e image, built locally (nothing is pulled): two static C programs of our own, /pause (the
// entrypoint, the pod sandbox) and /app (the workload, see images/app.c), in one uncompressed layer of
// a reproducible OCI image-layout tar (opencontainers/image-spec:image-layout.md: oci-layout, index.json,
// blobs/sha256) that `ctr images import` reads.
// Cached by a hash of everything that goes into it.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sha256, TAR_FLAGS, writeOciArchive } from '../../../build/oci-layout.mjs';
import { defaultCacheDir } from './packages.js';
import { run } from './proc.js';

export const IMAGE_NAME = 'localhost/e2e/pause:1';
const SOURCES = path.resolve(import.meta.dirname, '..', 'images');
/** Bump when the image layout below changes (the sources are hashed anyway). */
const FORMAT = 'oci-2';

export interface E2eImage {
  /** The OCI layout tar, for `ctr -n k8s.io images import`. */
  tar: string;
  /** `localhost/e2e/pause:1`: containerd's `sandbox_image`, and the image of app containers. */
  name: string;
  /** sha256:<hex> of the manifest (what `ctr images ls` shows as digest). */
  manifestDigest: string;
  /** sha256:<hex> of the config: the CRI image ID. */
  imageId: string;
}

async function cacheKey(): Promise<string> {
  const h = createHash('sha256').update(FORMAT).update(IMAGE_NAME);
  for (const f of ['pause.c', 'app.c']) h.update(f).update(fs.readFileSync(path.join(SOURCES, f)));
  h.update((await run('gcc', ['--version'])).stdout.split('\n')[0] ?? '');
  return h.digest('hex').slice(0, 16);
}

/** Builds (or finds in `<cache>/image/<key>`) the image tar. */
export async function ensureImage(cache: string = defaultCacheDir()): Promise<E2eImage> {
  const key = await cacheKey();
  const dir = path.join(cache, 'image', key);
  const metaFile = path.join(dir, 'image.json');
  if (fs.existsSync(metaFile)) {
    const meta = JSON.parse(fs.readFileSync(metaFile, 'utf8')) as E2eImage;
    if (fs.existsSync(meta.tar)) return meta;
  }

  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ce2e-img-'));
  try {
    const rootfs = path.join(work, 'rootfs');
    fs.mkdirSync(rootfs, { mode: 0o755 });
    fs.chmodSync(rootfs, 0o755);
    for (const prog of ['pause', 'app']) {
      const out = path.join(rootfs, prog);
      await run('gcc', ['-static', '-O2', '-s', '-Wall', '-o', out, path.join(SOURCES, `${prog}.c`)]);
      fs.chmodSync(out, 0o755);
    }
    const layerTar = path.join(work, 'layer.tar');
    await run('tar', [...TAR_FLAGS, '-cf', layerTar, '-C', rootfs, '.']);
    const bytes = fs.readFileSync(layerTar);
    fs.mkdirSync(dir, { recursive: true });
    const tar = path.join(dir, 'pause.tar');
    const { manifest, config } = writeOciArchive({
      work,
      out: tar,
      // Uncompressed layer: its digest is its diff_id.
      layer: { bytes, mediaType: 'application/vnd.oci.image.layer.v1.tar', diffId: `sha256:${sha256(bytes)}` },
      config: {
        architecture: 'amd64',
        os: 'linux',
        config: { Entrypoint: ['/pause'], Env: ['PATH=/'], WorkingDir: '/' },
        history: [{ created: '1970-01-01T00:00:00Z', created_by: 'hcnproxyctl e2e: /pause and /app, static C (test/e2e/images)' }],
        created: '1970-01-01T00:00:00Z',
      },
      name: IMAGE_NAME,
      tag: IMAGE_NAME.slice(IMAGE_NAME.lastIndexOf(':') + 1),
    });
    const meta: E2eImage = { tar, name: IMAGE_NAME, manifestDigest: manifest.digest, imageId: config.digest };
    fs.writeFileSync(metaFile, `${JSON.stringify(meta, null, 2)}\n`);
    // Older builds of the image are of no further use.
    for (const old of fs.readdirSync(path.dirname(dir))) {
      if (old !== key) fs.rmSync(path.join(path.dirname(dir), old), { recursive: true, force: true });
    }
    return meta;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
