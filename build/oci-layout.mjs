// An OCI image-layout archive (what `ctr images import` reads) from one layer and an image config:
// blobs named by their sha256, index.json naming the image, a reproducible tar (fixed order, owner,
// times). Shared by `npm run build:image` (build/image.mjs) and the e2e harness's pause image.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const TAR_FLAGS = ['--sort=name', '--owner=0', '--group=0', '--numeric-owner', '--mtime=@0', '--format=gnu'];
const MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

/**
 * Writes `out` (a tar) holding the layout of an image with one layer.
 * layer: { bytes, mediaType, diffId } — diffId: the sha256 of the uncompressed tar ("sha256:…").
 * config: the image config without `rootfs` (added here). name: io.containerd.image.name; tag: its ref name.
 * Returns the manifest, config and layer descriptors ({ digest, size }).
 */
export function writeOciArchive({ work, out, layer, config, name, tag }) {
  const layout = path.join(work, 'oci');
  const blobs = path.join(layout, 'blobs', 'sha256');
  fs.mkdirSync(blobs, { recursive: true });
  const addBlob = (bytes) => {
    const hex = sha256(bytes);
    fs.writeFileSync(path.join(blobs, hex), bytes, { mode: 0o644 });
    return { digest: `sha256:${hex}`, size: bytes.length };
  };
  const layerDesc = addBlob(layer.bytes);
  const configDesc = addBlob(Buffer.from(JSON.stringify({ ...config, rootfs: { type: 'layers', diff_ids: [layer.diffId] } })));
  const manifest = addBlob(
    Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MANIFEST,
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...configDesc },
        layers: [{ mediaType: layer.mediaType, ...layerDesc }],
      }),
    ),
  );
  fs.writeFileSync(
    path.join(layout, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [
        {
          mediaType: MANIFEST,
          ...manifest,
          platform: { architecture: 'amd64', os: 'linux' },
          // Both: ctr names the image by the first; with only the second it would be "import-<date>:<tag>".
          annotations: { 'io.containerd.image.name': name, 'org.opencontainers.image.ref.name': tag },
        },
      ],
    }),
    { mode: 0o644 },
  );
  fs.writeFileSync(path.join(layout, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }), { mode: 0o644 });
  for (const d of [layout, path.join(layout, 'blobs'), blobs]) fs.chmodSync(d, 0o755);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  execFileSync('tar', [...TAR_FLAGS, '-cf', `${out}.tmp`, '-C', layout, 'oci-layout', 'index.json', 'blobs']);
  fs.renameSync(`${out}.tmp`, out);
  return { manifest, config: configDesc, layer: layerDesc };
}
