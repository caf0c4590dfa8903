// The node's settings (conflist entry / NRI config): shape, types, values.
import { describe, expect, it } from 'vitest';
import { ALL_PROFILES, parseNodeSettings } from '../../../src/policy/annotations/index.js';
import { PolicyError } from '../../../src/policy/index.js';

function issuesOf(raw: unknown): string[] {
  try {
    parseNodeSettings(raw);
  } catch (e) {
    expect(e).toBeInstanceOf(PolicyError);
    return (e as PolicyError).issues.map((i) => `${i.field}: ${i.message}`);
  }
  throw new Error('expected a PolicyError');
}

describe('parseNodeSettings', () => {
  it('defaults: no policy, every profile, no pod overrides', () => {
    const defaults = { policy: {}, profiles: ALL_PROFILES, allowPodOverrides: false, meshDefaults: {} };
    expect(parseNodeSettings(undefined)).toEqual(defaults);
    expect(parseNodeSettings({})).toEqual(defaults);
    expect(parseNodeSettings({ policy: undefined, profiles: undefined, allowPodOverrides: undefined })).toEqual(defaults);
  });

  it('takes a policy without a proxy port (the profiles bring theirs) and ignores envelope keys', () => {
    const s = parseNodeSettings({
      type: 'hcnproxyctl',
      policy: { proxySid: 'system', excludeIps: ['169.254.169.254'], priority: 0 },
      profiles: ['istio', 'linkerd'],
      allowPodOverrides: true,
    });
    expect(s).toEqual({
      policy: { proxySid: 'system', excludeIps: ['169.254.169.254'], priority: 0 },
      profiles: ['istio', 'linkerd'],
      allowPodOverrides: true,
      meshDefaults: {},
    });
  });

  const bad: [string, unknown, string[]][] = [
    ['not an object', ['istio'], ['settings: node settings must be an object, got ["istio"]']],
    ['policy not an object', { policy: 'inboundPort=1' }, ['policy: policy must be an object of policy keys, got "inboundPort=1"']],
    [
      'unknown policy key',
      { policy: { inboundProxyPort: 15006 } },
      [
        'policy.inboundProxyPort: policy.inboundProxyPort is not a policy key (known: inboundPort, outboundPort, port, protocol, excludePorts, excludeIps, inboundExcludePorts, inboundExcludeIps, outboundExcludePorts, outboundExcludeIps, inboundIncludePorts, outboundIncludePorts, outboundIncludeIps, proxySid, proxyUid, proxyGid, localAddresses, remoteAddresses, localPorts, remotePorts, priority, dnsCapturePort, ipFamilies, outboundExcludeUids, dnsServer)',
      ],
    ],
    ['scalar of the wrong type', { policy: { inboundPort: true } }, ['policy.inboundPort: policy.inboundPort must be a number or a string, got true']],
    [
      'list of the wrong type',
      { policy: { excludePorts: { from: 1 } } },
      ['policy.excludePorts: policy.excludePorts must be a list (an array or a comma-separated string), got {"from":1}'],
    ],
    [
      'list with an object item',
      { policy: { excludeIps: ['10.0.0.0/8', {}] } },
      ['policy.excludeIps: policy.excludeIps must be a list (an array or a comma-separated string), got ["10.0.0.0/8",{}]'],
    ],
    ['SID as a number', { policy: { proxySid: 18 } }, ['policy.proxySid: policy.proxySid must be a string (a SID or "system"), got 18']],
    ['bad value', { policy: { inboundPort: 0 } }, ['policy.inboundPort: policy.inboundPort: inbound proxy port "0" is out of range: ports are 1-65535']],
    [
      'bad values, all at once',
      { policy: { outboundExcludeIps: '10.0.0.1/8', proxyUid: 'envoy' } },
      [
        'policy.proxyUid: policy.proxyUid: proxy UID "envoy" is not a numeric id (0-4294967294)',
        'policy.outboundExcludeIps: policy.outboundExcludeIps: outbound excluded address "10.0.0.1/8" has host bits set: did you mean 10.0.0.0/8?',
      ],
    ],
    [
      'profiles not a list',
      { profiles: 'istio' },
      ['profiles: profiles must be a list of profile names (hcnproxyctl, istio, linkerd, kuma, consul, osm), got "istio"'],
    ],
    [
      'unknown profile',
      { profiles: ['istio', 'ambient', 3] },
      [
        'profiles: profiles: "ambient" is not a profile (hcnproxyctl, istio, linkerd, kuma, consul, osm)',
        'profiles: profiles: 3 is not a profile (hcnproxyctl, istio, linkerd, kuma, consul, osm)',
      ],
    ],
    ['profile twice', { profiles: ['kuma', 'kuma'] }, ['profiles: profiles: "kuma" is listed twice']],
    ['allowPodOverrides as text', { allowPodOverrides: 'true' }, ['allowPodOverrides: allowPodOverrides must be true or false, got "true"']],
    [
      'several keys wrong',
      { policy: { dnsCapturePort: [53] }, allowPodOverrides: 1 },
      [
        'policy.dnsCapturePort: policy.dnsCapturePort must be a number or a string, got [53]',
        'allowPodOverrides: allowPodOverrides must be true or false, got 1',
      ],
    ],
  ];
  it.each(bad)('rejects %s', (_name, raw, issues) => {
    expect(issuesOf(raw)).toEqual(issues);
  });
});
