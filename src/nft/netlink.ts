// rtnetlink without a process: a NETLINK_ROUTE socket made through koffi (libc's socket(2)), and the
// framing of requests and replies. A socket belongs to the network namespace of the thread that made
// it, so one made under NetnsSwitcher.inNetns talks to the pod's kernel tables. Everything here is
// synchronous, so a whole exchange fits between entering the pod's namespace and leaving it (nothing
// awaits in there). libc only: usable where libnftables is missing (the exec runner's nodes too).
//
// The kernel handles a request inside send(2), under its rtnl lock; SO_SNDTIMEO/SO_RCVTIMEO bound the
// socket waits, not a wait for that lock.
import { closeSync } from 'node:fs';
import { endianness } from 'node:os';
import type * as Koffi from 'koffi';
import { loadKoffiNative } from '../runtime/koffi-native.js';
import { NftError, timeLeft } from './errors.js';

const LIBC = 'libc.so.6';
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

const NLMSG_ERROR = 2;
const NLMSG_DONE = 3;
export const NLM_F_REQUEST = 0x1;
export const NLM_F_ACK = 0x4;
export const NLM_F_REPLACE = 0x100;
export const NLM_F_CREATE = 0x400;
export const NLM_F_DUMP = 0x300;
/** In an error message: the request was not echoed (NETLINK_CAP_ACK), and attributes follow (extended ack). */
const NLM_F_CAPPED = 0x100;
const NLM_F_ACK_TLVS = 0x200;
const NLMSGERR_ATTR_MSG = 1;
const HEADER = 16;
const RECEIVE_BYTES = 64 * 1024;

/** Netlink headers and attributes are in the host's byte order. */
const LE = endianness() === 'LE';

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

export interface NlRequest {
  type: number;
  flags: number;
  /** The message after its header (e.g. an ifaddrmsg and its attributes). */
  body: Uint8Array;
}

export interface NlAnswer {
  /** 0, or the errno the kernel refused the request with (e.g. 17, EEXIST). */
  errno: number;
  /** The kernel's own explanation (extended ack), when it gave one. */
  text: string;
  /** A dump's messages, each without its header. */
  messages: { type: number; payload: Buffer }[];
}

type Fn = (...args: unknown[]) => unknown;
let loaded: NativeNetlink | undefined;

/** libc's socket calls through koffi, once per process; throws when koffi or libc cannot be loaded. */
export function loadNetlink(): NativeNetlink {
  if (loaded) return loaded;
  const koffi = loadKoffiNative() as typeof Koffi;
  const libc = koffi.load(LIBC);
  const setns = libc.func('int setns(int fd, int nstype)') as Fn;
  const unshare = libc.func('int unshare(int flags)') as Fn;
  const strerror = libc.func('const char *strerror(int errnum)') as Fn;
  const ifNameToIndex = libc.func('unsigned int if_nametoindex(const char *ifname)') as Fn;
  const socket = libc.func('int socket(int domain, int type, int protocol)') as Fn;
  const setsockopt = libc.func('int setsockopt(int fd, int level, int optname, const void *optval, unsigned int optlen)') as Fn;
  const send = libc.func('intptr_t send(int fd, const void *buf, size_t len, int flags)') as Fn;
  const recv = libc.func('intptr_t recv(int fd, void *buf, size_t len, int flags)') as Fn;
  const describe = (errno: number) => `${String(strerror(errno))} (errno ${errno})`;
  const fail = (what: string): never => {
    const errno = koffi.errno();
    throw new NftError('NETNS_FAILED', `netlink ${what}: ${describe(errno)}`);
  };
  const longBytes = koffi.sizeof('long');

  loaded = {
    setns(fd, nstype) {
      if (setns(fd, nstype) !== 0) throw new Error(`setns: ${describe(koffi.errno())}`);
    },
    unshare(flags) {
      if (unshare(flags) !== 0) throw new Error(`unshare: ${describe(koffi.errno())}`);
    },
    ifIndex: (name) => ifNameToIndex(name) as number,
    strerror: (errno) => String(strerror(errno)),
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

function int32(v: number): Buffer {
  const b = Buffer.alloc(4);
  new DataView(b.buffer, b.byteOffset, 4).setInt32(0, v, LE);
  return b;
}

/** One rtattr: length, type, data, padded to 4 bytes. */
export function nlAttr(type: number, data: Uint8Array): Buffer {
  const b = Buffer.alloc(align(4 + data.length));
  const view = new DataView(b.buffer, b.byteOffset, b.length);
  view.setUint16(0, 4 + data.length, LE);
  view.setUint16(2, type, LE);
  b.set(data, 4);
  return b;
}

/** The attributes in `buf` from `offset`, by type (the first of each). */
export function nlAttrs(buf: Buffer, offset: number): Map<number, Buffer> {
  const out = new Map<number, Buffer>();
  const view = new DataView(buf.buffer, buf.byteOffset, buf.length);
  for (let at = offset; at + 4 <= buf.length;) {
    const len = view.getUint16(at, LE);
    if (len < 4 || at + len > buf.length) break;
    const type = view.getUint16(at + 2, LE) & 0x3fff; // without NLA_F_NESTED / NLA_F_NET_BYTEORDER
    if (!out.has(type)) out.set(type, buf.subarray(at + 4, at + len));
    at += align(len);
  }
  return out;
}

export function hostU32(buf: Uint8Array, at: number): number {
  return new DataView(buf.buffer, buf.byteOffset, buf.length).getUint32(at, LE);
}

export function putHostU32(buf: Uint8Array, at: number, v: number): void {
  new DataView(buf.buffer, buf.byteOffset, buf.length).setUint32(at, v, LE);
}

const align = (n: number) => (n + 3) & ~3;

let nextSeq = 1;

/**
 * Sends `requests` in one datagram and reads until each has its answer: its acknowledgement or error
 * (requests with NLM_F_ACK), or the end of its dump (NLM_F_DUMP). Each receive waits at most the
 * socket's timeout, and none after the first starts once `deadline` has passed.
 */
export function transact(sock: RouteSocket, requests: readonly NlRequest[], deadline: number): NlAnswer[] {
  const first = nextSeq;
  nextSeq = (nextSeq + requests.length) % 0x7fffffff || 1;
  const answers: NlAnswer[] = requests.map(() => ({ errno: 0, text: '', messages: [] }));
  const open = new Set(requests.map((_, i) => i));
  const datagram = Buffer.concat(
    requests.map((r, i) => {
      const head = Buffer.alloc(HEADER);
      const view = new DataView(head.buffer, head.byteOffset, HEADER);
      view.setUint32(0, HEADER + r.body.length, LE);
      view.setUint16(4, r.type, LE);
      view.setUint16(6, r.flags, LE);
      view.setUint32(8, first + i, LE);
      return Buffer.concat([head, r.body, Buffer.alloc(align(r.body.length) - r.body.length)]);
    }),
  );
  sock.send(datagram);
  // The first reply is usually queued already (the kernel answers inside send); a dump may take more.
  for (let received = 0; open.size > 0; received++) {
    if (received > 0) timeLeft(deadline, 'the rest of the netlink reply');
    const data = sock.receive();
    const view = new DataView(data.buffer, data.byteOffset, data.length);
    for (let at = 0; at + HEADER <= data.length;) {
      const len = view.getUint32(at, LE);
      if (len < HEADER || at + len > data.length) throw new NftError('NETNS_FAILED', `malformed netlink reply (a message of ${len} bytes)`);
      const type = view.getUint16(at + 4, LE);
      const flags = view.getUint16(at + 6, LE);
      const i = view.getUint32(at + 8, LE) - first;
      const payload = data.subarray(at + HEADER, at + len);
      at += align(len);
      const answer = answers[i];
      if (!answer || !open.has(i)) continue; // not ours (nothing else writes to this socket, but be sure)
      if (type === NLMSG_ERROR) {
        Object.assign(answer, errorReply(payload, flags));
        open.delete(i);
      } else if (type === NLMSG_DONE) {
        // A dump that failed part-way ends with its error in the DONE message.
        if (payload.length >= 4) answer.errno = Math.max(0, -(hostU32(payload, 0) | 0));
        open.delete(i);
      } else {
        answer.messages.push({ type, payload });
      }
    }
  }
  return answers;
}

/** struct nlmsgerr: the (negative) errno, the request's header (or the whole request), extended-ack attributes. */
function errorReply(payload: Buffer, flags: number): { errno: number; text: string } {
  if (payload.length < 4) throw new NftError('NETNS_FAILED', 'malformed netlink error reply');
  const errno = -(hostU32(payload, 0) | 0);
  let text = '';
  if (flags & NLM_F_ACK_TLVS && payload.length >= 4 + HEADER) {
    const echoed = flags & NLM_F_CAPPED ? HEADER : hostU32(payload, 4);
    const msg = nlAttrs(payload, 4 + align(echoed)).get(NLMSGERR_ATTR_MSG);
    if (msg) text = msg.toString('utf8').replace(/\0.*$/s, '');
  }
  return { errno, text };
}
