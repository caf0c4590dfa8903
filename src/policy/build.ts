// A PolicyInput (every entry point's fields: flags, annotations, node settings) → the ProxyPolicy the
// backends render, or a PolicyError listing every problem.
import { IssueList } from './errors.js';
import { Builder, present } from './field-parser.js';
import { FIELD_NAMES, type PolicyInput } from './input.js';
import { parseDnsServer, parseFamilies, parseUserException } from './linux-options.js';
import type { Exceptions, FilterTuple, IpNet, PortRange, ProxyIdentity, ProxyPolicy, RuleShape, UserException } from './model.js';
import { formatPortRange } from './ports.js';
import { parseSid } from './sid.js';

/** A port both included and excluded is a contradiction the user must resolve. */
function overlapIssues(issues: IssueList, field: keyof PolicyInput, include: readonly PortRange[], exclude: readonly PortRange[]): void {
  for (const i of include) {
    for (const e of exclude) {
      if (i.from <= e.to && e.from <= i.to) {
        issues.add(field, `${FIELD_NAMES[field]} ${formatPortRange(i)} is also excluded (${formatPortRange(e)}): remove it from one of the lists`);
      }
    }
  }
}

function exceptions(ports: PortRange[], nets: IpNet[]): Exceptions {
  return { ports, nets };
}

/**
 * Validates an input and builds the policy. Throws PolicyError listing every problem found.
 * Backend limits (HNS: IPv4 only, no includes) are checked separately, by checkHnsLimits().
 */
export function buildPolicy(input: PolicyInput, shape: RuleShape = 'generic'): ProxyPolicy {
  const b = new Builder();
  // The original tool's single port is the proxy port of both directions (hcsshim turned its `Port`
  // into InboundProxyPort and OutboundProxyPort alike); a direction's own port overrides it, and
  // "none" turns that direction off.
  const legacyPort = b.port('port', input.port);
  const inboundPort = b.directionPort('inboundPort', input.inboundPort, legacyPort);
  const outboundPort = b.directionPort('outboundPort', input.outboundPort, legacyPort);
  if (inboundPort === undefined && outboundPort === undefined && !b.issues.issues.some((i) => /Port$|^port$/.test(i.field))) {
    b.issues.add('port', 'policy has no proxy port: give the proxy port (both directions), or an inbound and/or an outbound proxy port');
  }

  const protocolText = present(input.protocol) ? String(input.protocol).trim().toLowerCase() : 'tcp';
  if (protocolText !== 'tcp' && protocolText !== '6') {
    b.issues.add('protocol', `protocol "${String(input.protocol)}" is not supported: only TCP (6) is redirected to the proxy`);
  }

  const identity: { windowsSid?: string; uid?: number; gid?: number } = {};
  if (input.proxySid !== undefined && input.proxySid.trim() !== '') {
    const sid = parseSid(input.proxySid, FIELD_NAMES.proxySid);
    if (typeof sid === 'string') identity.windowsSid = sid;
    else b.issues.add('proxySid', sid.error);
  }
  const uid = b.id('proxyUid', input.proxyUid);
  if (uid !== undefined) identity.uid = uid;
  const gid = b.id('proxyGid', input.proxyGid);
  if (gid !== undefined) identity.gid = gid;

  const inboundExceptions = exceptions(
    b.portList([
      ['excludePorts', input.excludePorts],
      ['inboundExcludePorts', input.inboundExcludePorts],
    ]),
    b.netList([
      ['excludeIps', input.excludeIps],
      ['inboundExcludeIps', input.inboundExcludeIps],
    ]),
  );
  const outboundExceptions = exceptions(
    b.portList([
      ['excludePorts', input.excludePorts],
      ['outboundExcludePorts', input.outboundExcludePorts],
    ]),
    b.netList([
      ['excludeIps', input.excludeIps],
      ['outboundExcludeIps', input.outboundExcludeIps],
    ]),
  );

  const filter: { -readonly [K in keyof FilterTuple]: FilterTuple[K] } = {};
  const localAddresses = b.addressText('localAddresses', input.localAddresses);
  if (localAddresses) filter.localAddresses = localAddresses;
  const remoteAddresses = b.addressText('remoteAddresses', input.remoteAddresses);
  if (remoteAddresses) filter.remoteAddresses = remoteAddresses;
  const localPorts = b.portRangeText('localPorts', input.localPorts);
  if (localPorts) filter.localPorts = localPorts;
  const remotePorts = b.portRangeText('remotePorts', input.remotePorts);
  if (remotePorts) filter.remotePorts = remotePorts;
  if (present(input.priority)) {
    const text = String(input.priority).trim();
    if (!/^\d+$/.test(text) || Number(text) > 65535) {
      b.issues.add('priority', `priority "${text}" is not a number 0-65535 (0 = HNS default)`);
    } else if (Number(text) > 0) {
      filter.priority = Number(text);
    }
  }

  const policy: { -readonly [K in keyof ProxyPolicy]: ProxyPolicy[K] } = {
    protocol: 'tcp',
    inboundExceptions,
    outboundExceptions,
    inboundIncludePorts: b.portList([['inboundIncludePorts', input.inboundIncludePorts]]),
    outboundIncludePorts: b.portList([['outboundIncludePorts', input.outboundIncludePorts]]),
    identity: identity as ProxyIdentity,
    filter,
    shape,
    families: [4, 6],
    outboundExcludeUsers: b.list<UserException>([['outboundExcludeUids', input.outboundExcludeUids]], parseUserException, (u) => JSON.stringify(u)),
  };
  if (present(input.ipFamilies)) {
    const f = parseFamilies(String(input.ipFamilies), FIELD_NAMES.ipFamilies);
    if (typeof f === 'string') b.issues.add('ipFamilies', f);
    else policy.families = f;
  }
  if (present(input.dnsServer)) {
    const d = parseDnsServer(String(input.dnsServer), FIELD_NAMES.dnsServer);
    if (typeof d === 'string') b.issues.add('dnsServer', d);
    else policy.dnsServer = d;
  }
  const includeIps = input.outboundIncludeIps;
  if (includeIps !== undefined && !(typeof includeIps === 'string' && includeIps.trim() === '*')) {
    policy.outboundIncludeNets = b.netList([['outboundIncludeIps', includeIps]]);
  }
  overlapIssues(b.issues, 'inboundIncludePorts', policy.inboundIncludePorts, policy.inboundExceptions.ports);
  overlapIssues(b.issues, 'outboundIncludePorts', policy.outboundIncludePorts, policy.outboundExceptions.ports);
  if (inboundPort !== undefined) policy.inboundPort = inboundPort;
  if (outboundPort !== undefined) policy.outboundPort = outboundPort;
  const dns = b.port('dnsCapturePort', input.dnsCapturePort);
  if (dns !== undefined) policy.dnsCapturePort = dns;

  b.issues.throwIfAny();
  return policy;
}
