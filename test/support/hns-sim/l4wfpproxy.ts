// The simulator's own checks of an L4WFPPROXY policy's Settings, modelled on HNS's documented limits:
// TCP only, IPv4 only, ports 1–65535, and hcsshim's field names. Returns the problem, or null when valid.
import net from 'node:net';
import { isObject } from './json.js';

const SETTING_KEYS = ['InboundProxyPort', 'OutboundProxyPort', 'Port', 'FilterTuple', 'UserSID', 'InboundExceptions', 'OutboundExceptions'];
const FILTER_KEYS = ['Protocols', 'LocalAddresses', 'RemoteAddresses', 'LocalPorts', 'RemotePorts', 'Priority'];
const EXCEPTION_KEYS = ['IpAddressExceptions', 'PortExceptions'];
const SID_RE = /^S-1-[0-9]+(-[0-9]+)*$/;

class Invalid extends Error {}

function invalid(message: string): never {
  throw new Invalid(`L4WFPPROXY: ${message}`);
}

function onlyKeys(o: Record<string, unknown>, keys: string[], where: string): void {
  for (const k of Object.keys(o)) if (!keys.includes(k)) invalid(`unknown setting ${where}${k}`);
}

function str(v: unknown, name: string): string {
  if (typeof v !== 'string') invalid(`${name} must be a string, got ${JSON.stringify(v)}`);
  return v;
}

function portNumber(s: string): number | null {
  return /^[1-9][0-9]{0,4}$/.test(s) && Number(s) <= 65535 ? Number(s) : null;
}

function port(v: unknown, name: string): void {
  if (portNumber(str(v, name)) === null) invalid(`${name} ${JSON.stringify(v)} is not a port (1-65535)`);
}

/** "P" or "P-Q", comma-separated. */
function portList(v: unknown, name: string): void {
  for (const item of str(v, name).split(',')) {
    const [lo, hi, more] = item.trim().split('-');
    const a = portNumber(lo ?? '');
    const b = hi === undefined ? a : portNumber(hi);
    if (more !== undefined || a === null || b === null || b < a)
      invalid(`${name} ${JSON.stringify(v)}: ${JSON.stringify(item)} is not a port or port range (1-65535)`);
  }
}

/** An IPv4 address, optionally with a /prefix. IPv6 gets its own message: HNS's proxy is IPv4 only. */
function ipv4(s: string, name: string): void {
  const [addr = '', prefix, more] = s.trim().split('/');
  if (net.isIPv6(addr) || addr.includes(':')) invalid(`${name}: ${JSON.stringify(s)} is IPv6; L4WFPPROXY supports IPv4 only`);
  const prefixOk = prefix === undefined || (/^[0-9]{1,2}$/.test(prefix) && Number(prefix) <= 32);
  if (more !== undefined || !net.isIPv4(addr) || !prefixOk) invalid(`${name}: ${JSON.stringify(s)} is not an IPv4 address`);
}

function filterTuple(v: unknown): void {
  if (!isObject(v)) invalid('FilterTuple must be an object');
  onlyKeys(v, FILTER_KEYS, 'FilterTuple.');
  if (v.Protocols !== undefined && str(v.Protocols, 'FilterTuple.Protocols') !== '6') {
    invalid(`FilterTuple.Protocols ${JSON.stringify(v.Protocols)} is not supported: TCP ("6") only`);
  }
  for (const k of ['LocalAddresses', 'RemoteAddresses']) {
    if (v[k] === undefined) continue;
    const list = str(v[k], `FilterTuple.${k}`);
    if (list !== '') for (const a of list.split(',')) ipv4(a, `FilterTuple.${k}`);
  }
  for (const k of ['LocalPorts', 'RemotePorts']) if (v[k] !== undefined && v[k] !== '') portList(v[k], `FilterTuple.${k}`);
  const p = v.Priority;
  if (p !== undefined && (typeof p !== 'number' || !Number.isInteger(p) || p < 0 || p > 65535)) {
    invalid(`FilterTuple.Priority ${JSON.stringify(p)} must be an integer 0-65535`);
  }
}

function exceptions(v: unknown, name: string): void {
  if (!isObject(v)) invalid(`${name} must be an object`);
  onlyKeys(v, EXCEPTION_KEYS, `${name}.`);
  for (const k of EXCEPTION_KEYS) {
    const list = v[k];
    if (list === undefined) continue;
    if (!Array.isArray(list)) invalid(`${name}.${k} must be an array of strings`);
    for (const item of list) {
      if (k === 'IpAddressExceptions') ipv4(str(item, `${name}.${k}[]`), `${name}.${k}`);
      else port(item, `${name}.${k}[]`);
    }
  }
}

export function checkL4WfpProxySettings(settings: unknown): string | null {
  try {
    if (!isObject(settings)) invalid('Settings must be an object');
    onlyKeys(settings, SETTING_KEYS, '');
    const ports = ['InboundProxyPort', 'OutboundProxyPort', 'Port'].filter((k) => settings[k] !== undefined);
    if (ports.length === 0) invalid('needs at least one of InboundProxyPort, OutboundProxyPort, Port');
    for (const k of ports) port(settings[k], k);
    if (settings.FilterTuple !== undefined) filterTuple(settings.FilterTuple);
    if (settings.UserSID !== undefined && !SID_RE.test(str(settings.UserSID, 'UserSID'))) {
      invalid(`UserSID ${JSON.stringify(settings.UserSID)} is not a SID (S-1-…)`);
    }
    for (const k of ['InboundExceptions', 'OutboundExceptions']) if (settings[k] !== undefined) exceptions(settings[k], k);
    return null;
  } catch (e) {
    if (e instanceof Invalid) return e.message;
    throw e;
  }
}
