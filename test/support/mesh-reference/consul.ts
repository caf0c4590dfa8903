// Consul's own rule writing, transcribed for the differential suite (test/differential/consul.test.ts): what
// the consul-k8s injector leaves on a pod, how consul-cni reads it, and the iptables rules hashicorp/consul's
// sdk/iptables writes for it — as the commands it runs and as the iptables-restore text the lab loads.
//
// Sources (read, not copied):
//   hashicorp/consul-k8s v1.9.11
//     control-plane/connect-inject/webhook/redirect_traffic.go   iptablesConfigJSON
//     control-plane/connect-inject/webhook/mesh_webhook.go       addDualStackAnnotation, probe port ranges
//     control-plane/connect-inject/webhook/container_init.go     splitCommaSeparatedItemsFromAnnotation, UIDs 5995/5996
//     control-plane/connect-inject/webhook/consul_dataplane_sidecar.go   Consul DNS bind 127.0.0.1 / ::1 port 8600
//     control-plane/connect-inject/constants/constants.go        Getv4orv6Str (CONSUL_DUAL_STACK), ProxyDefault*Port
//     control-plane/cni/main.go                                  cmdAdd, parseAnnotation, parseDualStackAnnotation
//   hashicorp/consul sdk/iptables/iptables.go (sdk v0.17.3, which consul-k8s v1.9.11 requires; the rule
//     builder of 5123e1ea74df, plus the dual-stack variant: Setup(cfg, dualStack) runs verifyDualStackConfig,
//     SetupWithAdditionalRules (iptables) and, when dualStack, SetupWithAdditionalRulesIPv6 (ip6tables); the
//     IPv4 pass writes its DNS rules only when !dualStack, the IPv6 pass uses ::1 / ::1/128 — as the sdk's
//     iptables_test.go (TestSetup_IPv4, TestSetup_IPv4_Dualstack, TestSetup_IPv6) expects them, and as the
//     nftables port of the sdk (hashicorp/consul#23785) documents the iptables behaviour it replaces.
//     The sdk v0.17.3 iptables.go itself was not available; its rules are taken from those tests.)
import type { Ruleset } from '../traffic-lab.js';

/** sdk/iptables Config (the fields consul-cni reads from the annotation). */
export interface ConsulConfig {
  ConsulDNSIP: string;
  ConsulDNSPort: number;
  ProxyUserID: string;
  ProxyInboundPort: number;
  ProxyOutboundPort: number;
  ExcludeInboundPorts: string[] | null;
  ExcludeOutboundPorts: string[] | null;
  ExcludeOutboundCIDRs: string[] | null;
  ExcludeUIDs: string[] | null;
}

/** What the injector decides from its flags and the pod's annotations (the inputs of iptablesConfigJSON). */
export interface InjectorInput {
  /** The injector's CONSUL_DUAL_STACK=true (chart dualStack.defaultEnabled). */
  dualStack?: boolean;
  /** Consul DNS redirection on for the pod (consul.hashicorp.com/consul-dns, namespace label, or the chart's default). */
  consulDNS?: boolean;
  /** Metrics on: the Prometheus scrape port (chart default 20200) is excluded inbound. */
  metricsPort?: string;
  /** consul.hashicorp.com/use-proxy-health-check: 21000 excluded inbound. */
  proxyHealthCheck?: boolean;
  /** Overwritten HTTP probes of the first app container: liveness 20300, readiness 20400, startup 20500. */
  probes?: ReadonlyArray<'liveness' | 'readiness' | 'startup'>;
  /** The user-facing annotations, raw (consul.hashicorp.com/transparent-proxy-exclude-*). */
  excludeInboundPorts?: string;
  excludeOutboundPorts?: string;
  excludeOutboundCIDRs?: string;
  excludeUIDs?: string;
}

const C = 'consul.hashicorp.com/';
const SIDECAR_UID = 5995; // container_init.go sidecarUserAndGroupID
const INIT_UID = 5996; // container_init.go initContainersUserAndGroupID
const PROBE_PORTS = { liveness: 20300, readiness: 20400, startup: 20500 } as const; // mesh_webhook.go exposedPaths*RangeStart

/** splitCommaSeparatedItemsFromAnnotation: strings.Split on "," — no trimming; an absent annotation is no item. */
const split = (raw: string | undefined): string[] => (raw === undefined ? [] : raw.split(','));

/**
 * The annotations the injector leaves on a transparent-proxy pod with consul-cni (mesh_webhook.go Handle:
 * addRedirectTrafficConfigAnnotation when EnableCNI && tproxy, addDualStackAnnotation always), plus the
 * status marks consul-cni looks for (skipTrafficRedirection).
 */
export function injectedAnnotations(i: InjectorInput): Record<string, string> {
  const cfg: ConsulConfig = {
    ConsulDNSIP: '',
    ConsulDNSPort: 0,
    // Not OpenShift: the constant UIDs; the init container's UID is always excluded.
    ProxyUserID: String(SIDECAR_UID),
    ProxyInboundPort: 20000, // constants.ProxyDefaultInboundPort
    ProxyOutboundPort: 15001, // iptables.DefaultTProxyOutboundPort
    ExcludeInboundPorts: null,
    ExcludeOutboundPorts: null,
    ExcludeOutboundCIDRs: null,
    ExcludeUIDs: [String(INIT_UID)],
  };
  const inbound: string[] = [];
  if (i.metricsPort !== undefined) inbound.push(i.metricsPort);
  if (i.proxyHealthCheck) inbound.push('21000'); // constants.ProxyDefaultHealthPort
  for (const p of i.probes ?? []) inbound.push(String(PROBE_PORTS[p])); // idx 0: the first app container
  inbound.push(...split(i.excludeInboundPorts));
  if (inbound.length > 0) cfg.ExcludeInboundPorts = inbound;
  if (i.excludeOutboundPorts !== undefined) cfg.ExcludeOutboundPorts = split(i.excludeOutboundPorts);
  if (i.excludeOutboundCIDRs !== undefined) cfg.ExcludeOutboundCIDRs = split(i.excludeOutboundCIDRs);
  cfg.ExcludeUIDs = [...(cfg.ExcludeUIDs ?? []), ...split(i.excludeUIDs)];
  if (i.consulDNS) {
    // consulDataplaneDNSBindHost / ipv6ConsulDataplaneDNSBindHost, consulDataplaneDNSBindPort.
    cfg.ConsulDNSIP = i.dualStack ? '::1' : '127.0.0.1';
    cfg.ConsulDNSPort = 8600;
  }
  const a: Record<string, string> = {
    [`${C}connect-inject-status`]: 'injected',
    [`${C}transparent-proxy-status`]: 'enabled',
    [`${C}redirect-traffic-config`]: JSON.stringify({ ...cfg, NetNS: '' }),
    [`${C}dual-stack`]: i.dualStack ? 'true' : 'false',
  };
  if (i.excludeInboundPorts !== undefined) a[`${C}transparent-proxy-exclude-inbound-ports`] = i.excludeInboundPorts;
  if (i.excludeOutboundPorts !== undefined) a[`${C}transparent-proxy-exclude-outbound-ports`] = i.excludeOutboundPorts;
  if (i.excludeOutboundCIDRs !== undefined) a[`${C}transparent-proxy-exclude-outbound-cidrs`] = i.excludeOutboundCIDRs;
  if (i.excludeUIDs !== undefined) a[`${C}transparent-proxy-exclude-uids`] = i.excludeUIDs;
  return a;
}

/** encoding/json into iptables.Config: field names case-insensitively. */
function goField(obj: Record<string, unknown>, name: string): unknown {
  const key = Object.keys(obj).findLast((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : obj[key];
}

/** consul-cni cmdAdd: parseAnnotation (redirect-traffic-config) and parseDualStackAnnotation; both missing ⇒ ADD error. */
export function cniConfig(annotations: Readonly<Record<string, string>>): { cfg: ConsulConfig; dualStack: boolean } {
  const raw = annotations[`${C}redirect-traffic-config`];
  if (raw === undefined) throw new Error(`could not find ${C}redirect-traffic-config annotation`);
  const dual = annotations[`${C}dual-stack`];
  if (dual === undefined) throw new Error(`could not find ${C}dual-stack annotation`);
  const o = JSON.parse(raw) as Record<string, unknown>;
  const str = (n: string) => (goField(o, n) as string | undefined) ?? '';
  const num = (n: string) => (goField(o, n) as number | undefined) ?? 0;
  const arr = (n: string) => (goField(o, n) as string[] | null | undefined) ?? null;
  return {
    cfg: {
      ConsulDNSIP: str('ConsulDNSIP'),
      ConsulDNSPort: num('ConsulDNSPort'),
      ProxyUserID: str('ProxyUserID'),
      ProxyInboundPort: num('ProxyInboundPort'),
      ProxyOutboundPort: num('ProxyOutboundPort'),
      ExcludeInboundPorts: arr('ExcludeInboundPorts'),
      ExcludeOutboundPorts: arr('ExcludeOutboundPorts'),
      ExcludeOutboundCIDRs: arr('ExcludeOutboundCIDRs'),
      ExcludeUIDs: arr('ExcludeUIDs'),
    },
    dualStack: dual === 'true',
  };
}

const INBOUND = 'CONSUL_PROXY_INBOUND';
const IN_REDIRECT = 'CONSUL_PROXY_IN_REDIRECT';
const OUTPUT = 'CONSUL_PROXY_OUTPUT';
const REDIRECT = 'CONSUL_PROXY_REDIRECT';
const DNS = 'CONSUL_DNS_REDIRECT';

/**
 * One pass of the sdk's rule builder (SetupWithAdditionalRules for `iptables`, SetupWithAdditionalRulesIPv6
 * for `ip6tables`), as the argv of each command it adds, in order.
 *
 * ASSUMPTION (unverified, the dual-stack iptables.go was not available): every ExcludeOutboundCIDRs item goes
 * to both passes in the sdk, and one of the other family would make that pass's iptables fail (consul-cni's ADD
 * fails). Here each CIDR is given to its own family's pass only, which is what a pod that starts can have.
 */
export function setupPass(cfg: ConsulConfig, dualStack: boolean, cmd: 'iptables' | 'ip6tables'): string[][] {
  const v6 = cmd === 'ip6tables';
  const out: string[][] = [];
  const add = (...args: string[]) => out.push([cmd, '-t', 'nat', ...args]);
  const outboundPort = cfg.ProxyOutboundPort === 0 ? 15001 : cfg.ProxyOutboundPort; // DefaultTProxyOutboundPort
  for (const chain of [INBOUND, IN_REDIRECT, OUTPUT, REDIRECT, DNS]) add('-N', chain);

  // Outbound.
  add('-A', REDIRECT, '-p', 'tcp', '-j', 'REDIRECT', '--to-port', String(outboundPort));
  // DNS rules come before the OUTPUT jump to the proxy chain; the IPv4 pass writes them only when !dualStack.
  if (v6 || !dualStack) {
    if (cfg.ConsulDNSIP !== '' && cfg.ConsulDNSPort === 0) {
      for (const p of ['udp', 'tcp']) add('-A', DNS, '-p', p, '--dport', '53', '-j', 'DNAT', '--to-destination', cfg.ConsulDNSIP);
      for (const p of ['udp', 'tcp']) add('-A', 'OUTPUT', '-p', p, '--dport', '53', '-j', DNS);
    } else if (cfg.ConsulDNSPort !== 0) {
      const ip = cfg.ConsulDNSIP !== '' ? cfg.ConsulDNSIP : v6 ? '::1' : '127.0.0.1';
      const hostPort = ip.includes(':') ? `[${ip}]:${cfg.ConsulDNSPort}` : `${ip}:${cfg.ConsulDNSPort}`; // net.JoinHostPort
      for (const p of ['udp', 'tcp']) add('-A', DNS, '-p', p, '-d', ip, '--dport', '53', '-j', 'DNAT', '--to-destination', hostPort);
      for (const p of ['udp', 'tcp']) add('-A', 'OUTPUT', '-p', p, '-d', ip, '--dport', '53', '-j', DNS);
    }
  }
  add('-A', 'OUTPUT', '-p', 'tcp', '-j', OUTPUT);
  // Don't redirect the proxy's traffic back to itself.
  add('-A', OUTPUT, '-m', 'owner', '--uid-owner', cfg.ProxyUserID, '-j', 'RETURN');
  // Skip localhost traffic (only the loopback address itself).
  add('-A', OUTPUT, '-d', v6 ? '::1/128' : '127.0.0.1/32', '-j', 'RETURN');
  add('-A', OUTPUT, '-j', REDIRECT);
  // Inserted (-I) so that they come before the rules above.
  for (const port of cfg.ExcludeOutboundPorts ?? []) add('-I', OUTPUT, '-p', 'tcp', '--dport', port, '-j', 'RETURN');
  for (const cidr of cfg.ExcludeOutboundCIDRs ?? []) if (cidr.includes(':') === v6) add('-I', OUTPUT, '-d', cidr, '-j', 'RETURN');
  for (const uid of cfg.ExcludeUIDs ?? []) add('-I', OUTPUT, '-m', 'owner', '--uid-owner', uid, '-j', 'RETURN');

  // Inbound.
  add('-A', IN_REDIRECT, '-p', 'tcp', '-j', 'REDIRECT', '--to-port', String(cfg.ProxyInboundPort));
  add('-A', 'PREROUTING', '-p', 'tcp', '-j', INBOUND);
  add('-A', INBOUND, '-p', 'tcp', '-j', IN_REDIRECT);
  for (const port of cfg.ExcludeInboundPorts ?? []) add('-I', INBOUND, '-p', 'tcp', '--dport', port, '-j', 'RETURN');
  return out;
}

/** Setup(cfg, dualStack): validateConfig and verifyDualStackConfig, then the IPv4 pass and, when dual-stack, the IPv6 pass. */
export function setupCommands(cfg: ConsulConfig, dualStack: boolean): string[][] {
  if (cfg.ProxyUserID === '') throw new Error('ProxyUserID is required to set up traffic redirection');
  if (cfg.ProxyInboundPort === 0) throw new Error('ProxyInboundPort is required to set up traffic redirection');
  if (cfg.ConsulDNSIP !== '') {
    const v6 = cfg.ConsulDNSIP.includes(':');
    if (dualStack && !v6) throw new Error('for dual stack ipv6 consulDNSIP required');
    if (!dualStack && v6) throw new Error('for non dual stack setup ipv4 consulDNSIP required');
  }
  return [...setupPass(cfg, dualStack, 'iptables'), ...(dualStack ? setupPass(cfg, dualStack, 'ip6tables') : [])];
}

/** One argument in iptables-restore syntax (quoted when it holds spaces). */
const restoreArg = (a: string): string => (/[\s"]/.test(a) ? `"${a.replace(/"/g, '\\"')}"` : a);

/** The commands of one family as iptables-restore text: `-N` becomes a chain line, the rest as they are. */
function restoreText(commands: string[][]): string {
  const lines = ['*nat', ':PREROUTING ACCEPT [0:0]', ':INPUT ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]', ':POSTROUTING ACCEPT [0:0]'];
  for (const [, , , op, ...rest] of commands) {
    if (op === '-N') lines.push(`:${rest[0]} - [0:0]`);
    else lines.push([op!, ...rest].map(restoreArg).join(' '));
  }
  return `${[...lines, 'COMMIT'].join('\n')}\n`;
}

/** What consul-cni installs in the pod for these annotations, for the traffic lab. */
export function consulRuleset(annotations: Readonly<Record<string, string>>): Ruleset {
  const { cfg, dualStack } = cniConfig(annotations);
  const commands = setupCommands(cfg, dualStack);
  const v4 = commands.filter((c) => c[0] === 'iptables');
  const v6 = commands.filter((c) => c[0] === 'ip6tables');
  return { iptables4: restoreText(v4), ...(v6.length > 0 ? { iptables6: restoreText(v6) } : {}) };
}
