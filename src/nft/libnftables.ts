// koffi declarations of the two system interfaces the in-process runner needs: setns(2)/unshare(2)
// from libc, and libnftables (the library the nft command is built on). The only module of the Linux
// backend that knows about pointers; koffi's native module is loaded directly, not through its JS
// wrapper (see src/sea/koffi-native.ts).
import { closeSync, writeSync } from 'node:fs';
import type * as Koffi from 'koffi';
import { loadKoffiNative } from '../sea/koffi-native.js';
import { NftError } from './errors.js';

export const LIBNFTABLES = 'libnftables.so.1';
/** Another libnftables to load (a path); for nodes that keep it elsewhere, and for tests of the fallback. */
export const LIBNFTABLES_ENV = 'HCNPROXYCTL_LIBNFTABLES';
const LIBC = 'libc.so.6';
const MFD_CLOEXEC = 1;

export const CLONE_NEWNET = 0x40000000;
/** nft_ctx_output_set_flags: NFT_CTX_OUTPUT_HANDLE (-a) and NFT_CTX_OUTPUT_JSON (-j). */
export const OUTPUT_HANDLE = 1 << 3;
export const OUTPUT_JSON = 1 << 4;

export interface NftResult {
  ok: boolean;
  output: string;
  error: string;
}

export interface NativeNft {
  /** setns(2); throws an Error with the errno text. */
  setns(fd: number, nstype: number): void;
  /** unshare(2); throws an Error with the errno text. */
  unshare(flags: number): void;
  /** One nft_ctx for one command (`list table …`), made and freed here. */
  runCommand(text: string, outputFlags: number): NftResult;
  /**
   * One nft_ctx for one script (`nft -f`), read from a memfd: libnftables 1.0.6 quotes the wrong
   * source line in errors for buffer input, and the right one for a file.
   */
  runScript(text: string): NftResult;
}

type Fn = (...args: unknown[]) => unknown;

let loaded: NativeNft | undefined;
let failure: NftError | undefined;

function errnoError(koffi: typeof Koffi, strerror: Fn, what: string): Error {
  const errno = koffi.errno();
  const e = new Error(`${what}: ${String(strerror(errno))} (errno ${errno})`) as NodeJS.ErrnoException;
  e.errno = errno;
  return e;
}

/**
 * Loads libc's setns/unshare and libnftables once per process. Throws NftError LIBNFTABLES_UNAVAILABLE
 * (the same one on every later call) when koffi or the library cannot be loaded.
 */
export function loadNativeNft(): NativeNft {
  if (loaded) return loaded;
  if (failure) throw failure;
  try {
    const koffi = loadKoffiNative() as typeof Koffi;
    const libc = koffi.load(LIBC);
    const setns = libc.func('int setns(int fd, int nstype)') as Fn;
    const unshare = libc.func('int unshare(int flags)') as Fn;
    const strerror = libc.func('const char *strerror(int errnum)') as Fn;
    const memfdCreate = libc.func('int memfd_create(const char *name, unsigned int flags)') as Fn;
    const nft = koffi.load(process.env[LIBNFTABLES_ENV] || LIBNFTABLES);
    const ctxNew = nft.func('void *nft_ctx_new(uint32_t flags)') as Fn;
    const ctxFree = nft.func('void nft_ctx_free(void *ctx)') as Fn;
    const bufferOutput = nft.func('int nft_ctx_buffer_output(void *ctx)') as Fn;
    const bufferError = nft.func('int nft_ctx_buffer_error(void *ctx)') as Fn;
    const outputBuffer = nft.func('const char *nft_ctx_get_output_buffer(void *ctx)') as Fn;
    const errorBuffer = nft.func('const char *nft_ctx_get_error_buffer(void *ctx)') as Fn;
    const setOutputFlags = nft.func('void nft_ctx_output_set_flags(void *ctx, unsigned int flags)') as Fn;
    const runFromBuffer = nft.func('int nft_run_cmd_from_buffer(void *ctx, const char *buf)') as Fn;
    const runFromFile = nft.func('int nft_run_cmd_from_filename(void *ctx, const char *filename)') as Fn;
    /** Runs `call` on a fresh context whose output and errors are captured, never written to our stdout. */
    const withContext = (outputFlags: number, call: (ctx: unknown) => number): NftResult => {
      // The context opens its netlink socket in the calling thread's network namespace: make it here.
      const ctx = ctxNew(0);
      if (ctx === null) throw new NftError('NFT_FAILED', 'nft_ctx_new failed');
      try {
        bufferOutput(ctx);
        bufferError(ctx);
        setOutputFlags(ctx, outputFlags);
        const rc = call(ctx);
        return { ok: rc === 0, output: String(outputBuffer(ctx) ?? ''), error: String(errorBuffer(ctx) ?? '') };
      } finally {
        ctxFree(ctx);
      }
    };
    loaded = {
      setns(fd, nstype) {
        if (setns(fd, nstype) !== 0) throw errnoError(koffi, strerror, 'setns');
      },
      unshare(flags) {
        if (unshare(flags) !== 0) throw errnoError(koffi, strerror, 'unshare');
      },
      runCommand(text, outputFlags) {
        return withContext(outputFlags, (ctx) => runFromBuffer(ctx, text) as number);
      },
      runScript(text) {
        const fd = memfdCreate('hcnproxyctl.nft', MFD_CLOEXEC) as number;
        if (fd < 0) throw errnoError(koffi, strerror, 'memfd_create');
        try {
          const data = Buffer.from(text);
          for (let at = 0; at < data.length;) at += writeSync(fd, data, at);
          return withContext(0, (ctx) => runFromFile(ctx, `/proc/self/fd/${fd}`) as number);
        } finally {
          closeSync(fd);
        }
      },
    };
    return loaded;
  } catch (e) {
    failure =
      e instanceof NftError
        ? e
        : new NftError('LIBNFTABLES_UNAVAILABLE', `${process.env[LIBNFTABLES_ENV] || LIBNFTABLES} cannot be used in-process: ${(e as Error).message}`);
    throw failure;
  }
}
