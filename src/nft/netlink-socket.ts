// rtnetlink's socket without a process: a NETLINK_ROUTE socket made through koffi (libc's socket(2)). A
// socket belongs to the network namespace of the thread that made it, so one made under
// NetnsSwitcher.inNetns talks to the pod's kernel tables. Synchronous, so a whole exchange fits between
// entering the pod's namespace and leaving it (nothing awaits in there). libc only: usable where
// libnftables is missing (the exec runner's nodes too). The messages' framing is netlink.ts.
//
// The kernel handles a request inside send(2), under its rtnl lock; SO_SNDTIMEO/SO_RCVTIMEO bound the
// socket waits, not a wait for that lock.
import { closeSync } from 'node:fs';
import { endianness } from 'node:os';
import { NftError } from './errors.js';
import { loadLibc, type Fn } from './libc.js';

const AF_NETLINK = 16;
const SOCK_RAW = 3;
const SOCK_CLOEXEC = 0o2000000;
const NETLINK_ROUTE = 0;
const SOL_SOCKET = 1;
// asm-generic values (x86, arm, s390x, riscv); powerpc has its own.
const [SO_RCVTIMEO, SO_SNDTIMEO] = process.arch === 'ppc64' || process.arch === 'ppc' ? [18, 19] : [20, 21];
const SOL_NETLINK = 270;
const NETLINK_CAP_ACK = 10;
const NETLINK_EXT_ACK = 11;
const MSG_TRUNC = 0x20;
const EINTR = 4;
const EAGAIN = 11;

/** Netlink headers and attributes (and struct timeval) are in the host's byte order. */
export const LE = endianness() === 'LE';
const RECEIVE_BYTES = 64 * 1024;

export interface NativeNetlink {
  /** setns(2); throws an Error with the errno text. For NetnsSwitcher. */
  setns(fd: number, nstype: number): void;
  /** unshare(2); throws an Error with the errno text. For NetnsSwitcher. */
  unshare(flags: number): void;
  /** if_nametoindex(3) in this thread's network namespace: 0 when there is no such interface. */
  ifIndex(name: string): number;
  /** A NETLINK_ROUTE socket in this thread's network namespace; each send and receive waits at most `timeoutMs`. */
  openRoute(timeoutMs: number): RouteSocket;
  /** strerror(3). */
  strerror(errno: number): string;
}

export interface RouteSocket {
  /** Sends one datagram (one or more whole netlink messages). */
  send(datagram: Uint8Array): void;
  /** One datagram; throws NftError TIMEOUT when none came in time. */
  receive(): Buffer;
  close(): void;
}

function int32(v: number): Buffer {
  const b = Buffer.alloc(4);
  new DataView(b.buffer, b.byteOffset, 4).setInt32(0, v, LE);
  return b;
}

let loaded: NativeNetlink | undefined;

/** libc's socket calls through koffi, once per process; throws when koffi or libc cannot be loaded. */
export function loadNetlink(): NativeNetlink {
  if (loaded) return loaded;
  const libc = loadLibc();
  const koffi = libc.koffi;
  const ifNameToIndex = libc.lib.func('unsigned int if_nametoindex(const char *ifname)') as Fn;
  const socket = libc.lib.func('int socket(int domain, int type, int protocol)') as Fn;
  const setsockopt = libc.lib.func('int setsockopt(int fd, int level, int optname, const void *optval, unsigned int optlen)') as Fn;
  const send = libc.lib.func('intptr_t send(int fd, const void *buf, size_t len, int flags)') as Fn;
  const recv = libc.lib.func('intptr_t recv(int fd, void *buf, size_t len, int flags)') as Fn;
  const fail = (what: string): never => {
    throw new NftError('NETNS_FAILED', `netlink ${libc.errnoError(what).message}`);
  };
  const longBytes = koffi.sizeof('long');

  loaded = {
    setns: libc.setns,
    unshare: libc.unshare,
    ifIndex: (name) => ifNameToIndex(name) as number,
    strerror: libc.strerror,
    openRoute(timeoutMs) {
      const fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE) as number;
      if (fd < 0) fail('socket');
      try {
        // struct timeval: two longs.
        const tv = Buffer.alloc(2 * longBytes);
        const view = new DataView(tv.buffer, tv.byteOffset, tv.length);
        const ms = Math.max(1, Math.ceil(timeoutMs));
        const put = (at: number, v: number) => (longBytes === 8 ? view.setBigInt64(at, BigInt(v), LE) : view.setInt32(at, v, LE));
        put(0, Math.floor(ms / 1000));
        put(longBytes, (ms % 1000) * 1000);
        for (const opt of [SO_RCVTIMEO, SO_SNDTIMEO]) if (setsockopt(fd, SOL_SOCKET, opt, tv, tv.length) !== 0) fail('setsockopt');
        // Best effort (older kernels lack them): the kernel's reason in its error replies, not our request echoed back.
        const one = int32(1);
        setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, one, 4);
        setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, one, 4);
      } catch (e) {
        closeSync(fd);
        throw e;
      }
      const buffer = Buffer.alloc(RECEIVE_BYTES);
      return {
        send(datagram) {
          for (;;) {
            const n = send(fd, datagram, datagram.length, 0) as number;
            if (n === datagram.length) return;
            if (n >= 0) throw new NftError('NETNS_FAILED', `netlink send: ${n} of ${datagram.length} bytes sent`);
            const errno = koffi.errno();
            if (errno === EINTR) continue;
            if (errno === EAGAIN) throw new NftError('TIMEOUT', `netlink send did not finish within ${timeoutMs} ms`);
            fail('send');
          }
        },
        receive() {
          for (;;) {
            const n = recv(fd, buffer, buffer.length, MSG_TRUNC) as number;
            if (n > buffer.length) throw new NftError('NETNS_FAILED', `netlink reply of ${n} bytes is larger than the ${buffer.length}-byte buffer`);
            if (n >= 0) return Buffer.from(buffer.subarray(0, n));
            const errno = koffi.errno();
            if (errno === EINTR) continue;
            if (errno === EAGAIN) throw new NftError('TIMEOUT', `the kernel did not answer the netlink request within ${timeoutMs} ms`);
            fail('recv');
          }
        },
        close: () => closeSync(fd),
      };
    },
  };
  return loaded;
}
