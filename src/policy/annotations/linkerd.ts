// Linkerd, as linkerd-cni reads it (linkerd2-proxy-init cni-plugin v1.6.8) with the chart's defaults.
// linkerd-cni also falls back to the namespace's config.linkerd.io/* annotations: those are not
// passed to us, only the pod's.
import { AnnotationReader } from './reader.js';
import type { Profile } from './types.js';

const VERSION = 'linkerd.io/proxy-version';
const INJECT = 'linkerd.io/inject';
const C = 'config.linkerd.io/';
const SKIP_IN = `${C}skip-inbound-ports`;
const SKIP_OUT = `${C}skip-outbound-ports`;
const SKIP_SUBNETS = `${C}skip-subnets`;
const UID = `${C}proxy-uid`;
const GID = `${C}proxy-gid`;

export const linkerd: Profile = {
  name: 'linkerd',
  marker: VERSION,
  defaults: {
    inboundPort: 4143,
    outboundPort: 4140,
    proxyUid: 2102,
    // The proxy's control (4190) and admin (4191) ports.
    inboundExcludePorts: '4190,4191',
  },
  keys: [
    { key: VERSION, meaning: "written by the injector: the pod is Linkerd's" },
    { key: INJECT, meaning: '"disabled": the pod is skipped' },
    { key: SKIP_IN, meaning: 'ports or lo-hi ranges not redirected inbound, besides 4190,4191 (widening)' },
    { key: SKIP_OUT, meaning: 'destination ports or lo-hi ranges not redirected outbound (widening)' },
    { key: SKIP_SUBNETS, meaning: 'source CIDRs not redirected inbound (widening)' },
    { key: UID, meaning: "the proxy's UID (default 2102; widening when different)" },
    { key: GID, meaning: "the proxy's GID (none by default; widening)" },
  ],

  detect(a) {
    if ((a[INJECT] ?? '').trim() === 'disabled') return 'disabled';
    return Object.hasOwn(a, VERSION);
  },

  disabledReason: () => `${INJECT} is "disabled"`,

  read(a) {
    const r = new AnnotationReader(a);
    for (const [key, field] of [
      [SKIP_IN, 'inboundExcludePorts'],
      [SKIP_OUT, 'outboundExcludePorts'],
    ] as const) {
      const v = r.get(key);
      if (v === undefined) continue;
      const items = r.ports(key, v);
      if (items) r.exclude(key, field, items);
    }
    const subnets = r.get(SKIP_SUBNETS);
    if (subnets !== undefined) {
      const items = r.nets(SKIP_SUBNETS, subnets);
      if (items) r.exclude(SKIP_SUBNETS, 'inboundExcludeIps', items);
    }
    for (const [key, field] of [
      [UID, 'proxyUid'],
      [GID, 'proxyGid'],
    ] as const) {
      const v = r.get(key);
      if (!v?.trim()) continue;
      const id = r.id(key, v);
      if (id !== undefined) r.set(key, field, id);
    }
    return r.result();
  },
};
