// The files an installer touches: which configuration containerd uses (go-cni's rule), and writing a
// file atomically (temp file in the same directory, fsync, rename) so that containerd's conf-dir
// watcher never loads a half-written configuration.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** The extensions go-cni loads from conf_dir (libcni ConfFiles). */
export const CONF_EXTENSIONS = ['.conf', '.conflist', '.json'] as const;

/** Go's filepath.Ext: from the last dot of the name (a dotfile's whole name counts too). */
export function goExt(name: string): string {
  const i = name.lastIndexOf('.');
  return i >= 0 ? name.slice(i) : '';
}

/** Byte-wise comparison of the UTF-8 names, like Go's sort.Strings. */
export const byteOrder = (a: string, b: string): number => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

/** The configuration file names containerd considers, in the order it considers them (pure). */
export function orderConfigNames(entries: readonly { name: string; isDirectory: boolean }[]): string[] {
  return entries
    .filter((e) => !e.isDirectory && (CONF_EXTENSIONS as readonly string[]).includes(goExt(e.name)))
    .map((e) => e.name)
    .sort(byteOrder);
}

export function listConfigFiles(dir: string): string[] {
  const entries = fs.readdirSync(dir, { withFileTypes: true }).map((d) => ({ name: d.name, isDirectory: d.isDirectory() }));
  return orderConfigNames(entries).map((n) => path.join(dir, n));
}

/** The primary configuration of a conf dir (containerd's max_conf_num = 1), or undefined when there is none. */
export function primaryConfig(dir: string): string | undefined {
  return listConfigFiles(dir)[0];
}

/** `x.conf` / `x.json` → `x.conflist`. */
export function conflistName(file: string): string {
  const ext = goExt(path.basename(file));
  return ext === '.conflist' ? file : `${file.slice(0, file.length - ext.length)}.conflist`;
}

export interface WriteOptions {
  /** Permission bits of the new file (default 0644). */
  mode?: number;
  /** Owner to give it (best effort: only root may). */
  owner?: { uid: number; gid: number };
  /** Checked just before the rename: false aborts the write (the file changed under us). */
  precondition?: () => boolean;
}

/** Thrown when `precondition` failed: nothing was written. */
export class ChangedUnderUsError extends Error {
  override name = 'ChangedUnderUsError';
}

/** What identifies one version of a file, cheaply. */
export function fileStamp(file: string): string {
  const st = fs.statSync(file, { throwIfNoEntry: false });
  return st ? `${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}` : 'absent';
}

/**
 * Replaces `file` with `data` atomically: a temp file in the same directory (a name go-cni ignores),
 * written, chmod-ed, fsync-ed, renamed over `file`; then the directory is fsync-ed.
 */
export function writeFileAtomic(file: string, data: string | Uint8Array, opts: WriteOptions = {}): void {
  const dir = path.dirname(file);
  // ".<name>.<random>.hcnproxyctl-tmp": its extension is none of go-cni's, so containerd never loads it.
  const tmp = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.hcnproxyctl-tmp`);
  const mode = opts.mode ?? 0o644;
  const fd = fs.openSync(tmp, 'wx', 0o600);
  try {
    try {
      fs.writeFileSync(fd, data);
      fs.fchmodSync(fd, mode); // explicit: the open mode is masked by the umask
      if (opts.owner && typeof process.getuid === 'function' && process.getuid() === 0) {
        try {
          fs.fchownSync(fd, opts.owner.uid, opts.owner.gid);
        } catch {
          // keep going: the content matters more than the owner
        }
      }
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    if (opts.precondition && !opts.precondition()) throw new ChangedUnderUsError(`${file} changed while it was being edited`);
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  syncDir(dir);
}

/** fsync of a directory makes a rename durable; not possible on Windows, where it is skipped. */
export function syncDir(dir: string): void {
  if (process.platform === 'win32') return;
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // best effort
  }
}

/** Permission bits and owner of an existing file, to keep them when it is replaced. */
export function fileAttributes(file: string): { mode: number; owner: { uid: number; gid: number } } {
  const st = fs.statSync(file);
  return { mode: st.mode & 0o7777, owner: { uid: st.uid, gid: st.gid } };
}

/** Same bytes? (for not rewriting what is already there) */
export function sameContent(file: string, data: Uint8Array): boolean {
  try {
    const st = fs.statSync(file);
    if (!st.isFile() || st.size !== data.length) return false;
    return Buffer.compare(fs.readFileSync(file), data) === 0;
  } catch {
    return false;
  }
}
