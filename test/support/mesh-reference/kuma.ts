// Kuma's own capture rules, transcribed from kumahq/kuma v2.14.3 (the kuma-cni of that release) as a
// function of kuma's configuration struct, in kuma's own syntax (iptables-restore text), for the
// differential suite (test/differential/kuma.test.ts). Facts, not our code: every step cites the file
// and function it comes from. Checked against kuma's golden files
// kumahq/kuma:test/transparentproxy/testdata/*-with-multiple-flags.ip{,6}tables.golden (same rule order and matches).
//
// Pod annotations → configuration (app/cni/pkg/cni/main_linux.go add): a non-empty
// `traffic.kuma.io/transparent-proxy-config` is loaded over DefaultConfig()
// (pkg/transparentproxy/kubernetes/kubernetes_config.go ConfigFromAnnotations); otherwise the legacy keys
// go through NewIntermediateConfig (annotations_linux.go) and mapToConfig (injector_linux.go).
// Configuration → rules per family (pkg/transparentproxy/config/config.go Config.Initialize,
// pkg/transparentproxy/iptables/builder/builder.go BuildIPTablesForRestore: raw, nat, mangle tables).
import type { Ruleset } from '../traffic-lab.js';

export interface KumaTrafficFlow {
  enabled: boolean;
  port: number;
  includePorts: number[];
  excludePorts: number[];
  excludePortsForUIDs: string[];
  excludePortsForIPs: string[];
}

/** The part of config.Config that shapes the rules (config.go). */
export interface KumaConfig {
  kumaDPUser: string;
  cniMode: boolean;
  ipFamilyMode: string;
  dropInvalidPackets: boolean;
  log: boolean;
  redirect: {
    inbound: KumaTrafficFlow;
    outbound: KumaTrafficFlow;
    dns: { enabled: boolean; port: number; captureAll: boolean; skipConntrackZoneSplit: boolean };
  };
}

/** config.go DefaultConfig(). */
export function kumaDefaultConfig(): KumaConfig {
  const flow = (port: number): KumaTrafficFlow => ({
    enabled: true,
    port,
    includePorts: [],
    excludePorts: [],
    excludePortsForUIDs: [],
    excludePortsForIPs: [],
  });
  return {
    kumaDPUser: '',
    cniMode: false,
    ipFamilyMode: 'dualstack',
    dropInvalidPackets: false,
    log: false,
    redirect: { inbound: flow(15006), outbound: flow(15001), dns: { enabled: false, port: 15053, captureAll: false, skipConntrackZoneSplit: false } },
  };
}

/** kuma-cni fails the pod's ADD (the pod does not start). */
export class KumaAddError extends Error {}

const fail = (why: string): never => {
  throw new KumaAddError(why);
};

// ---- legacy annotations: app/cni/pkg/cni/annotations_linux.go ----

// annotationRegistry: key, default, validator.
const REGISTRY: Record<string, [string, string, (v: string) => boolean]> = {
  excludeInboundPorts: ['traffic.kuma.io/exclude-inbound-ports', '9901', validatePortList],
  excludeOutboundPorts: ['traffic.kuma.io/exclude-outbound-ports', '9901', validatePortList],
  inboundPort: ['kuma.io/transparent-proxying-inbound-port', '15006', validatePortList],
  ipFamilyMode: ['kuma.io/transparent-proxying-ip-family-mode', 'dualstack', (v) => ['dualstack', 'ipv4', 'ipv6'].includes(v)],
  outboundPort: ['kuma.io/transparent-proxying-outbound-port', '15001', validatePortList],
  isGateway: ['kuma.io/gateway', 'false', () => true],
  builtinDNS: ['kuma.io/builtin-dns', 'false', () => true],
  builtinDNSPort: ['kuma.io/builtin-dns-port', '15053', validatePortList],
  excludeOutboundPortsForUIDs: ['traffic.kuma.io/exclude-outbound-ports-for-uids', '', () => true],
  noRedirectUID: ['kuma.io/sidecar-uid', '5678', () => true],
  dropInvalidPackets: ['traffic.kuma.io/drop-invalid-packets', 'false', () => true],
  iptablesLogs: ['traffic.kuma.io/iptables-logs', 'false', () => true],
  excludeInboundIPs: ['traffic.kuma.io/exclude-inbound-ips', '', validateIPs],
  excludeOutboundIPs: ['traffic.kuma.io/exclude-outbound-ips', '', validateIPs],
  applicationProbeProxyPort: ['kuma.io/application-probe-proxy-port', '9001', (v) => uint16(v.trim()) !== undefined],
};

/** strconv.ParseUint(s, 10, 16). */
function uint16(s: string): number | undefined {
  return /^\d+$/.test(s) && Number(s) <= 65535 ? Number(s) : undefined;
}

/** parsePorts: trimmed, comma-split, each item trimmed and parsed. */
function validatePortList(v: string): boolean {
  const t = v.trim();
  return t === '' || t.split(',').every((p) => uint16(p.trim()) !== undefined);
}

/** validateIPs: non-empty; each comma item (trimmed) a CIDR or an IP. */
function validateIPs(v: string): boolean {
  const t = v.trim();
  return t !== '' && t.split(',').every((a) => isIpOrCidr(a.trim()));
}

function isIpOrCidr(a: string): boolean {
  const [ip = '', prefix, more] = a.split('/');
  if (more !== undefined) return false;
  const v4 = /^(\d{1,3})(\.\d{1,3}){3}$/.test(ip) && ip.split('.').every((o) => Number(o) <= 255);
  const v6 = !v4 && ip.includes(':') && /^[0-9a-fA-F:.]+$/.test(ip);
  if (!v4 && !v6) return false;
  return prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= (v4 ? 32 : 128));
}

/** injector_linux.go GetEnabled. */
function getEnabled(v: string): boolean {
  const l = v.toLowerCase();
  if (l === 'enabled' || l === 'true') return true;
  if (l === 'disabled' || l === 'false') return false;
  return fail(`wrong value "${v}"`);
}

/** injector_linux.go convertCommaSeparatedString: split on "," with no trimming. */
function commaPorts(list: string): number[] {
  return list.split(',').map((p) => uint16(p) ?? fail(`could not convert "${p}"`));
}

/** config.go Port.Set → parsePort: uint16, not 0. */
function portSet(v: string): number {
  const p = uint16(v);
  return p === undefined || p === 0 ? fail(`value '${v}' is not a valid port`) : p;
}

/** NewIntermediateConfig + mapToConfig. */
function legacyConfig(a: Readonly<Record<string, string>>): KumaConfig {
  const v: Record<string, string> = {};
  for (const [name, [key, def, valid]] of Object.entries(REGISTRY)) {
    const given = a[key];
    if (given === undefined) v[name] = def;
    else if (!valid(given)) fail(`annotation ${key}: "${given}" is not valid`);
    else v[name] = given;
  }
  // excludeAppProbeProxyPort
  const probe = v.applicationProbeProxyPort!;
  if (probe !== '0') v.excludeInboundPorts = v.excludeInboundPorts === '' ? probe : `${v.excludeInboundPorts},${probe}`;

  const cfg = kumaDefaultConfig();
  const out = cfg.redirect.outbound;
  out.excludePorts = commaPorts(v.excludeOutboundPorts!);
  out.excludePortsForUIDs = v.excludeOutboundPortsForUIDs === '' ? [] : v.excludeOutboundPortsForUIDs!.split(';');
  cfg.cniMode = true;
  cfg.kumaDPUser = v.noRedirectUID!;
  out.enabled = true;
  out.port = portSet(v.outboundPort!);
  if (v.excludeOutboundIPs !== '') out.excludePortsForIPs = v.excludeOutboundIPs!.split(',');
  cfg.dropInvalidPackets = getEnabled(v.dropInvalidPackets!);
  cfg.log = getEnabled(v.iptablesLogs!);
  const gateway = getEnabled(v.isGateway!);
  cfg.ipFamilyMode = familyModeSet(v.ipFamilyMode!);
  const inb = cfg.redirect.inbound;
  inb.enabled = !gateway;
  if (inb.enabled) {
    inb.port = portSet(v.inboundPort!);
    inb.excludePorts = commaPorts(v.excludeInboundPorts!);
    if (v.excludeInboundIPs !== '') inb.excludePortsForIPs = v.excludeInboundIPs!.split(',');
  }
  cfg.redirect.dns.enabled = getEnabled(v.builtinDNS!);
  if (cfg.redirect.dns.enabled) {
    cfg.redirect.dns.port = portSet(v.builtinDNSPort!);
    cfg.redirect.dns.captureAll = true;
    cfg.redirect.dns.skipConntrackZoneSplit = false;
  }
  return cfg;
}

/** config.go IPFamilyMode.Set: compared in lower case, kept as given; "ipv6" is refused. */
function familyModeSet(v: string): string {
  const l = v.toLowerCase();
  if (l === '') return 'dualstack';
  if (l === 'dualstack' || l === 'ipv4') return v;
  return fail(`ip family mode "${v}": must be one of 'dualstack' or 'ipv4'`);
}

// ---- the YAML annotation: DefaultConfig() + the document (config.Loader, not strict) ----

/** Ports.UnmarshalJSON: a list (strings and numbers joined by ","), a string or a number; each item a port 1-65535. */
function yamlPorts(v: unknown): number[] {
  if (v === undefined || v === null) return [];
  const text = Array.isArray(v) ? v.filter((i) => typeof i === 'string' || typeof i === 'number').join(',') : String(v);
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(portSet);
}

function yamlFlow(flow: KumaTrafficFlow, d: Record<string, unknown> | undefined): void {
  if (!d) return;
  if (typeof d.enabled === 'boolean') flow.enabled = d.enabled;
  if (d.port !== undefined) flow.port = portSet(String(d.port));
  if (d.includePorts !== undefined) flow.includePorts = yamlPorts(d.includePorts);
  if (d.excludePorts !== undefined) flow.excludePorts = yamlPorts(d.excludePorts);
  if (Array.isArray(d.excludePortsForUIDs)) flow.excludePortsForUIDs = d.excludePortsForUIDs.map(String);
  if (Array.isArray(d.excludePortsForIPs)) flow.excludePortsForIPs = d.excludePortsForIPs.map(String);
}

const obj = (v: unknown): Record<string, unknown> | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

function yamlConfig(text: string, parseYaml: (text: string, where: string) => unknown): KumaConfig {
  const cfg = kumaDefaultConfig();
  const doc = obj(parseYaml(text, 'kuma config')) ?? {};
  if (doc.kumaDPUser !== undefined) cfg.kumaDPUser = String(doc.kumaDPUser);
  if (doc.cniMode !== undefined) cfg.cniMode = doc.cniMode === true;
  if (doc.ipFamilyMode !== undefined) cfg.ipFamilyMode = familyModeSet(String(doc.ipFamilyMode));
  if (doc.dropInvalidPackets !== undefined) cfg.dropInvalidPackets = doc.dropInvalidPackets === true;
  const redirect = obj(doc.redirect) ?? {};
  yamlFlow(cfg.redirect.inbound, obj(redirect.inbound));
  yamlFlow(cfg.redirect.outbound, obj(redirect.outbound));
  const dns = obj(redirect.dns);
  if (dns) {
    const d = cfg.redirect.dns;
    if (typeof dns.enabled === 'boolean') d.enabled = dns.enabled;
    if (dns.port !== undefined) d.port = portSet(String(dns.port));
    if (typeof dns.captureAll === 'boolean') d.captureAll = dns.captureAll;
    if (typeof dns.skipConntrackZoneSplit === 'boolean') d.skipConntrackZoneSplit = dns.skipConntrackZoneSplit;
  }
  return cfg;
}

/** main_linux.go add(): which configuration kuma-cni builds for the pod. Throws KumaAddError where it fails the ADD. */
export function kumaConfigFromAnnotations(a: Readonly<Record<string, string>>, parseYaml: (text: string, where: string) => unknown): KumaConfig {
  const yaml = a['traffic.kuma.io/transparent-proxy-config'];
  return yaml !== undefined && yaml !== '' ? yamlConfig(yaml, parseYaml) : legacyConfig(a);
}

// ---- Config.Initialize (config.go) and the builders ----

interface Exclusion {
  protocol?: 'tcp' | 'udp';
  address?: string;
  uids?: string;
  ports?: string;
}

/** utils.go parseExcludePortsForUIDs: `[protocol:]?[ports:]?uids`, one exclusion per protocol. */
function parseExcludePortsForUIDs(entries: readonly string[]): Exclusion[] {
  const out: Exclusion[] = [];
  for (const elem of entries) {
    const parts = elem.split(':');
    if (parts.length > 3) fail(`invalid format for excluding ports by UIDs: '${elem}'`);
    const [protocolOpts, portsIn, uids] =
      parts.length === 1 ? ['*', '*', parts[0]!] : parts.length === 2 ? ['*', parts[0]!, parts[1]!] : (parts as [string, string, string]);
    if (uids === '*') fail("wildcard '*' is not allowed for UIDs");
    const ports = portsIn === '*' || portsIn === '' ? '1-65535' : portsIn;
    validateUintValueOrRange(ports);
    if (uids.includes(',')) fail(`invalid UID entry: '${uids}'`);
    validateUintValueOrRange(uids);
    const protocols: ('tcp' | 'udp')[] = [];
    if (protocolOpts === '' || protocolOpts === '*') protocols.push('tcp', 'udp');
    else {
      for (const s of protocolOpts.split(',').filter((x) => x.trim() !== '')) {
        const p = s.trim().toLowerCase();
        if (p !== 'tcp' && p !== 'udp') fail(`invalid or unsupported protocol: '${s}'`);
        protocols.push(p as 'tcp' | 'udp');
      }
    }
    for (const protocol of protocols) out.push({ protocol, ports: ports.replaceAll('-', ':'), uids: uids.replaceAll('-', ':') });
  }
  return out;
}

function validateUintValueOrRange(v: string): void {
  for (const element of v.split(',').filter((x) => x.trim() !== '')) {
    for (const n of element.split('-')) if (uint16(n) === undefined) fail(`invalid uint16 value: '${n}'`);
  }
}

/** utils.go parseExcludePortsForIPs: each rule comma-split, kept when of this family. */
function parseExcludePortsForIPs(rules: readonly string[], ipv6: boolean): Exclusion[] {
  const out: Exclusion[] = [];
  for (const rule of rules) {
    if (rule === '') fail('invalid exclusion rule: the rule cannot be empty');
    for (const address of rule.split(',').filter((x) => x.trim() !== '')) {
      const a = address.trim();
      if (!isIpOrCidr(a)) fail(`invalid IP address: '${a}'`);
      if (a.includes(':') === ipv6) out.push({ address: a });
    }
  }
  return out;
}

/** TrafficFlow.Initialize: the per-UID exclusions, then the per-address ones. */
function exclusions(flow: KumaTrafficFlow, ipv6: boolean): Exclusion[] {
  return [...parseExcludePortsForUIDs(flow.excludePortsForUIDs), ...parseExcludePortsForIPs(flow.excludePortsForIPs, ipv6)];
}

/** A chain being built (chains/chains.go): insert rules take positions 1, 2, … in the order added. */
class Chain {
  readonly lines: string[] = [];
  private position = 0;
  constructor(readonly name: string) {}
  append(rule: string): this {
    this.lines.push(`-A ${this.name} ${rule}`);
    return this;
  }
  insert(rule: string): this {
    this.position++;
    this.lines.push(`-I ${this.name} ${this.position} ${rule}`);
    return this;
  }
}

const IN = 'KUMA_MESH_INBOUND';
const OUT = 'KUMA_MESH_OUTBOUND';
const IN_REDIRECT = 'KUMA_MESH_INBOUND_REDIRECT';
const OUT_REDIRECT = 'KUMA_MESH_OUTBOUND_REDIRECT';

/** The iptables-restore text for one family: builder.go BuildIPTablesForRestore (raw, nat, mangle). */
export function kumaIptables(cfg: KumaConfig, ipv6: boolean): string {
  // Config.Initialize / InitializeKumaDPUser (CNI mode: the value as given, or 5678).
  const user = cfg.cniMode ? cfg.kumaDPUser || '5678' : cfg.kumaDPUser || fail('no user lookup outside CNI mode in this transcription');
  const localhost = ipv6 ? '::1/128' : '127.0.0.1/32';
  const passthrough = ipv6 ? '::6/128' : '127.0.0.6/32';
  const lo = 'lo'; // getLoopbackInterfaceName
  const { inbound, outbound, dns } = cfg.redirect;
  // DNS.Initialize: capture-all needs no servers; zone splitting when not skipped (the conntrack module is there).
  if (dns.enabled && !dns.captureAll) fail('DNS limited to resolv.conf servers: not transcribed (the node resolv.conf is not the lab’s)');
  const zoneSplit = dns.enabled && !dns.skipConntrackZoneSplit;
  // Redirect.Initialize parses both directions' exclusions, whether the direction is enabled or not.
  const inboundExclusions = exclusions(inbound, ipv6);
  const outboundExclusions = exclusions(outbound, ipv6);

  // builder_table_raw.go buildRawTable
  const rawPre = new Chain('PREROUTING');
  const rawOut = new Chain('OUTPUT');
  if (zoneSplit) {
    rawOut.append(`-p udp --dport 53 -m owner --uid-owner ${user} -j CT --zone 1`);
    rawOut.append(`-p udp --sport ${dns.port} -m owner --uid-owner ${user} -j CT --zone 2`);
    rawOut.append('-p udp --dport 53 -j CT --zone 2');
    rawPre.append('-p udp --sport 53 -j CT --zone 1');
  }

  // builder_table_nat.go addOutputRules
  const output = new Chain('OUTPUT');
  for (const e of outboundExclusions) {
    const parts: string[] = [];
    if (e.protocol) parts.push(`-p ${e.protocol}`);
    if (e.ports) parts.push(`-m multiport --dports ${e.ports}`);
    if (e.uids) parts.push(`-m owner --uid-owner ${e.uids}`);
    if (e.address) parts.push(`-d ${e.address}`);
    output.insert(`${parts.join(' ')} -j RETURN`.trim());
  }
  if (dns.enabled) {
    output.insert(`-p udp --dport 53 -m owner --uid-owner ${user} -j RETURN`);
    output.append(`-p tcp --dport 53 -m owner ! --uid-owner ${user} -j RETURN`);
    output.insert(`-p udp --dport 53 -j REDIRECT --to-ports ${dns.port}`);
  }
  output.append(`-p tcp -j ${OUT}`);

  // addPreroutingRules (no vnet, no insert-instead-of-append)
  const prerouting = new Chain('PREROUTING').append(`-p tcp -j ${IN}`);

  // buildMeshInbound
  const meshIn = new Chain(IN);
  if (!inbound.enabled) meshIn.append('-p tcp -j RETURN');
  else {
    // An exclusion without an address (a per-UID one) has no match at all: it returns everything.
    for (const e of inboundExclusions) meshIn.append(`${e.address ? `-s ${e.address} ` : ''}-j RETURN`);
    for (const p of inbound.includePorts) meshIn.append(`-p tcp --dport ${p} -j ${IN_REDIRECT}`);
    if (inbound.includePorts.length === 0) {
      for (const p of inbound.excludePorts) meshIn.append(`-p tcp --dport ${p} -j RETURN`);
      meshIn.append(`-p tcp -j ${IN_REDIRECT}`);
    }
  }

  // buildMeshOutbound
  const meshOut = new Chain(OUT);
  if (!outbound.enabled) meshOut.append('-p tcp -j RETURN');
  else {
    if (outbound.includePorts.length === 0) for (const p of outbound.excludePorts) meshOut.append(`-p tcp --dport ${p} -j RETURN`);
    meshOut.append(`-s ${passthrough} -o ${lo} -j RETURN`);
    meshOut.append(`-p tcp -o ${lo} ! -d ${localhost} -m owner --uid-owner ${user} -j ${IN_REDIRECT}`);
    meshOut.append(`-p tcp -o ${lo} -m owner ! --uid-owner ${user} -j RETURN`);
    meshOut.append(`-m owner --uid-owner ${user} -j RETURN`);
    meshOut.append(`-d ${localhost} -j RETURN`);
    for (const p of outbound.includePorts) meshOut.append(`-p tcp --dport ${p} -j ${OUT_REDIRECT}`);
    if (outbound.includePorts.length === 0) meshOut.append(`-j ${OUT_REDIRECT}`);
  }

  // buildMeshRedirect ×2: the inbound one redirects to the inbound port even when inbound is disabled
  const inRedirect = new Chain(IN_REDIRECT).append(`-p tcp -j REDIRECT --to-ports ${inbound.port}`);
  const outRedirect = new Chain(OUT_REDIRECT).append(`-p tcp -j REDIRECT --to-ports ${outbound.port}`);

  // builder_table_mangle.go (when the mangle table is there)
  const manglePre = new Chain('PREROUTING');
  if (cfg.dropInvalidPackets) manglePre.append('-m conntrack --ctstate INVALID -j DROP');

  const table = (name: string, custom: Chain[], builtin: Chain[]) => {
    const rules = [...builtin, ...custom].flatMap((c) => c.lines);
    if (rules.length === 0) return '';
    return [`*${name}`, ...custom.map((c) => `-N ${c.name}`), ...rules, 'COMMIT', ''].join('\n');
  };
  return [
    table('raw', [], [rawPre, rawOut]),
    table('nat', [meshIn, meshOut, inRedirect, outRedirect], [prerouting, output]),
    table('mangle', [], [manglePre]),
  ].join('');
}

/**
 * What kuma-cni leaves in the lab's pod (which has IPv6): IPv4 rules; for any mode but ipv4, ::6/128 on
 * lo (utils.go configureIPv6OutboundAddress) and the IPv6 rules.
 */
export function kumaRuleset(cfg: KumaConfig): Ruleset {
  const ipv6 = cfg.ipFamilyMode !== 'ipv4';
  return {
    iptables4: kumaIptables(cfg, false),
    ...(ipv6 ? { iptables6: kumaIptables(cfg, true), loopbackAddrs: ['::6/128'] } : {}),
  };
}
