// Linkerd, as linkerd-cni reads a pod (linkerd/linkerd2-proxy-init cni-plugin v1.6.8: cni-plugin/main.go,
// proxy-init/cmd/root.go, pkg/iptables/iptables.go, pkg/util/portrange.go) with the linkerd2-cni chart's
// defaults (charts/linkerd2-cni: ports 4143/4140, proxy UID 2102, no GID, 4190/4191 skipped inbound,
// `disableIPv6: true`, i.e. IPv4 rules only). The node's meshDefaults.linkerd plays the conflist's
// `linkerd` section: `{"ipFamilies": "dual"}` is linkerd-cni's `"ipv6": true`.
// linkerd-cni also falls back to the namespace's config.linkerd.io/* annotations and, for control-plane
// pods (a label), skips the API server's ports: neither reaches us, only the pod's annotations.
import { formatIpNet, networkAddress, parseIpNet } from '../addresses.js';
import type { IpNet } from '../model.js';
import { AnnotationReader, at } from './reader.js';
import type { Profile } from './types.js';

const VERSION = 'linkerd.io/proxy-version';
const CREATED_BY = 'linkerd.io/created-by';
const INJECTOR = 'linkerd/proxy-injector';
const INJECT = 'linkerd.io/inject';
const C = 'config.linkerd.io/';
const SKIP_IN = `${C}skip-inbound-ports`;
const SKIP_OUT = `${C}skip-outbound-ports`;
const SKIP_SUBNETS = `${C}skip-subnets`;
const UID = `${C}proxy-uid`;
const GID = `${C}proxy-gid`;
// The proxy's own ports: the injector configures the proxy with them, linkerd-cni does not read them
// (it redirects to its conflist's ports and skips its conflist's admin/control ports).
const UNREAD_PORTS = ['proxy-inbound-port', 'proxy-outbound-port', 'proxy-admin-port', 'proxy-control-port'].map((k) => `${C}${k}`);

/** Go's strconv.Atoi: an optional sign and decimal digits (no spaces); undefined when it fails. */
function atoi(text: string): number | undefined {
  return /^[+-]?\d+$/.test(text) ? Number(text) : undefined;
}

/**
 * One item of a linkerd-cni port list, as pkg/util/portrange.go's ParsePortRange reads it (`P` or `LO-HI`,
 * each 0-65535, LO <= HI), except that we trim spaces around the item and its bounds (linkerd-cni does not,
 * and drops " 4567"). Returns the canonical item, null for a valid item that matches no TCP connection
 * (port 0), or the reason it is dropped.
 */
export function linkerdPortItem(raw: string): string | null | { bad: string } {
  const bounds = raw.trim().split('-');
  if (bounds.length > 2) return { bad: 'ranges are LO-HI' };
  const [lo, hi] = bounds.map((b) => atoi(b.trim()));
  const upper = bounds.length === 1 ? lo : hi;
  if (lo === undefined || lo < 0 || lo > 65535 || upper === undefined || upper < 0 || upper > 65535) return { bad: 'is not a port (0-65535) or LO-HI range' };
  if (upper < lo) return { bad: 'is a reversed range' };
  // Port 0 is valid to linkerd-cni but no TCP connection has it: a range starting at 0 starts at 1.
  if (upper === 0) return null;
  const from = Math.max(lo, 1);
  return from === upper ? String(from) : `${from}-${upper}`;
}

/**
 * A CIDR as Go's net.ParseCIDR takes it (ADDRESS/PREFIX, the prefix required) and iptables then applies it:
 * host bits are cleared (`10.1.2.3/8` is 10.0.0.0/8). Shared with the OSM profile, whose injector reads
 * its IP ranges the same way.
 */
export function goCidr(raw: string, what: string): IpNet | string {
  const text = raw.trim();
  const slash = text.indexOf('/');
  if (slash < 0) return `${what} "${text}" is not a CIDR (ADDRESS/PREFIX)`;
  const host = parseIpNet(text.slice(0, slash), what);
  if (typeof host === 'string') return `${what} "${text}" is not a CIDR (ADDRESS/PREFIX)`;
  const prefixText = text.slice(slash + 1);
  const bits = host.family === 4 ? 32 : 128;
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > bits) return `${what} "${text}" has an invalid prefix length (0-${bits} for IPv${host.family})`;
  const prefix = Number(prefixText);
  const address = networkAddress(host.address, host.family, prefix);
  const net = parseIpNet(`${address}/${prefix}`, what);
  return typeof net === 'string' ? `${what} "${text}" is not a CIDR (ADDRESS/PREFIX)` : net;
}

export const linkerd: Profile = {
  name: 'linkerd',
  marker: VERSION,
  defaults: {
    inboundPort: 4143,
    outboundPort: 4140,
    proxyUid: 2102,
    // The proxy's control (4190) and admin (4191) ports.
    inboundExcludePorts: '4190,4191',
    // The chart's disableIPv6: true. The proxy listens on IPv4 only then.
    ipFamilies: 'ipv4',
  },
  keys: [
    { key: VERSION, meaning: "written by the injector: the pod is Linkerd's" },
    { key: INJECT, meaning: '"disabled": the pod is skipped' },
    {
      key: SKIP_IN,
      meaning:
        'comma list of ports or lo-hi ranges not redirected inbound, besides 4190,4191 (widening; a bad item is dropped with a warning, as linkerd-cni does)',
    },
    {
      key: SKIP_OUT,
      meaning: 'comma list of destination ports or lo-hi ranges not redirected outbound (widening; a bad item is dropped with a warning, as linkerd-cni does)',
    },
    { key: SKIP_SUBNETS, meaning: 'comma list of source CIDRs not redirected inbound (widening; a bad CIDR refuses the pod, as linkerd-cni does)' },
    { key: UID, meaning: "the proxy's UID (default 2102; widening when different)" },
    { key: GID, meaning: "the proxy's GID (none by default; 0 or negative: none, as linkerd-cni; widening)" },
    ...UNREAD_PORTS.map((key) => ({ key, meaning: "not read, as linkerd-cni does not: the node's linkerd ports apply (a warning)" })),
    {
      key: CREATED_BY,
      meaning:
        'not by the proxy injector (linkerd/helm, linkerd/cli): a warning that a control-plane pod has its API server ports skipped by linkerd-cni (from a label we do not see)',
    },
  ],

  detect(a) {
    if ((a[INJECT] ?? '').trim() === 'disabled') return 'disabled';
    return Object.hasOwn(a, VERSION);
  },

  disabledReason: () => `${INJECT} is "disabled"`,

  read(a) {
    const r = new AnnotationReader(a);
    // Port lists: split on commas only; linkerd-cni logs and drops an item it cannot read and programs
    // the rest (pkg/iptables makeMultiportDestinations), so the pod still starts.
    for (const [key, field] of [
      [SKIP_IN, 'inboundExcludePorts'],
      [SKIP_OUT, 'outboundExcludePorts'],
    ] as const) {
      const v = r.get(key);
      if (!v) continue; // linkerd-cni: an empty value is no value
      const items: string[] = [];
      const dropped: string[] = [];
      for (const raw of v.split(',')) {
        const item = linkerdPortItem(raw);
        if (item === null) r.warn(`${at(key)} "${raw}": port 0 matches no TCP connection: nothing to skip`);
        else if (typeof item === 'string') items.push(item);
        else dropped.push(`"${raw}" ${item.bad}`);
      }
      const rest = items.length > 0 ? 'the other items apply' : 'nothing is skipped';
      for (const d of dropped) r.warn(`${at(key)} ${d}: dropped, as linkerd-cni drops it (${rest})`);
      r.exclude(key, field, items);
    }
    // Subnets: linkerd-cni fails the pod's ADD on a value net.ParseCIDR refuses (proxy-init/cmd/root.go).
    const subnets = r.get(SKIP_SUBNETS);
    if (subnets) {
      const items: string[] = [];
      let ok = true;
      for (const raw of subnets.split(',')) {
        const n = goCidr(raw, at(SKIP_SUBNETS));
        if (typeof n === 'string') {
          r.bad(SKIP_SUBNETS, n);
          ok = false;
        } else items.push(formatIpNet(n));
      }
      if (ok) r.exclude(SKIP_SUBNETS, 'inboundExcludeIps', items);
    }
    const uid = r.get(UID);
    if (uid) {
      const id = r.id(UID, uid);
      if (id !== undefined) r.set(UID, 'proxyUid', id);
    }
    // linkerd-cni writes the group exemption only for a GID above 0 (the chart's -1 means none).
    const gid = r.get(GID);
    if (gid) {
      const n = atoi(gid.trim());
      if (n !== undefined && n <= 0) r.warn(`${at(GID)} "${gid}": no group exemption (linkerd-cni writes one only for a GID above 0)`);
      else {
        const id = r.id(GID, gid);
        if (id !== undefined) r.set(GID, 'proxyGid', id);
      }
    }
    // linkerd-cni skips the API server's ports outbound for pods labelled linkerd.io/control-plane-component
    // (the `kubernetes` service's ports, else 443 and 6443), so the controllers reach the API before their
    // proxies can. Labels do not reach us; the chart-rendered control plane is the one not created by the injector.
    const createdBy = r.get(CREATED_BY);
    if (createdBy !== undefined && !createdBy.trim().startsWith(INJECTOR)) {
      r.warn(
        `${at(CREATED_BY)} "${createdBy}": not injected by ${INJECTOR}, so possibly a Linkerd control-plane pod: for those (label ` +
          "linkerd.io/control-plane-component) linkerd-cni also skips the Kubernetes API server's ports outbound (443, 6443 by default); " +
          // Not the key itself: key-report would take this warning for one about that key.
          "labels do not reach us: list them in the pod's skip-outbound-ports annotation if so",
      );
    }
    const unread = UNREAD_PORTS.filter((k) => r.has(k));
    if (unread.length > 0) {
      r.warn(
        `${unread.join(', ')} not honoured: linkerd-cni does not read them either (it redirects to its own configured ports); ` +
          "set the ports in the node's meshDefaults.linkerd",
      );
    }
    return r.result();
  },
};
