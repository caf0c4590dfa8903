// Addresses a mesh's proxy needs on the pod's loopback interface. Kuma's Envoy binds ::6 as the source
// of IPv6 inbound passthrough connections, and Kuma's CNI adds ::6/128 to lo: without it every such
// connection fails with EADDRNOTAVAIL. Added with rtnetlink from inside the pod's network namespace,
// in-process (no process spawned, whichever nftables runner is in use). koffi is part of the executable;
// when its native module cannot be loaded this step fails with the reason (there is no spawning fallback:
// one module spawns processes, and the image ships no `ip`).
import { NftError, timeLeft } from './errors.js';
import { NetnsSwitcher } from './netns.js';
import { hostU32, nlAttr, nlAttrs, NLM_F_ACK, NLM_F_CREATE, NLM_F_DUMP, NLM_F_REPLACE, NLM_F_REQUEST, putHostU32, transact, type NlAnswer } from './netlink.js';
import { loadNetlink, type NativeNetlink } from './netlink-socket.js';

const RTM_NEWADDR = 20;
const RTM_GETADDR = 22;
const AF_UNSPEC = 0;
const AF_INET = 2;
const AF_INET6 = 10;
const IFA_ADDRESS = 1;
const IFA_LOCAL = 2;
const IFA_FLAGS = 8;
const IFA_F_NODAD = 0x02;
const IFA_F_DADFAILED = 0x08;
const IFA_F_TENTATIVE = 0x40;
const RT_SCOPE_HOST = 254;
const EEXIST = 17;
const DEFAULT_TIMEOUT_MS = 10_000;

export interface LoopbackOptions {
  /** The libc calls; default: loaded through koffi. */
  native?: NativeNetlink;
  /** Default: one per process over `native`. Pass the in-process runner's to share its guard against nesting. */
  switcher?: NetnsSwitcher;
}

export interface LoopbackPresence {
  /** The requested addresses lo has (with any prefix length; usable: not tentative, no failed duplicate detection), as given. */
  present: string[];
  /** The others, as given. */
  missing: string[];
}

interface Cidr {
  text: string;
  family: typeof AF_INET | typeof AF_INET6;
  bytes: Buffer;
  prefix: number;
}

/**
 * Adds each address (CIDR; a bare address is a /32 or /128) to lo in the network namespace
 * at `netnsPath`, unless it is there already. Throws NftError: NETNS_NOT_FOUND, NETNS_FAILED (with the
 * kernel's reason, or koffi's when it cannot be loaded), TIMEOUT.
 */
export async function addLoopbackAddresses(netnsPath: string, cidrs: readonly string[], deadline: number, opts: LoopbackOptions = {}): Promise<void> {
  const wanted = cidrs.map(parseCidr);
  timeLeft(deadline, 'adding loopback addresses');
  if (wanted.length === 0) return;
  const native = nativeFor(opts);
  const answers = inLoopback(native, opts, netnsPath, deadline, (lo) =>
    wanted.map((c) => {
      // ifaddrmsg: family, prefix length, flags, scope, interface index; then the address as both
      // IFA_LOCAL and IFA_ADDRESS (a peer equal to the local address: no point-to-point peer).
      const head = Buffer.from([c.family, c.prefix, c.family === AF_INET6 ? IFA_F_NODAD : 0, RT_SCOPE_HOST, 0, 0, 0, 0]);
      putHostU32(head, 4, lo);
      // REPLACE: an address that is already there is a success, not EEXIST (which is one too, below).
      return {
        type: RTM_NEWADDR,
        flags: NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_REPLACE,
        body: Buffer.concat([head, nlAttr(IFA_LOCAL, c.bytes), nlAttr(IFA_ADDRESS, c.bytes)]),
      };
    }),
  );
  answers.forEach((a, i) => {
    if (a.errno !== 0 && a.errno !== EEXIST) throw new NftError('NETNS_FAILED', `cannot add ${wanted[i]!.text} to lo in ${netnsPath}: ${refusal(native, a)}`);
  });
}

/** Which of the addresses lo has in the network namespace at `netnsPath` (for CHECK). Throws like addLoopbackAddresses. */
export async function loopbackAddressesPresent(
  netnsPath: string,
  cidrs: readonly string[],
  deadline: number = Date.now() + DEFAULT_TIMEOUT_MS,
  opts: LoopbackOptions = {},
): Promise<LoopbackPresence> {
  const wanted = cidrs.map(parseCidr);
  timeLeft(deadline, 'reading loopback addresses');
  const have = readInProcess(nativeFor(opts), opts, netnsPath, deadline);
  const result: LoopbackPresence = { present: [], missing: [] };
  for (const c of wanted) {
    // By address alone: it is what the proxy binds, and what the kernel keys an IPv6 address by (adding
    // ::6/128 where ::6/64 is succeeds and leaves /64, which a prefix-exact CHECK would call missing forever).
    const there = have.some((h) => h.family === c.family && h.bytes.equals(c.bytes));
    (there ? result.present : result.missing).push(c.text);
  }
  return result;
}

const ownSwitchers = new WeakMap<NativeNetlink, NetnsSwitcher>();

function nativeFor(opts: LoopbackOptions): NativeNetlink {
  if (opts.native) return opts.native;
  try {
    return loadNetlink();
  } catch (e) {
    throw new NftError('NETNS_FAILED', `loopback addresses cannot be added: koffi or libc could not be loaded (${(e as Error).message})`);
  }
}

/**
 * Inside the pod's namespace: finds lo, opens a socket there, sends the requests `make` builds for lo's
 * index and reads the answers, closes the socket. All synchronous: the thread is home before any await.
 */
function inLoopback(
  native: NativeNetlink,
  opts: LoopbackOptions,
  netnsPath: string,
  deadline: number,
  make: (lo: number) => { type: number; flags: number; body: Buffer }[],
): NlAnswer[] {
  let switcher = opts.switcher ?? ownSwitchers.get(native);
  if (!switcher) ownSwitchers.set(native, (switcher = new NetnsSwitcher(native)));
  return switcher.inNetns(netnsPath, () => {
    // lo is registered first in every network namespace and so is index 1; asked, not assumed.
    const lo = native.ifIndex('lo');
    if (lo === 0) throw new NftError('NETNS_FAILED', `${netnsPath} has no lo interface`);
    const sock = native.openRoute(timeLeft(deadline, 'the netlink request'));
    try {
      return transact(sock, make(lo), deadline);
    } finally {
      sock.close();
    }
  });
}

function refusal(native: NativeNetlink, a: NlAnswer): string {
  return `${native.strerror(a.errno)} (errno ${a.errno})${a.text ? `: ${a.text}` : ''}`;
}

function readInProcess(native: NativeNetlink, opts: LoopbackOptions, netnsPath: string, deadline: number): Cidr[] {
  let loIndex = 0;
  const [dump] = inLoopback(native, opts, netnsPath, deadline, (lo) => {
    loIndex = lo;
    return [{ type: RTM_GETADDR, flags: NLM_F_REQUEST | NLM_F_DUMP, body: Buffer.from([AF_UNSPEC, 0, 0, 0, 0, 0, 0, 0]) /* an ifaddrmsg: every family */ }];
  });
  if (dump!.errno !== 0) throw new NftError('NETNS_FAILED', `cannot list the addresses in ${netnsPath}: ${refusal(native, dump!)}`);
  const out: Cidr[] = [];
  for (const m of dump!.messages) {
    if (m.type !== RTM_NEWADDR || m.payload.length < 8) continue;
    const family = m.payload[0]!;
    if ((family !== AF_INET && family !== AF_INET6) || hostU32(m.payload, 4) !== loIndex) continue;
    const attrs = nlAttrs(m.payload, 8);
    const flagsAttr = attrs.get(IFA_FLAGS);
    const flags = flagsAttr && flagsAttr.length >= 4 ? hostU32(flagsAttr, 0) : m.payload[2]!;
    if (flags & (IFA_F_TENTATIVE | IFA_F_DADFAILED)) continue; // not usable as a source (yet)
    const bytes = attrs.get(IFA_LOCAL) ?? attrs.get(IFA_ADDRESS);
    if (bytes) out.push({ text: '', family, bytes: Buffer.from(bytes), prefix: m.payload[1]! });
  }
  return out;
}

/** "::6/128", "::6" (a /128), "192.0.2.6/32": the address's bytes (network order) and prefix length. */
function parseCidr(text: string): Cidr {
  const slash = text.indexOf('/');
  const addr = slash < 0 ? text : text.slice(0, slash);
  const v4 = ipv4Bytes(addr);
  const bytes = v4 ?? ipv6Bytes(addr);
  if (!bytes) throw new NftError('NETNS_FAILED', `loopback address "${text}" is not an IPv4 or IPv6 address with an optional /prefix`);
  const max = bytes.length * 8;
  const prefix = slash < 0 ? String(max) : text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > max) throw new NftError('NETNS_FAILED', `loopback address "${text}": the prefix length must be 0-${max}`);
  return { text, family: v4 ? AF_INET : AF_INET6, bytes, prefix: Number(prefix) };
}

// Addresses are parsed here rather than with node:net's isIP, which costs a CNI call ≈ 3 ms to load.

function ipv4Bytes(text: string): Buffer | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  const bytes = m?.slice(1).map(Number);
  return bytes?.every((b) => b <= 255) ? Buffer.from(bytes) : undefined;
}

/** 16 bytes: "::" expanded, a dotted IPv4 tail ("::ffff:192.0.2.1") as two groups; no zone ("%eth0"). */
function ipv6Bytes(text: string): Buffer | undefined {
  let groupsText = text;
  if (text.includes('.')) {
    const colon = text.lastIndexOf(':');
    const tail = ipv4Bytes(text.slice(colon + 1));
    if (colon < 0 || !tail) return undefined;
    groupsText = `${text.slice(0, colon + 1)}${tail.readUInt16BE(0).toString(16)}:${tail.readUInt16BE(2).toString(16)}`;
  }
  const halves = groupsText.split('::');
  if (halves.length > 2) return undefined;
  const split = (s: string) => (s === '' ? [] : s.split(':'));
  const head = split(halves[0]!);
  const tail = halves.length === 2 ? split(halves[1]!) : [];
  const zeros = 8 - head.length - tail.length;
  if (halves.length === 2 ? zeros < 1 : zeros !== 0) return undefined;
  const groups = [...head, ...Array<string>(zeros).fill('0'), ...tail];
  if (!groups.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return undefined;
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), i * 2));
  return out;
}
