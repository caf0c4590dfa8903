// Our own keys: the node's policy, tuned per pod. Port lists take ranges ("8000-8010").
import { AnnotationReader, at } from './reader.js';
import type { Annotations, ExcludeField, Profile } from './types.js';

const PREFIX = 'hcnproxyctl.io/';
const ENABLED = `${PREFIX}enabled`;
const k = (name: string): string => `${PREFIX}${name}`;

const DIRECTIONS = [
  [k('inbound-port'), 'inboundPort', 'inbound'],
  [k('outbound-port'), 'outboundPort', 'outbound'],
] as const;

const EXCLUDES: readonly (readonly [string, ExcludeField, 'ports' | 'nets'])[] = [
  [k('exclude-inbound-ports'), 'inboundExcludePorts', 'ports'],
  [k('exclude-outbound-ports'), 'outboundExcludePorts', 'ports'],
  [k('exclude-inbound-ips'), 'inboundExcludeIps', 'nets'],
  [k('exclude-outbound-ips'), 'outboundExcludeIps', 'nets'],
];

const KEYS = [
  {
    key: ENABLED,
    meaning: '"true": redirect the pod with the node\'s policy, tuned by the keys below; "false": never redirect it, even when a mesh profile matches',
  },
  { key: k('inbound-port'), meaning: 'inbound proxy port; "none": inbound traffic is not redirected (widening)' },
  { key: k('outbound-port'), meaning: 'outbound proxy port; "none": outbound traffic is not redirected (widening)' },
  { key: k('proxy-uid'), meaning: "the proxy's UID, whose traffic is not redirected (widening when it differs from the node's)" },
  { key: k('proxy-gid'), meaning: "the proxy's GID (widening when it differs from the node's)" },
  { key: k('proxy-sid'), meaning: 'the proxy\'s Windows SID or "system" (widening when it differs from the node\'s)' },
  { key: k('exclude-inbound-ports'), meaning: "pod ports (or A-B ranges) not redirected inbound, added to the node's (widening)" },
  { key: k('exclude-outbound-ports'), meaning: "destination ports (or ranges) not redirected outbound, added to the node's (widening)" },
  { key: k('exclude-inbound-ips'), meaning: 'source addresses/CIDRs not redirected inbound (widening)' },
  { key: k('exclude-outbound-ips'), meaning: 'destination addresses/CIDRs not redirected outbound (widening)' },
  { key: k('include-inbound-ports'), meaning: '"*" or "": every port; a list: only these ports are redirected inbound (widening)' },
  {
    key: k('include-outbound-ports'),
    meaning: 'destination ports always redirected outbound, whatever the address (Linux; dropping ports the node lists is widening)',
  },
  { key: k('include-outbound-ips'), meaning: '"*": every destination; a list: only these ("" = none, besides include-outbound-ports) (widening; Linux)' },
  { key: k('dns-capture-port'), meaning: 'capture DNS (UDP and TCP 53) to this port (Linux)' },
] as const;

const KNOWN: ReadonlySet<string> = new Set(KEYS.map((d) => d.key));

function enabledValue(a: Annotations): string | undefined {
  return Object.hasOwn(a, ENABLED) ? (a[ENABLED] ?? '').trim().toLowerCase() : undefined;
}

export const hcnproxyctl: Profile = {
  name: 'hcnproxyctl',
  marker: `${ENABLED}: "true"`,
  defaults: {},
  keys: KEYS,

  detect(a) {
    const v = enabledValue(a);
    return v === 'true' ? true : v === 'false' ? 'disabled' : false;
  },

  detectIssue(a) {
    const v = enabledValue(a);
    if (v === undefined || v === 'true' || v === 'false') return undefined;
    return { field: ENABLED, message: `${at(ENABLED)} "${a[ENABLED]}" is not a boolean (true, false)` };
  },

  disabledReason: () => `${ENABLED} is "false" (the pod opted out)`,

  read(a) {
    const r = new AnnotationReader(a);
    for (const [key, field, direction] of DIRECTIONS) {
      const v = r.get(key)?.trim();
      if (!v) continue;
      if (v.toLowerCase() === 'none') {
        r.off(key, direction);
        continue;
      }
      const p = r.port(key, v);
      if (p !== undefined) r.set(key, field, p);
    }
    for (const [key, field] of [
      [k('proxy-uid'), 'proxyUid'],
      [k('proxy-gid'), 'proxyGid'],
    ] as const) {
      const v = r.get(key);
      if (!v?.trim()) continue;
      const id = r.id(key, v);
      if (id !== undefined) r.set(key, field, id);
    }
    const sidText = r.get(k('proxy-sid'));
    if (sidText?.trim()) {
      const sid = r.sid(k('proxy-sid'), sidText);
      if (sid !== undefined) r.set(k('proxy-sid'), 'proxySid', sid);
    }
    for (const [key, field, type] of EXCLUDES) {
      const v = r.get(key);
      if (v === undefined) continue;
      const items = type === 'ports' ? r.ports(key, v) : r.nets(key, v);
      if (items) r.exclude(key, field, items);
    }
    const inPorts = r.get(k('include-inbound-ports'));
    if (inPorts !== undefined) {
      const t = inPorts.trim();
      // As in PolicyInput, an empty inbound include list means every port.
      if (t === '*' || t === '') r.include(k('include-inbound-ports'), 'inboundIncludePorts', '*');
      else {
        const items = r.ports(k('include-inbound-ports'), t);
        if (items) r.include(k('include-inbound-ports'), 'inboundIncludePorts', items);
      }
    }
    const outPorts = r.get(k('include-outbound-ports'));
    if (outPorts !== undefined) {
      const items = r.ports(k('include-outbound-ports'), outPorts);
      if (items) r.include(k('include-outbound-ports'), 'outboundIncludePorts', items);
    }
    const outIps = r.get(k('include-outbound-ips'));
    if (outIps !== undefined) {
      if (outIps.trim() === '*') r.include(k('include-outbound-ips'), 'outboundIncludeIps', '*');
      else {
        const items = r.nets(k('include-outbound-ips'), outIps);
        if (items) r.include(k('include-outbound-ips'), 'outboundIncludeIps', items);
      }
    }
    const dns = r.get(k('dns-capture-port'));
    if (dns?.trim()) {
      const p = r.port(k('dns-capture-port'), dns);
      if (p !== undefined) r.set(k('dns-capture-port'), 'dnsCapturePort', p);
    }
    for (const key of Object.keys(a)) {
      if (key.startsWith(PREFIX) && !KNOWN.has(key)) r.warn(`annotation ${key} is not an hcnproxyctl key: ignored`);
    }
    return r.result();
  },
};
