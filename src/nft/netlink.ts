// rtnetlink messages: the framing of requests and replies (headers and attributes in the host's byte
// order), and one exchange of requests and their acks or dump over a route socket (netlink-socket.ts).
import { NftError, timeLeft } from './errors.js';
import { LE, type RouteSocket } from './netlink-socket.js';

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
