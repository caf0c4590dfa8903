import { describe, expect, it } from 'vitest';
import { buildPolicy, PolicyError, type PolicyInput } from '../../../src/policy/index.js';

function issuesOf(input: PolicyInput): string[] {
  try {
    buildPolicy(input);
  } catch (e) {
    expect(e).toBeInstanceOf(PolicyError);
    return (e as PolicyError).issues.map((i) => `${i.field}: ${i.message}`);
  }
  throw new Error('expected a PolicyError');
}

describe('buildPolicy', () => {
  it('builds the model from loosely typed input', () => {
    const p = buildPolicy({
      inboundPort: '15006',
      outboundPort: 15001,
      proxySid: 'S-1-5-32-556',
      proxyUid: '1337',
      excludePorts: '15020, 15021',
      outboundExcludeIps: ['127.0.0.1', '10.96.0.0/12'],
      inboundExcludeIps: 'fd00::/8',
      localPorts: '80-90',
      priority: '7',
    });
    expect(p).toEqual({
      inboundPort: 15006,
      outboundPort: 15001,
      protocol: 'tcp',
      inboundExceptions: {
        ports: [
          { from: 15020, to: 15020 },
          { from: 15021, to: 15021 },
        ],
        nets: [{ family: 6, address: 'fd00::', prefix: 8 }],
      },
      outboundExceptions: {
        ports: [
          { from: 15020, to: 15020 },
          { from: 15021, to: 15021 },
        ],
        nets: [
          { family: 4, address: '127.0.0.1', prefix: 32 },
          { family: 4, address: '10.96.0.0', prefix: 12 },
        ],
      },
      inboundIncludePorts: [],
      outboundIncludePorts: [],
      identity: { windowsSid: 'S-1-5-32-556', uid: 1337 },
      shape: 'generic',
      families: [4, 6],
      outboundExcludeUsers: [],
      filter: { localPorts: '80-90', priority: 7 },
    });
  });

  it('takes the original single --port as both directions\' proxy port; a direction\'s own port overrides it, "none" turns it off', () => {
    const ports = (input: PolicyInput) => {
      const p = buildPolicy(input);
      return [p.inboundPort, p.outboundPort];
    };
    expect(ports({ port: '8000' })).toEqual([8000, 8000]);
    expect(ports({ port: '8000', outboundPort: '8000' })).toEqual([8000, 8000]);
    expect(ports({ port: 8000, outboundPort: 15001 })).toEqual([8000, 15001]);
    expect(ports({ port: 8000, inboundPort: 15006 })).toEqual([15006, 8000]);
    expect(ports({ port: 8000, inboundPort: 'none' })).toEqual([undefined, 8000]);
    expect(ports({ outboundPort: 15001 })).toEqual([undefined, 15001]);
  });

  it('takes the filter tuple ports as lists of ports and ranges, as HNS does', () => {
    expect(buildPolicy({ port: 1, localPorts: '80, 443', remotePorts: ['8000-8100', 9000] }).filter).toEqual({
      localPorts: '80,443',
      remotePorts: '8000-8100,9000',
    });
  });

  it('accepts "system" and group SIDs (HNS matches UserSID by prefix)', () => {
    expect(buildPolicy({ port: 1, proxySid: 'system' }).identity.windowsSid).toBe('S-1-5-18');
    expect(buildPolicy({ port: 1, proxySid: 's-1-5-32-556' }).identity.windowsSid).toBe('S-1-5-32-556');
    expect(buildPolicy({ port: 1, proxySid: 'S-1-5-21-1688553208-1784504425-564974220-1000' }).identity.windowsSid).toBe(
      'S-1-5-21-1688553208-1784504425-564974220-1000',
    );
  });

  it('reads outbound includes: absent or "*" = every destination, a list (even empty) = only those', () => {
    expect(buildPolicy({ port: 1 }).outboundIncludeNets).toBeUndefined();
    expect(buildPolicy({ port: 1, outboundIncludeIps: '*' }).outboundIncludeNets).toBeUndefined();
    expect(buildPolicy({ port: 1, outboundIncludeIps: '' }).outboundIncludeNets).toEqual([]);
    expect(buildPolicy({ port: 1, outboundIncludeIps: '10.0.0.0/8' }).outboundIncludeNets).toEqual([{ family: 4, address: '10.0.0.0', prefix: 8 }]);
  });

  it('canonicalises IPv6 networks', () => {
    const p = buildPolicy({ port: 1, outboundExcludeIps: 'FD00:0:0:0::1, 2001:db8::/32, ::ffff:10.0.0.1' });
    expect(p.outboundExceptions.nets.map((n) => `${n.address}/${n.prefix}`)).toEqual(['fd00::1/128', '2001:db8::/32', '::ffff:a00:1/128']);
  });

  it('reports every problem of an input at once, each naming its field', () => {
    expect(issuesOf({ inboundPort: '0', outboundPort: '90001', proxySid: 'S-1', excludeIps: '10.0.0.1/8' })).toEqual([
      'inboundPort: inbound proxy port "0" is out of range: ports are 1-65535',
      'outboundPort: outbound proxy port "90001" is out of range: ports are 1-65535',
      'proxySid: proxy user SID "S-1" is not a SID (expected S-1-<authority>-<sub-authority>…, e.g. S-1-5-32-556, or "system")',
      'excludeIps: excluded address "10.0.0.1/8" has host bits set: did you mean 10.0.0.0/8?',
    ]);
  });

  const bad: [string, PolicyInput, string][] = [
    ['no proxy port', {}, 'policy has no proxy port: give the proxy port (both directions), or an inbound and/or an outbound proxy port'],
    ['both directions turned off', { port: 1, inboundPort: 'none', outboundPort: 'NONE' }, 'policy has no proxy port'],
    ['README example port 90001', { port: 1, excludePorts: '90001' }, 'excluded port "90001" is out of range: ports are 1-65535'],
    ['port 0', { inboundPort: 0 }, 'inbound proxy port "0" is out of range: ports are 1-65535'],
    ['port text', { outboundPort: 'http' }, 'outbound proxy port "http" is not a port number (expected 1-65535)'],
    ['negative port', { outboundPort: '-1' }, 'outbound proxy port "-1" is not a port number (expected 1-65535)'],
    ['fractional port', { outboundPort: '80.5' }, 'outbound proxy port "80.5" is not a port number (expected 1-65535)'],
    ['udp', { port: 1, protocol: 'udp' }, 'protocol "udp" is not supported: only TCP (6) is redirected to the proxy'],
    ['protocol 17', { port: 1, protocol: '17' }, 'protocol "17" is not supported'],
    ['reversed range', { port: 1, localPorts: '90-80' }, 'local ports range "90-80" is reversed: write 80-90'],
    ['range out of range', { port: 1, remotePorts: '1-70000' }, 'remote ports "70000" is out of range: ports are 1-65535 (in range "1-70000")'],
    ['duplicate port', { port: 1, outboundExcludePorts: '80,80' }, 'outbound excluded port 80 is listed twice'],
    ['duplicate across both/direction', { port: 1, excludePorts: '80', inboundExcludePorts: '80' }, 'inbound excluded port 80 is listed twice'],
    ['duplicate address', { port: 1, excludeIps: '127.0.0.1, 127.0.0.1/32' }, 'excluded address 127.0.0.1 is listed twice'],
    ['not an address', { port: 1, outboundExcludeIps: 'localhost' }, 'outbound excluded address "localhost" is not an IPv4/IPv6 address or CIDR'],
    ['bad octet', { port: 1, outboundExcludeIps: '10.0.0.256' }, 'is not an IPv4/IPv6 address or CIDR'],
    ['prefix too long', { port: 1, outboundExcludeIps: '10.0.0.0/33' }, 'has an invalid prefix length (0-32 for IPv4)'],
    ['v6 prefix too long', { port: 1, outboundExcludeIps: 'fd00::/129' }, 'has an invalid prefix length (0-128 for IPv6)'],
    ['v6 host bits', { port: 1, outboundExcludeIps: 'fd00::1/8' }, 'has host bits set: did you mean fd00::/8?'],
    ['sid without prefix', { port: 1, proxySid: 'administrator' }, 'proxy user SID "administrator" is not a SID'],
    ['sid revision 2', { port: 1, proxySid: 'S-2-5-18' }, 'is not a SID'],
    ['sid sub-authority too big', { port: 1, proxySid: 'S-1-5-4294967296' }, 'has a sub-authority above 4294967295'],
    ['sid too many parts', { port: 1, proxySid: `S-1-5${'-1'.repeat(16)}` }, 'has more than 15 sub-authorities'],
    ['uid text', { port: 1, proxyUid: 'istio' }, 'proxy UID "istio" is not a numeric id'],
    ['uid -1', { port: 1, proxyGid: '4294967295' }, 'proxy GID "4294967295" is not a numeric id (0-4294967294)'],
    ['priority too big', { port: 1, priority: '65536' }, 'priority "65536" is not a number 0-65535'],
    ['local address', { port: 1, localAddresses: '10.0.0.1/33' }, 'local address "10.0.0.1/33" has an invalid prefix length'],
    [
      'port both included and excluded',
      { port: 1, outboundIncludePorts: '80-90', outboundExcludePorts: '85' },
      'outbound included port 80-90 is also excluded (85): remove it from one of the lists',
    ],
    ['dns port', { port: 1, dnsCapturePort: '99999' }, 'DNS capture port "99999" is out of range'],
  ];
  it.each(bad)('rejects %s', (_name, input, message) => {
    expect(issuesOf(input).join('\n')).toContain(message);
  });
});
