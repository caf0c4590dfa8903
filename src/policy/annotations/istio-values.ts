// How istio-cni parses an annotation's value (istio 1.30.3 cni/pkg/plugin/sidecar_redirect.go): port lists
// (items trimmed, 0-65535, no ranges, "*" for all), CIDR lists (as written, a prefix length required, host
// bits masked as nft does) and interface names (netutil.ValidateInterfaceNames). A bad item fails the pod in
// istio-cni, so each parser reports it through the reader and returns undefined.
import { formatIpNet, networkAddress, parseIpNet } from '../addresses.js';
import { type AnnotationReader, at } from './reader.js';

/**
 * A port list as istio-cni validates it (parsePorts): the value trimmed, split on commas, each item trimmed
 * and a decimal 0-65535. Returns the ports (deduplicated; port 0, which no connection uses, left out), or
 * undefined after reporting the bad items.
 */
export function istioPorts(r: AnnotationReader, key: string, text: string): string[] | undefined {
  const t = text.trim();
  if (t === '') return [];
  const out = new Set<string>();
  let ok = true;
  for (const raw of t.split(',')) {
    const item = raw.trim();
    let problem: string | undefined;
    if (item === '') problem = `"${t}" has an empty item: Istio takes comma-separated ports`;
    else if (/^\d+\s*-\s*\d+$/.test(item)) problem = `"${item}" is a range: Istio takes single ports`;
    else if (!/^\d+$/.test(item)) problem = `"${item}" is not a port number (Istio takes comma-separated ports 0-65535)`;
    else if (Number(item) > 65535) problem = `"${item}" is out of range: ports are 0-65535`;
    if (problem) {
      r.bad(key, `${at(key)} ${problem}`);
      ok = false;
    } else if (Number(item) > 0) out.add(String(Number(item)));
  }
  return ok ? [...out] : undefined;
}

/**
 * A CIDR list as istio-cni validates it (validateCIDRList: split on commas, each netip.ParsePrefix with no
 * trimming, so a prefix length is required and a space is an error). Host bits are accepted and cleared.
 */
export function istioNets(r: AnnotationReader, key: string, text: string): string[] | undefined {
  if (text === '') return [];
  const out = new Set<string>();
  let ok = true;
  for (const item of text.split(',')) {
    const slash = item.indexOf('/');
    let problem: string | undefined;
    if (item.trim() !== item || item === '') problem = `"${item}" is not a CIDR: Istio takes comma-separated CIDRs, no spaces`;
    else if (slash < 0) problem = `"${item}" has no prefix length: Istio takes CIDRs (a host is ADDRESS/32 or /128)`;
    if (!problem) {
      const host = parseIpNet(item.slice(0, slash), at(key));
      const bits = item.slice(slash + 1);
      const max = typeof host !== 'string' && host.family === 6 ? 128 : 32;
      if (typeof host === 'string') problem = `"${item}" is not an IPv4/IPv6 CIDR`;
      else if (!/^\d{1,3}$/.test(bits) || Number(bits) > max) problem = `"${item}" has an invalid prefix length (0-${max} for IPv${host.family})`;
      else {
        const n = parseIpNet(`${networkAddress(host.address, host.family, Number(bits))}/${bits}`, at(key));
        if (typeof n === 'string') problem = `"${item}" is not an IPv4/IPv6 CIDR`;
        else out.add(formatIpNet(n));
      }
    }
    if (problem) {
      r.bad(key, `${at(key)} ${problem}`);
      ok = false;
    }
  }
  return ok ? [...out] : undefined;
}

/** netutil.ValidateInterfaceNames: istio-cni fails the pod on a bad name. Returns the names, or undefined. */
export function interfaces(r: AnnotationReader, key: string, text: string): string[] | undefined {
  if (text === '') return [];
  const names: string[] = [];
  for (const raw of text.split(',')) {
    const name = raw.trim();
    if (name === '' || name.length > 15 || !/^[a-zA-Z][a-zA-Z0-9_.-]*$/.test(name)) {
      r.bad(key, `${at(key)} "${name}" is not an interface name (a letter, then letters, digits, _ . -; at most 15)`);
      return undefined;
    }
    names.push(name);
  }
  return names;
}
