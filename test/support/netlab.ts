// Network namespaces for root tests and the demo: a lab names everything it creates `hpt-<6 hex>-<label>`
// (unique per lab), runs commands inside with `ip netns exec` and argument arrays (never a shell), starts
// TCP listeners and clients inside as small Node scripts, and cleanup() removes everything it created —
// processes by PID, namespaces and links by name (netns.ts registers it with vitest's afterAll). Traffic
// only ever goes to loopback or to addresses inside namespaces the lab created.
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createInterface } from 'node:readline';
import { findBinary } from '../../src/nft/index.js';
import { captureOutput } from './process-output.js';

const NETNS_DIR = '/run/netns';

/**
 * True (skip) unless this process can create network namespaces and run nft: root on Linux with ip,
 * nft, nsenter and unshare installed. Says so LOUDLY, because a skipped root suite hides real coverage.
 */
export function skipUnlessNetAdmin(suite: string): boolean {
  const missing: string[] = [];
  if (process.platform !== 'linux') missing.push(`Linux (this is ${process.platform})`);
  else if (process.getuid?.() !== 0) missing.push('root (uid 0)');
  for (const bin of ['ip', 'nft', 'nsenter', 'unshare']) if (!findBinary(bin)) missing.push(bin);
  if (missing.length === 0) {
    // Root in a container may still lack CAP_SYS_ADMIN: try it once.
    const probe = `hpt-${randomBytes(3).toString('hex')}-probe`;
    try {
      execFileSync(findBinary('ip')!, ['netns', 'add', probe], { stdio: 'pipe' });
    } catch (e) {
      missing.push(`permission to create network namespaces (${String((e as { stderr?: Buffer }).stderr ?? e).trim()})`);
    } finally {
      try {
        execFileSync(findBinary('ip')!, ['netns', 'del', probe], { stdio: 'pipe' });
      } catch {
        /* was not created */
      }
    }
  }
  if (missing.length === 0) return false;
  if (process.env.CI === 'true') {
    // CI runs as root on a kernel with namespaces: a skip there would hide lost coverage.
    throw new Error(`${suite} cannot run in CI: needs ${missing.join(', ')}`);
  }
  const bar = '!'.repeat(100);
  console.warn(
    `\n${bar}\n!!! SKIPPING ${suite}: needs ${missing.join(', ')}.\n!!! These tests apply real nftables rules in network namespaces; CI runs them as root.\n${bar}\n`,
  );
  return true;
}

export interface Netns {
  readonly name: string;
  /** /run/netns/<name>, for nsenter --net=… */
  readonly path: string;
}

export interface Received {
  /** The first line the client sent. */
  readonly data: string;
  readonly remoteAddress: string;
  readonly localAddress: string;
  readonly localPort: number;
}

export interface Listener {
  readonly tag: string;
  /** Connections received so far. */
  readonly received: readonly Received[];
  close(): void;
}

export interface ConnectOptions {
  host: string;
  port: number;
  /** Run the client as this uid/gid (it enters the namespace as root, then drops to them). */
  uid?: number;
  gid?: number;
  /** Bind the client socket to this local address first. */
  localAddress?: string;
  timeoutMs?: number;
}

/** The tag of the listener that answered, or why the connection failed. */
export type ConnectResult = { ok: true; reply: string } | { ok: false; error: string };

// A listener answers each connection with its tag and reports it to us as a JSON line on stdout.
const LISTENER = String.raw`
const net = require('node:net');
const [host, port, tag] = process.argv.slice(1);
const server = net.createServer((s) => {
  let buf = '';
  s.setEncoding('utf8');
  s.on('data', (d) => {
    buf += d;
    const nl = buf.indexOf('\n');
    if (nl < 0) return;
    process.stdout.write(JSON.stringify({ event: 'conn', data: buf.slice(0, nl), remoteAddress: s.remoteAddress,
      localAddress: s.localAddress, localPort: s.localPort }) + '\n');
    s.end(tag + '\n');
  });
  s.on('error', () => {});
});
server.on('error', (e) => { process.stdout.write(JSON.stringify({ event: 'error', error: e.message }) + '\n'); process.exit(1); });
server.listen({ host, port: Number(port) }, () => process.stdout.write(JSON.stringify({ event: 'listening' }) + '\n'));
process.stdin.on('end', () => process.exit(0)).resume();
`;

// A client connects once, sends a line, and prints the reply (the answering listener's tag) as JSON.
const CLIENT = String.raw`
const net = require('node:net');
const [host, port, localAddress, uid, gid, ms] = process.argv.slice(1);
const done = (r) => { process.stdout.write(JSON.stringify(r) + '\n'); process.exit(0); };
setTimeout(() => done({ ok: false, error: 'TIMEOUT' }), Number(ms));
if (gid !== '') { process.setgroups([]); process.setgid(Number(gid)); }
if (uid !== '') process.setuid(Number(uid));
const s = net.connect({ host, port: Number(port), ...(localAddress ? { localAddress } : {}) });
let reply = '';
s.setEncoding('utf8');
s.on('connect', () => s.write('hello from ' + process.getuid() + ':' + process.getgid() + '\n'));
s.on('data', (d) => { reply += d; });
s.on('end', () => done({ ok: true, reply: reply.trim() }));
s.on('error', (e) => done({ ok: false, error: e.code || e.message }));
`;

export class NetLab {
  readonly id = randomBytes(3).toString('hex');
  private readonly ip = findBinary('ip') ?? 'ip';
  private readonly namespaces: string[] = [];
  private readonly links: string[] = [];
  private readonly processes = new Set<ChildProcess>();

  /** `hpt-<id>-<label>`: at most 15 characters with a label of up to 4 (an interface name's limit). */
  name(label: string): string {
    if (!/^[a-z0-9]{1,4}$/.test(label)) throw new Error(`lab label "${label}": 1-4 lowercase letters or digits`);
    return `hpt-${this.id}-${label}`;
  }

  private run(args: readonly string[], timeoutMs = 10_000): Promise<{ stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      execFile(this.ip, args, { timeout: timeoutMs, encoding: 'utf8' }, (err, stdout, stderr) => {
        if (err) reject(new Error(`ip ${args.join(' ')}: ${stderr.trim() || err.message}`));
        else resolve({ stdout, stderr });
      });
    });
  }

  /** A new network namespace with lo up. */
  async addNetns(label: string): Promise<Netns> {
    const name = this.name(label);
    this.namespaces.push(name);
    await this.run(['netns', 'add', name]);
    await this.run(['-n', name, 'link', 'set', 'lo', 'up']);
    return { name, path: `${NETNS_DIR}/${name}` };
  }

  /**
   * A bridge in the host namespace with a fixed MAC address, for a CNI bridge plugin to adopt. A bridge
   * that has no address of its own takes the lowest of its ports' and so changes as pods come and go,
   * which makes the reference bridge plugin's CHECK fail ("Mac doesn't match").
   */
  async addBridge(label: string): Promise<string> {
    const name = this.name(label);
    this.links.push(name);
    await this.run(['link', 'add', 'name', name, 'type', 'bridge']);
    await this.run(['link', 'set', name, 'address', `02:48:50:54:${this.id.slice(0, 2)}:${this.id.slice(2, 4)}`]);
    return name;
  }

  /** Adopts a link created by someone else (e.g. the bridge a CNI plugin made) for cleanup. */
  trackLink(name: string): void {
    this.links.push(name);
  }

  /** Deletes a namespace of this lab now (e.g. to test a namespace that went away). */
  async deleteNetns(ns: Netns): Promise<void> {
    await this.run(['netns', 'del', ns.name]);
  }

  /**
   * A veth pair between two namespaces, created directly inside them (it never exists in the host's
   * namespace), with the given addresses (CIDR form; IPv6 without duplicate address detection), up.
   */
  async veth(a: Netns, aLabel: string, aAddrs: readonly string[], b: Netns, bLabel: string, bAddrs: readonly string[]): Promise<void> {
    const aIf = this.name(aLabel);
    const bIf = this.name(bLabel);
    this.links.push(aIf, bIf);
    await this.run(['link', 'add', aIf, 'netns', a.name, 'type', 'veth', 'peer', 'name', bIf, 'netns', b.name]);
    // Up first, then the addresses: an IPv6 address added while the link is down answers neighbour
    // solicitations only about a second later (nodad or not), which costs the first connection a SYN retry.
    for (const [ns, ifname, addrs] of [
      [a, aIf, aAddrs],
      [b, bIf, bAddrs],
    ] as const) {
      await this.run(['-n', ns.name, 'link', 'set', ifname, 'up']);
      for (const addr of addrs) {
        await this.run(['-n', ns.name, 'addr', 'add', addr, 'dev', ifname, ...(addr.includes(':') ? ['nodad'] : [])]);
      }
    }
  }

  /** Runs a command inside the namespace: `ip netns exec <name> <argv…>`. */
  exec(ns: Netns, argv: readonly string[], timeoutMs?: number): Promise<{ stdout: string; stderr: string }> {
    return this.run(['netns', 'exec', ns.name, ...argv], timeoutMs);
  }

  private spawnIn(ns: Netns, script: string, args: readonly string[]): ChildProcess {
    // `ip netns exec` execs the command: the PID we hold is the Node process inside the namespace.
    const child = spawn(this.ip, ['netns', 'exec', ns.name, process.execPath, '-e', script, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.processes.add(child);
    child.on('exit', () => this.processes.delete(child));
    child.stdin?.on('error', () => {});
    return child;
  }

  /**
   * Starts a command inside the namespace (`ip netns exec <name> <argv…>`, stdio piped) and tracks it
   * like the lab's own listeners: cleanup() kills it by PID. For long-running helpers (e.g. the traffic
   * lab's netprobe) that the caller talks to through stdin/stdout.
   */
  spawnCommand(ns: Netns, argv: readonly string[]): ChildProcess {
    const child = spawn(this.ip, ['netns', 'exec', ns.name, ...argv], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.processes.add(child);
    child.on('exit', () => this.processes.delete(child));
    child.stdin?.on('error', () => {});
    return child;
  }

  /** A TCP listener inside the namespace that answers every connection with `tag`. */
  async listen(ns: Netns, host: string, port: number, tag: string, timeoutMs = 5000): Promise<Listener> {
    const child = this.spawnIn(ns, LISTENER, [host, String(port), tag]);
    const received: Received[] = [];
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`listener ${tag} did not start within ${timeoutMs} ms: ${stderr}`)), timeoutMs);
      createInterface({ input: child.stdout! }).on('line', (line) => {
        const m = JSON.parse(line) as { event: string; error?: string } & Received;
        if (m.event === 'listening') {
          clearTimeout(timer);
          resolve();
        }
        if (m.event === 'error') {
          clearTimeout(timer);
          reject(new Error(`listener ${tag}: ${m.error}`));
        }
        if (m.event === 'conn') received.push({ data: m.data, remoteAddress: m.remoteAddress, localAddress: m.localAddress, localPort: m.localPort });
      });
      child.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`listener ${tag} exited (${code}): ${stderr}`));
      });
    });
    return { tag, received, close: () => child.kill('SIGKILL') };
  }

  /** One TCP connection from inside the namespace, bounded by a timeout (default 3 s). */
  async connect(ns: Netns, o: ConnectOptions): Promise<ConnectResult> {
    const timeoutMs = o.timeoutMs ?? 3000;
    const child = this.spawnIn(ns, CLIENT, [o.host, String(o.port), o.localAddress ?? '', o.uid?.toString() ?? '', o.gid?.toString() ?? '', String(timeoutMs)]);
    child.stdin?.end();
    const output = captureOutput(child);
    return new Promise((resolve) => {
      const guard = setTimeout(() => child.kill('SIGKILL'), timeoutMs + 3000);
      child.on('exit', () => {
        clearTimeout(guard);
        try {
          resolve(JSON.parse(output.stdout) as ConnectResult);
        } catch {
          resolve({ ok: false, error: `client failed: ${output.stderr.trim() || output.stdout.trim() || 'no output'}` });
        }
      });
    });
  }

  /** What of this lab still exists: live processes, namespaces, links in the host namespace. */
  leftovers(): string[] {
    const out: string[] = [];
    for (const p of this.processes) if (p.exitCode === null && p.signalCode === null) out.push(`process ${p.pid}`);
    for (const ns of this.namespaces) if (fs.existsSync(`${NETNS_DIR}/${ns}`)) out.push(`netns ${ns}`);
    for (const l of this.links) if (fs.existsSync(`/sys/class/net/${l}`)) out.push(`link ${l}`);
    return out;
  }

  /** Kills the lab's processes and deletes its namespaces and links; safe to call twice. */
  async cleanup(): Promise<void> {
    await Promise.all(
      [...this.processes].map(
        (p) =>
          new Promise<void>((resolve) => {
            if (p.exitCode !== null || p.signalCode !== null) return resolve();
            p.once('exit', () => resolve());
            p.kill('SIGKILL');
          }),
      ),
    );
    for (const ns of this.namespaces) await this.run(['netns', 'del', ns]).catch(() => {});
    for (const l of this.links) if (fs.existsSync(`/sys/class/net/${l}`)) await this.run(['link', 'del', l]).catch(() => {});
  }
}
