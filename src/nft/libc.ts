// libc through koffi, loaded once per process: what both in-process paths (libnftables.ts, netlink.ts)
// share — setns(2) and unshare(2) for NetnsSwitcher, strerror(3), errno — and the library for their own calls.
import type * as Koffi from 'koffi';
import { loadKoffiNative } from '../runtime/koffi-native.js';

const LIBC = 'libc.so.6';

/** A koffi function, called with JS values. */
export type Fn = (...args: unknown[]) => unknown;

export interface Libc {
  koffi: typeof Koffi;
  lib: Koffi.LibraryHandle;
  /** setns(2); throws errnoError('setns'). */
  setns(fd: number, nstype: number): void;
  /** unshare(2); throws errnoError('unshare'). */
  unshare(flags: number): void;
  strerror(errno: number): string;
  /** "what: <strerror> (errno N)" for the errno the last call left, which the error carries. */
  errnoError(what: string): NodeJS.ErrnoException;
}

let loaded: Libc | undefined;

/** Throws when koffi or libc cannot be loaded. */
export function loadLibc(): Libc {
  if (loaded) return loaded;
  const koffi = loadKoffiNative() as typeof Koffi;
  const lib = koffi.load(LIBC);
  const setns = lib.func('int setns(int fd, int nstype)') as Fn;
  const unshare = lib.func('int unshare(int flags)') as Fn;
  const strerror = lib.func('const char *strerror(int errnum)') as Fn;
  const errnoError = (what: string): NodeJS.ErrnoException => {
    const errno = koffi.errno();
    const e = new Error(`${what}: ${String(strerror(errno))} (errno ${errno})`) as NodeJS.ErrnoException;
    e.errno = errno;
    return e;
  };
  loaded = {
    koffi,
    lib,
    setns(fd, nstype) {
      if (setns(fd, nstype) !== 0) throw errnoError('setns');
    },
    unshare(flags) {
      if (unshare(flags) !== 0) throw errnoError('unshare');
    },
    strerror: (errno) => String(strerror(errno)),
    errnoError,
  };
  return loaded;
}
