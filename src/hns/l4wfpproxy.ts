// The HNS endpoint policy that redirects a pod's TCP traffic to its proxy (type L4WFPPROXY), byte for
// byte as hcsshim's L4WfpProxyPolicySetting serialises it (what real HNS has accepted for years): keys
// in the struct's field order, empty strings omitted (`omitempty`), but FilterTuple, InboundExceptions
// and OutboundExceptions always there — Go's omitempty never drops a struct value, so an empty one is
// `{}`. Kept by golden tests (test/golden/hns/).
import { formatIpNet } from '../policy/addresses.js';
import { buildPolicy } from '../policy/build.js';
import type { PolicyInput } from '../policy/input.js';
import type { Exceptions, ProxyPolicy } from '../policy/model.js';
import { checkHnsLimits } from './limits.js';

export const L4WFPPROXY = 'L4WFPPROXY';
const TCP = '6';

export interface HnsProxyExceptions {
  IpAddressExceptions?: string[];
  PortExceptions?: string[];
}

export interface HnsFiveTuple {
  Protocols?: string;
  LocalAddresses?: string;
  RemoteAddresses?: string;
  LocalPorts?: string;
  RemotePorts?: string;
  Priority?: number;
}

export interface L4WfpProxySettings {
  /** The older single-port field (HNS before the inbound/outbound split); read, never written. */
  Port?: string;
  InboundProxyPort?: string;
  OutboundProxyPort?: string;
  FilterTuple?: HnsFiveTuple;
  UserSID?: string;
  InboundExceptions?: HnsProxyExceptions;
  OutboundExceptions?: HnsProxyExceptions;
}

export interface HnsEndpointPolicy<S = unknown> {
  Type: string;
  Settings: S;
}

function renderExceptions(ex: Exceptions): HnsProxyExceptions {
  const out: HnsProxyExceptions = {};
  if (ex.nets.length > 0) out.IpAddressExceptions = ex.nets.map(formatIpNet);
  const ports: string[] = [];
  for (const r of ex.ports) for (let p = r.from; p <= r.to; p++) ports.push(String(p));
  if (ports.length > 0) out.PortExceptions = ports;
  return out;
}

/** Renders the policy for HNS; throws PolicyError if it goes beyond what HNS can express. */
export function renderL4WfpProxy(p: ProxyPolicy): HnsEndpointPolicy<L4WfpProxySettings> {
  checkHnsLimits(p);
  const s: L4WfpProxySettings = {};
  if (p.inboundPort !== undefined) s.InboundProxyPort = String(p.inboundPort);
  if (p.outboundPort !== undefined) s.OutboundProxyPort = String(p.outboundPort);
  const ft: HnsFiveTuple = { Protocols: TCP };
  if (p.filter.localAddresses) ft.LocalAddresses = p.filter.localAddresses;
  if (p.filter.remoteAddresses) ft.RemoteAddresses = p.filter.remoteAddresses;
  if (p.filter.localPorts) ft.LocalPorts = p.filter.localPorts;
  if (p.filter.remotePorts) ft.RemotePorts = p.filter.remotePorts;
  if (p.filter.priority) ft.Priority = p.filter.priority;
  s.FilterTuple = ft;
  if (p.identity.windowsSid) s.UserSID = p.identity.windowsSid;
  s.InboundExceptions = renderExceptions(p.inboundExceptions);
  s.OutboundExceptions = renderExceptions(p.outboundExceptions);
  return { Type: L4WFPPROXY, Settings: s };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
}

function strList(v: unknown): string[] | undefined {
  return Array.isArray(v) ? v.map((x) => String(x)) : undefined;
}

/**
 * Reads an L4WFPPROXY Settings object as HNS returns it (either serialisation, the older `Port`
 * field included) back into the model. Throws PolicyError when a field does not validate.
 */
export function parseL4WfpProxy(settings: unknown): ProxyPolicy {
  const s = isRecord(settings) ? settings : {};
  const ft = isRecord(s.FilterTuple) ? s.FilterTuple : {};
  const inEx = isRecord(s.InboundExceptions) ? s.InboundExceptions : {};
  const outEx = isRecord(s.OutboundExceptions) ? s.OutboundExceptions : {};
  const input: PolicyInput = {};
  const set = <K extends keyof PolicyInput>(k: K, v: PolicyInput[K] | undefined) => {
    if (v !== undefined) input[k] = v;
  };
  set('inboundPort', str(s.InboundProxyPort));
  set('outboundPort', str(s.OutboundProxyPort));
  set('port', str(s.Port));
  set('protocol', str(ft.Protocols));
  set('proxySid', str(s.UserSID));
  set('inboundExcludePorts', strList(inEx.PortExceptions));
  set('inboundExcludeIps', strList(inEx.IpAddressExceptions));
  set('outboundExcludePorts', strList(outEx.PortExceptions));
  set('outboundExcludeIps', strList(outEx.IpAddressExceptions));
  set('localAddresses', str(ft.LocalAddresses));
  set('remoteAddresses', str(ft.RemoteAddresses));
  set('localPorts', str(ft.LocalPorts));
  set('remotePorts', str(ft.RemotePorts));
  set('priority', str(ft.Priority));
  return buildPolicy(input);
}
