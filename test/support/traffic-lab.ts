// The traffic lab, for differential tests of service-mesh capture rules: a pod network namespace holding
// some capture ruleset (our nftables table, or a mesh's own rules as iptables-restore or nft text), a
// peer namespace behind a veth, an application and a peer server, and a stand-in sidecar proxy that
// forwards what it receives to the original destination the way a mesh's proxy does — so that loops,
// refusals and bypasses show. The same matrix of TCP connections ("cells") runs against each ruleset and
// every cell yields a fate string. The endpoints are one small C program, test/support/netprobe/netprobe.c, built
// with gcc on first use into .cache/doubles/netprobe; everything runs through NetLab (netlab.ts), whose
// cleanup() kills the processes and deletes the namespaces.
//
// Addresses (the same in every podLab: each has its own pair of namespaces):
//   pod   10.244.7.2/24  fd00:7::2/64    default routes via the peer
//   peer  10.244.7.1/24  fd00:7::1/64    and the "other" (out-of-range) addresses 10.99.0.1, fd00:99::1
// Nothing leaves the lab: the peer has no route beyond the veth and does not forward.
//
// Fates. A cell's client sends the line `c`; every proxy hop appends `>TAG:PORT` (its tag, the port it
// accepted the connection on) before forwarding; the server that answers appends `|TAG:PORT` (its tag,
// the local port the connection arrived on) and the reply travels back unchanged:
//   fate  := reply | 'ERR:' ERRNO | 'ERR:noreply' | 'ERR:badaddr' | 'ERR:setuid-' ERRNO | 'ERR:fork-' ERRNO
//   reply := 'c' hop* ( '|' TAG ':' PORT | ':' stop )
//   hop   := '>' TAG ':' PORT
//   stop  := 'LOOP' | 'direct' | 'bind-' ERRNO | ERRNO | 'noreply'      (said by the last proxy hop)
// ERRNO is a name such as ECONNREFUSED, ETIMEDOUT, EADDRNOTAVAIL (E<number> for rare ones). Examples:
//   c|peer:80                     not captured: the peer's server on port 80 answered
//   c|app:8080                    not captured: the app on 8080 answered
//   c>out:15001|peer:80           captured to the proxy's 15001, forwarded to the original destination
//   c>in:15006|app:8080           inbound capture to 15006, the proxy passed it on to the app
//   c>out:15001>out:15001>out:15001>out:15001>out:15001:LOOP
//                                 the proxy's own connection was captured again (the 5th hop gives up)
//   c>out:15001:direct            the proxy's port reached without a redirect (no original destination)
//   c>in:15006:bind-EADDRNOTAVAIL the inbound passthrough source (e.g. ::6) is not an address of the pod
//   c>out:15001:ECONNREFUSED      the proxy's onward connection was refused (`:ETIMEDOUT`: dropped, 2 s)
//   c>out:15001:noreply           the proxy's onward connection closed or stayed silent (3 s)
//   ERR:ECONNREFUSED              the client's own connection was refused (e.g. captured to a port no
//                                 listener has in that address family)
//   ERR:ETIMEDOUT                 the client's SYN went unanswered for 2 s (dropped)
//   ERR:EADDRNOTAVAIL             the cell's source address (Cell.src) is not an address of its side
//   ERR:noreply                   connected, but no line came back within 3 s
import { execFile, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { findBinary } from '../../src/nft/index.js';
import type { NetLab, Netns } from './netlab.js';
import { captureOutput } from './process-output.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const SOURCE = path.join(ROOT, 'test', 'support', 'netprobe', 'netprobe.c');
const OUT = path.join(ROOT, '.cache', 'doubles', 'netprobe');

/** netprobe's path; compiles it when the source is newer. */
export function netprobeBinary(): string {
  const out = fs.statSync(OUT, { throwIfNoEntry: false });
  if (out && out.mtimeMs > fs.statSync(SOURCE).mtimeMs) return OUT;
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  const tmp = `${OUT}.${process.pid}.tmp`;
  const r = spawnSync('gcc', ['-std=c11', '-O2', '-Wall', '-Wextra', '-o', tmp, SOURCE], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`gcc failed building ${SOURCE}: ${r.error?.message ?? ''}${r.stdout}${r.stderr}`);
  fs.renameSync(tmp, OUT);
  return OUT;
}

export interface PodLabOptions {
  /**
   * 1-3 lowercase letters or digits: the pod namespace (and its veth end) is `hpt-<lab id>-<label>p`,
   * the peer's `hpt-<lab id>-<label>q`.
   */
  label: string;
}

/** The stand-in sidecar proxy (netprobe proxy), in the pod namespace. */
export interface StandInProxy {
  /** Appears in the fate at each hop through this proxy (`>tag:port`). */
  tag: string;
  /** The proxy runs as this uid (and gid) once its listeners are bound: its own connections carry them. */
  uid: number;
  gid?: number;
  /** Ports it listens on: IPv4 (`0.0.0.0`), IPv6 (`::`, IPv6 only) or both. */
  listen: Array<{ port: number; families: '4' | '6' | '46' }>;
  /** The listener whose connections are inbound: forwarded to inboundTarget, from source4/source6. */
  inboundPort?: number;
  /** Inbound connections go to their original destination, or to 127.0.0.1 / ::1 at the original port. */
  inboundTarget: 'orig' | 'localhost';
  /** Source addresses of inbound forwarding (Envoy's passthrough binds 127.0.0.6 / ::6). */
  source4?: string;
  source6?: string;
}

/** A capture ruleset for the pod namespace. */
export interface Ruleset {
  /** `nft -f` text (e.g. our table as renderRuleset prints it, or a mesh's nft rules). */
  nft?: string;
  /** iptables-restore / ip6tables-restore text (whichever iptables variant the machine's binaries are). */
  iptables4?: string;
  iptables6?: string;
  /** Addresses (CIDR) added to the pod's lo, e.g. '::6/128'; an earlier load's are removed. */
  loopbackAddrs?: string[];
}

/** One TCP connection of the matrix. */
export interface Cell {
  /** Keys the result: letters, digits and `-_.:/`, unique within one run(). */
  id: string;
  /** The client runs as uid/gid (no supplementary groups). */
  uid: number;
  gid: number;
  /** Destination: one of the lab's addresses (PodLab.addrs) or a loopback address. */
  addr: string;
  port: number;
  /** The namespace the client runs in. */
  from: 'pod' | 'peer';
  /** Source address to bind first (e.g. the peer's "other" address). */
  src?: string;
}

export interface PodLab {
  readonly pod: Netns;
  readonly peer: Netns;
  /** Plain addresses, no prefix length. */
  readonly addrs: { pod4: string; pod6: string; peer4: string; peer6: string; other4: string; other6: string };
  /**
   * Replaces the pod namespace's rules: `nft flush ruleset` (every table, iptables-nft's included; legacy
   * iptables tables are flushed too when the machine's iptables is legacy), the loopback addresses, then
   * `nft -f -`, `iptables-restore -w`, `ip6tables-restore -w` with the given texts, in that order. The
   * order matters when both kinds capture: NAT is decided once per connection, by the first nat chain
   * that translates it, and of two nat base chains at the same hook and priority the one registered
   * last runs first (here: iptables' before the nft text's).
   */
  load(r: Ruleset): Promise<void>;
  /** `netprobe serve app <ports…>` in the pod namespace (both families). */
  serveApp(ports: number[]): Promise<void>;
  /** `netprobe serve peer <ports…>` in the peer namespace (both families; on every peer address). */
  servePeer(ports: number[]): Promise<void>;
  /** Starts the stand-in proxy in the pod namespace (stopping an earlier one first). */
  startProxy(p: StandInProxy): Promise<void>;
  stopProxy(): Promise<void>;
  /** Runs the cells (one `netprobe matrix` per side, 16 connections at once): id → fate. */
  run(cells: Cell[]): Promise<Map<string, string>>;
}

const POD4 = '10.244.7.2';
const POD6 = 'fd00:7::2';
const PEER4 = '10.244.7.1';
const PEER6 = 'fd00:7::1';
const OTHER4 = '10.99.0.1';
const OTHER6 = 'fd00:99::1';

const READY_MS = 5000;
const STOP_MS = 2000;
const EXEC_MS = 10_000;
// A cell takes at most 2 s (connect) + 3 s (reply); the matrix runs 16 at once.
const CELL_MS = 5000;
const PARALLEL = 16;

function bin(name: string): string {
  const found = findBinary(name);
  if (!found) throw new Error(`traffic lab: ${name} is not installed`);
  return found;
}

/** `ip netns exec <ns> <argv…>` with `input` on stdin, bounded; rejects with the command's stderr. */
function execIn(ns: Netns, argv: readonly string[], input = '', timeoutMs = EXEC_MS): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(bin('ip'), ['netns', 'exec', ns.name, ...argv], { timeout: timeoutMs, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${argv.join(' ')} in ${ns.name}: ${stderr.trim() || err.message}`));
      else resolve(stdout);
    });
    child.stdin?.on('error', () => {});
    child.stdin?.end(input);
  });
}

/** Starts netprobe in the namespace (tracked by the lab) and waits for its `ready`. */
async function startProbe(lab: NetLab, ns: Netns, argv: readonly string[], what: string): Promise<ChildProcess> {
  const child = lab.spawnCommand(ns, [netprobeBinary(), ...argv]);
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  await new Promise<void>((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${what} in ${ns.name}: ${why}${stderr ? `: ${stderr.trim()}` : ''}`));
    };
    const timer = setTimeout(() => fail(`not ready within ${READY_MS} ms`), READY_MS);
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (stdout.includes('ready\n')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('error', (e) => fail(e.message));
    child.on('exit', (code, signal) => fail(`exited (${code ?? signal})`));
  });
  return child;
}

/** Closes the probe's stdin (it exits on EOF) and waits, killing it after STOP_MS. */
function stopProbe(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.stdin?.end();
  });
}

let legacyIptables: boolean | undefined;

/** True when iptables-restore is the legacy (x_tables) variant, whose tables `nft flush ruleset` leaves. */
async function iptablesIsLegacy(ns: Netns): Promise<boolean> {
  if (legacyIptables === undefined) {
    const restore = findBinary('iptables-restore');
    legacyIptables = restore ? (await execIn(ns, [restore, '--version'])).includes('legacy') : false;
  }
  return legacyIptables;
}

const EMPTY_IPTABLES = ['raw', 'mangle', 'nat', 'filter'].map((t) => `*${t}\nCOMMIT\n`).join('');

/** Sets up a pod and a peer namespace joined by a veth (see the addresses at the top). */
export async function podLab(lab: NetLab, o: PodLabOptions): Promise<PodLab> {
  if (!/^[a-z0-9]{1,3}$/.test(o.label)) throw new Error(`pod lab label "${o.label}": 1-3 lowercase letters or digits`);
  const pod = await lab.addNetns(`${o.label}p`);
  const peer = await lab.addNetns(`${o.label}q`);
  // The addresses go on once the veth is up: an IPv6 address added (nodad) while the link is down does
  // not answer neighbour solicitations for about a second after it comes up, which costs the first IPv6
  // connection a SYN retransmission (1 s).
  await lab.veth(pod, `${o.label}p`, [], peer, `${o.label}q`, []);
  for (const [ns, ifname, cidrs] of [
    [pod, lab.name(`${o.label}p`), [`${POD4}/24`, `${POD6}/64`]],
    [peer, lab.name(`${o.label}q`), [`${PEER4}/24`, `${PEER6}/64`, `${OTHER4}/32`, `${OTHER6}/128`]],
  ] as const) {
    for (const cidr of cidrs) await lab.exec(ns, [bin('ip'), 'addr', 'add', cidr, 'dev', ifname, ...(cidr.includes(':') ? ['nodad'] : [])]);
  }
  await lab.exec(pod, [bin('ip'), 'route', 'add', 'default', 'via', PEER4]);
  await lab.exec(pod, [bin('ip'), '-6', 'route', 'add', 'default', 'via', PEER6]);

  const addrs = { pod4: POD4, pod6: POD6, peer4: PEER4, peer6: PEER6, other4: OTHER4, other6: OTHER6 };
  let loopback: string[] = [];
  let proxy: ChildProcess | undefined;

  const allowed = (addr: string) =>
    Object.values(addrs).includes(addr) || /^127\./.test(addr) || addr === '::1' || loopback.some((l) => l.split('/')[0] === addr);

  async function stopProxy(): Promise<void> {
    if (proxy) await stopProbe(proxy);
    proxy = undefined;
  }

  async function matrix(ns: Netns, cells: Cell[]): Promise<Map<string, string>> {
    const child = lab.spawnCommand(ns, [netprobeBinary(), 'matrix']);
    const timeoutMs = CELL_MS * Math.ceil(cells.length / PARALLEL) + 5000;
    const output = captureOutput(child);
    const exited = new Promise<string>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.on('error', (e) => resolve(e.message));
      child.on('close', (code, signal) => {
        // 'close': stdout is read to its end ('exit' may come first)
        clearTimeout(timer);
        resolve(code === 0 ? '' : signal === 'SIGKILL' ? `killed after ${timeoutMs} ms` : `exited (${code ?? signal})`);
      });
    });
    child.stdin?.end(cells.map((c) => `${c.id} ${c.uid} ${c.gid} ${c.addr} ${c.port}${c.src ? ` ${c.src}` : ''}\n`).join(''));
    const problem = await exited;
    const fates = new Map<string, string>();
    for (const line of output.stdout.split('\n')) {
      const sp = line.indexOf(' ');
      if (sp > 0) fates.set(line.slice(0, sp), line.slice(sp + 1));
    }
    const missing = cells.filter((c) => !fates.has(c.id)).map((c) => c.id);
    if (problem || missing.length > 0) {
      throw new Error(
        `netprobe matrix in ${ns.name}: ${problem || 'incomplete'}; no fate for ${missing.join(', ') || 'none'}${output.stderr ? `: ${output.stderr.trim()}` : ''}`,
      );
    }
    return fates;
  }

  return {
    pod,
    peer,
    addrs,

    async load(r) {
      await execIn(pod, [bin('nft'), 'flush', 'ruleset']);
      if (await iptablesIsLegacy(pod)) {
        await execIn(pod, [bin('iptables-restore'), '-w'], EMPTY_IPTABLES);
        await execIn(pod, [bin('ip6tables-restore'), '-w'], EMPTY_IPTABLES);
      }
      for (const a of loopback) await execIn(pod, [bin('ip'), 'addr', 'del', a, 'dev', 'lo']).catch(() => {});
      loopback = [];
      for (const a of r.loopbackAddrs ?? []) {
        await execIn(pod, [bin('ip'), 'addr', 'add', a, 'dev', 'lo', ...(a.includes(':') ? ['nodad'] : [])]);
        loopback.push(a);
      }
      if (r.nft !== undefined) await execIn(pod, [bin('nft'), '-f', '-'], r.nft);
      if (r.iptables4 !== undefined) await execIn(pod, [bin('iptables-restore'), '-w'], r.iptables4);
      if (r.iptables6 !== undefined) await execIn(pod, [bin('ip6tables-restore'), '-w'], r.iptables6);
    },

    async serveApp(ports) {
      await startProbe(lab, pod, ['serve', 'app', ...ports.map(String)], 'netprobe serve app');
    },

    async servePeer(ports) {
      await startProbe(lab, peer, ['serve', 'peer', ...ports.map(String)], 'netprobe serve peer');
    },

    async startProxy(p) {
      if (!/^[A-Za-z0-9_-]{1,16}$/.test(p.tag)) throw new Error(`proxy tag "${p.tag}": letters, digits, - and _ only`);
      await stopProxy();
      const argv = [
        'proxy',
        '--tag',
        p.tag,
        '--uid',
        String(p.uid),
        ...(p.gid !== undefined ? ['--gid', String(p.gid)] : []),
        ...p.listen.flatMap((l) => ['--listen', `${l.port}/${l.families}`]),
        '--inbound-target',
        p.inboundTarget,
        ...(p.inboundPort !== undefined ? ['--inbound-port', String(p.inboundPort)] : []),
        ...(p.source4 ? ['--source4', p.source4] : []),
        ...(p.source6 ? ['--source6', p.source6] : []),
      ];
      proxy = await startProbe(lab, pod, argv, `netprobe proxy ${p.tag}`);
    },

    stopProxy,

    async run(cells) {
      const ids = new Set<string>();
      for (const c of cells) {
        if (!/^[A-Za-z0-9_.:/-]{1,60}$/.test(c.id)) throw new Error(`cell id "${c.id}": letters, digits and -_.:/ only`);
        if (ids.has(c.id)) throw new Error(`cell id "${c.id}" twice`);
        ids.add(c.id);
        for (const a of [c.addr, c.src]) if (a !== undefined && !allowed(a)) throw new Error(`cell ${c.id}: ${a} is not an address of the lab`);
      }
      const sides = [
        [pod, cells.filter((c) => c.from === 'pod')],
        [peer, cells.filter((c) => c.from === 'peer')],
      ] as const;
      const results = await Promise.all(sides.filter(([, cs]) => cs.length > 0).map(([ns, cs]) => matrix(ns, cs)));
      return new Map(results.flatMap((m) => [...m]));
    },
  };
}
