// The Linux backend's rules, as data first: a ProxyPolicy becomes one nftables `inet` table owned by
// us (chains and rules), rendered to `nft -f` text here and nowhere else. Pure and golden-tested
// (test/golden/nft/); applying the text in a pod's network namespace is apply.ts's job.
//
// The shape mirrors Istio's and Kuma's nat rules (REDIRECT mode): prerouting → inbound → redirect to
// the inbound listener; output → outbound → the proxy's own traffic and loopback return, the rest is
// redirected to the outbound listener. The text is what `nft list table` prints for it (tabs, sorted
// set elements, a single element without braces), so an operator sees in the pod what we rendered.
import { formatIpNet, formatPortRange, type IpNet, type PortRange, type ProxyPolicy } from '../policy/index.js';
import { checkNftLimits } from './limits.js';

export const TABLE_FAMILY = 'inet';
export const TABLE_NAME = 'hcnproxyctl';

/** One rule: nft's rule syntax (one line), and an optional comment nft keeps with it. */
export interface NftRule {
  readonly text: string;
  readonly comment?: string;
}

export interface NftBaseChain {
  readonly type: 'nat';
  readonly hook: 'prerouting' | 'output';
  /** As nft lists it: a name (`dstnat`) or a number. */
  readonly priority: string;
}

export interface NftChain {
  readonly name: string;
  /** Absent for a regular chain (reached by `jump`). */
  readonly base?: NftBaseChain;
  readonly rules: readonly NftRule[];
}

export interface NftTable {
  readonly family: typeof TABLE_FAMILY;
  readonly name: typeof TABLE_NAME;
  readonly chains: readonly NftChain[];
}

// Source of the proxy's inbound passthrough connections (Envoy's upstream bind address, Istio/Kuma).
const PASSTHROUGH_V4 = '127.0.0.6';
const PASSTHROUGH_V6 = '::6';

function v4Key(address: string): bigint {
  return address.split('.').reduce((acc, part) => acc * 256n + BigInt(part), 0n);
}

/** Canonical IPv6 text (formatIpNet's: no embedded IPv4) as a number, for ordering. */
function v6Key(address: string): bigint {
  const [head = '', tail] = address.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...new Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return groups.reduce((acc, g) => acc * 65536n + BigInt(parseInt(g, 16)), 0n);
}

function compareNets(a: IpNet, b: IpNet): number {
  const key = a.family === 4 ? v4Key : v6Key;
  const ka = key(a.address);
  const kb = key(b.address);
  return ka < kb ? -1 : ka > kb ? 1 : a.prefix - b.prefix;
}

/** A set expression as nft lists it: a bare element, or `{ a, b }` in nft's (ascending) order. */
function set(items: readonly string[]): string {
  return items.length === 1 ? items[0]! : `{ ${items.join(', ')} }`;
}

function ports(list: readonly PortRange[]): string {
  return set([...list].sort((a, b) => a.from - b.from || a.to - b.to).map(formatPortRange));
}

function nets(list: readonly IpNet[], family: 4 | 6): string | undefined {
  const of = list.filter((n) => n.family === family).sort(compareNets);
  return of.length > 0 ? set(of.map(formatIpNet)) : undefined;
}

const IP = { 4: 'ip', 6: 'ip6' } as const;

/** `ip saddr { … } return` and its `ip6` twin, for the families present in the list. */
function netRules(list: readonly IpNet[], field: 'saddr' | 'daddr', op: '' | '!= '): NftRule[] {
  const out: NftRule[] = [];
  for (const family of [4, 6] as const) {
    const s = nets(list, family);
    if (s !== undefined) out.push({ text: `${IP[family]} ${field} ${op}${s} return` });
  }
  return out;
}

/** `meta skuid U` / `meta skgid G` for each identity the proxy has. */
function identityMatches(p: ProxyPolicy): string[] {
  const out: string[] = [];
  if (p.identity.uid !== undefined) out.push(`meta skuid ${p.identity.uid}`);
  if (p.identity.gid !== undefined) out.push(`meta skgid ${p.identity.gid}`);
  return out;
}

// A redirect needs a transport protocol match in the same rule: the chains below are entered for TCP
// only, but nft checks each rule on its own, so a rule with no `tcp …` match says `meta l4proto tcp`.
function redirect(port: number): string {
  return `meta l4proto tcp redirect to :${port}`;
}

function inboundChain(p: ProxyPolicy, inboundPort: number): NftChain {
  const rules: NftRule[] = [];
  if (p.inboundExceptions.ports.length > 0) rules.push({ text: `tcp dport ${ports(p.inboundExceptions.ports)} return` });
  rules.push(...netRules(p.inboundExceptions.nets, 'saddr', ''));
  if (p.inboundIncludePorts.length > 0) rules.push({ text: `tcp dport != ${ports(p.inboundIncludePorts)} return` });
  rules.push({ text: redirect(inboundPort) });
  return { name: 'inbound', rules };
}

function outboundChain(p: ProxyPolicy): NftChain {
  const ids = identityMatches(p);
  const rules: NftRule[] = [
    // (a) Envoy's inbound passthrough connects to the app from 127.0.0.6: it must not loop back.
    { text: `oifname "lo" ip saddr ${PASSTHROUGH_V4} return`, comment: 'proxy inbound passthrough' },
    { text: `oifname "lo" ip6 saddr ${PASSTHROUGH_V6} return`, comment: 'proxy inbound passthrough' },
  ];
  // (b) The proxy calling the pod's own IP (it leaves by lo) is a connection into the pod: inbound listener.
  if (p.inboundPort !== undefined) {
    for (const id of ids) {
      rules.push({ text: `oifname "lo" ip daddr != 127.0.0.1 ${id} ${redirect(p.inboundPort)}`, comment: 'proxy to the pod IP: inbound' });
      rules.push({ text: `oifname "lo" ip6 daddr != ::1 ${id} ${redirect(p.inboundPort)}`, comment: 'proxy to the pod IP: inbound' });
    }
  }
  // (c) The proxy's own connections are never redirected (they would loop).
  for (const id of ids) rules.push({ text: `${id} return`, comment: 'the proxy itself' });
  // (d) DNS over TCP from the app goes to the DNS proxy, whatever the destination (loopback included).
  if (p.dnsCapturePort !== undefined) rules.push({ text: `tcp dport 53 redirect to :${p.dnsCapturePort}` });
  // (e) Everything else leaving by loopback stays local, as Istio and Kuma do: 127.0.0.1/::1 and the app
  // calling its own pod IP reach their target directly. Redirecting them would send the app's calls to
  // itself, or to the proxy's own admin and listener ports, through the proxy's outbound listener.
  rules.push({ text: 'oifname "lo" return', comment: 'loopback is not redirected' });
  if (p.outboundPort !== undefined) {
    const out = p.outboundExceptions;
    // (f) Excluded destination ports, (g) included ports (whatever the address), (h) excluded addresses.
    if (out.ports.length > 0) rules.push({ text: `tcp dport ${ports(out.ports)} return` });
    if (p.outboundIncludePorts.length > 0) rules.push({ text: `tcp dport ${ports(p.outboundIncludePorts)} redirect to :${p.outboundPort}` });
    rules.push(...netRules(out.nets, 'daddr', ''));
    // (i) Included addresses: a family with none listed is not redirected at all.
    if (p.outboundIncludeNets !== undefined) {
      for (const family of [4, 6] as const) {
        const s = nets(p.outboundIncludeNets, family);
        rules.push({ text: s !== undefined ? `${IP[family]} daddr != ${s} return` : `meta nfproto ipv${family} return` });
      }
    }
    // (j) The rest goes to the outbound listener.
    rules.push({ text: redirect(p.outboundPort) });
  }
  return { name: 'outbound', rules };
}

function dnsChain(p: ProxyPolicy, dnsPort: number): NftChain {
  return {
    name: 'dns',
    rules: [...identityMatches(p).map((id) => ({ text: `${id} return`, comment: 'the proxy itself' })), { text: `udp dport 53 redirect to :${dnsPort}` }],
  };
}

/** The table for a policy, as data. Throws PolicyError when nftables cannot express the policy. */
export function nftTable(p: ProxyPolicy): NftTable {
  checkNftLimits(p);
  const chains: NftChain[] = [];
  if (p.inboundPort !== undefined) {
    chains.push({
      name: 'prerouting',
      base: { type: 'nat', hook: 'prerouting', priority: 'dstnat' },
      rules: [{ text: 'meta l4proto tcp jump inbound' }],
    });
    chains.push(inboundChain(p, p.inboundPort));
  }
  const outbound = p.outboundPort !== undefined || p.dnsCapturePort !== undefined;
  if (outbound) {
    const jumps: NftRule[] = [{ text: 'meta l4proto tcp jump outbound' }];
    if (p.dnsCapturePort !== undefined) jumps.push({ text: 'udp dport 53 jump dns' });
    // nft 1.0.6 refuses the name `dstnat` for the output hook of an inet table: -100 is its value.
    chains.push({ name: 'output', base: { type: 'nat', hook: 'output', priority: '-100' }, rules: jumps });
    chains.push(outboundChain(p));
  }
  if (p.dnsCapturePort !== undefined) chains.push(dnsChain(p, p.dnsCapturePort));
  return { family: TABLE_FAMILY, name: TABLE_NAME, chains };
}

/** One rule as nft prints it. */
export function ruleText(r: NftRule): string {
  return r.comment === undefined ? r.text : `${r.text} comment "${r.comment}"`;
}

/** A base chain's header line, as nft prints it. */
export function baseChainText(b: NftBaseChain): string {
  return `type ${b.type} hook ${b.hook} priority ${b.priority}; policy accept;`;
}

/** The table as `nft -f` text: tabs, one rule per line, a blank line between chains, a final newline. */
export function renderTable(t: NftTable): string {
  const chains = t.chains.map((c) => {
    const lines = [...(c.base ? [baseChainText(c.base)] : []), ...c.rules.map(ruleText)];
    return `\tchain ${c.name} {\n${lines.map((l) => `\t\t${l}\n`).join('')}\t}\n`;
  });
  return `table ${t.family} ${t.name} {\n${chains.join('\n')}}\n`;
}

/** The policy's table definition as `nft -f` text. Throws PolicyError when nftables cannot express it. */
export function renderRuleset(policy: ProxyPolicy): string {
  return renderTable(nftTable(policy));
}
