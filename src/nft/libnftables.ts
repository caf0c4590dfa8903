// koffi declarations of the two system interfaces the in-process runner needs: setns(2)/unshare(2)
// from libc, and libnftables (the library the nft command is built on). The only module of the Linux
// backend that knows about pointers; koffi's native module is loaded directly, not through its JS
// wrapper (see src/runtime/koffi-native.ts).
import { closeSync, writeSync } from 'node:fs';
import { callBefore, type AsyncNative } from '../runtime/native-calls.js';
import { NftError } from './errors.js';
import { loadLibc, type Fn } from './libc.js';

export const LIBNFTABLES = 'libnftables.so.1';
/** Another libnftables to load (a path); for nodes that keep it elsewhere, and for tests of the fallback. */
export const LIBNFTABLES_ENV = 'HCNPROXYCTL_LIBNFTABLES';
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

/**
 * One libnftables context. Its netlink socket is opened when it is made, in the network namespace of
 * the thread that makes it: make it inside the pod's namespace (synchronously, with NetnsSwitcher),
 * then run commands on it from anywhere — they run on a libuv worker thread, so a call that hangs
 * leaves the main thread free to answer at the deadline. A context serves one call at a time.
 */
export interface NftContext {
  /** `nft -f` of `text`, read from a memfd: libnftables 1.0.6 quotes the wrong source line in errors for buffer input. */
  runScript(text: string, deadline: number): Promise<NftResult>;
  /** One command (`list table …`) with these output flags. */
  runCommand(text: string, outputFlags: number, deadline: number): Promise<NftResult>;
  /** Frees the context now, or once a call that overran its deadline has returned. */
  free(): void;
}

export interface NativeNft {
  /** setns(2); throws an Error with the errno text. */
  setns(fd: number, nstype: number): void;
  /** unshare(2); throws an Error with the errno text. */
  unshare(flags: number): void;
  /** A context whose output and errors are captured, never written to our stdout; see NftContext. */
  open(): NftContext;
}

/** A libnftables call that did not finish by its deadline and is still running on its worker thread. */
export class NftOverrun extends NftError {
  constructor(message: string) {
    super('TIMEOUT', message);
  }
}

let loaded: NativeNft | undefined;
let failure: NftError | undefined;

/**
 * Loads libc's setns/unshare and libnftables once per process. Throws NftError LIBNFTABLES_UNAVAILABLE
 * (the same one on every later call) when koffi or the library cannot be loaded.
 */
export function loadNativeNft(): NativeNft {
  if (loaded) return loaded;
  if (failure) throw failure;
  try {
    const libc = loadLibc();
    const koffi = libc.koffi;
    const memfdCreate = libc.lib.func('int memfd_create(const char *name, unsigned int flags)') as Fn;
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
    const overran = (what: string, deadline: number) => {
      const budget = Math.max(0, deadline - Date.now());
      return () => new NftOverrun(`libnftables did not finish ${what} within ${budget} ms (the time left before the deadline); the call is left running`);
    };
    loaded = {
      setns: libc.setns,
      unshare: libc.unshare,
      open() {
        const ctx = ctxNew(0);
        if (ctx === null) throw new NftError('NFT_FAILED', 'nft_ctx_new failed');
        bufferOutput(ctx);
        bufferError(ctx);
        let busy = false;
        let freeWhenDone = false;
        const release = () => {
          busy = false;
          if (freeWhenDone) ctxFree(ctx);
        };
        const call = async (what: string, fn: { async: AsyncNative }, args: unknown[], deadline: number, after: () => void): Promise<NftResult> => {
          if (busy || freeWhenDone) throw new NftError('NFT_FAILED', 'a libnftables context was used twice at once or after it was freed');
          busy = true;
          let rc: number;
          try {
            rc = await callBefore<number>(fn, [ctx, ...args], deadline, overran(what, deadline), () => {
              after();
              release();
            });
          } catch (e) {
            // TIMEOUT: the call is still running and owns the context until `late` releases it.
            if (!(e instanceof NftOverrun)) {
              after();
              release();
            }
            throw e;
          }
          after();
          const result = { ok: rc === 0, output: String(outputBuffer(ctx) ?? ''), error: String(errorBuffer(ctx) ?? '') };
          release();
          return result;
        };
        return {
          runScript(text, deadline) {
            const fd = memfdCreate('hcnproxyctl.nft', MFD_CLOEXEC) as number;
            if (fd < 0) throw libc.errnoError('memfd_create');
            try {
              const data = Buffer.from(text);
              for (let at = 0; at < data.length;) at += writeSync(fd, data, at);
            } catch (e) {
              closeSync(fd);
              throw e;
            }
            setOutputFlags(ctx, 0);
            return call('a script', runFromFile as unknown as { async: AsyncNative }, [`/proc/self/fd/${fd}`], deadline, () => closeSync(fd));
          },
          runCommand(text, outputFlags, deadline) {
            setOutputFlags(ctx, outputFlags);
            return call(`"${text}"`, runFromBuffer as unknown as { async: AsyncNative }, [text], deadline, () => {});
          },
          free() {
            freeWhenDone = true;
            if (!busy) ctxFree(ctx);
          },
        };
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
