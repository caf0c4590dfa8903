import { describe, expect, it } from 'vitest';
import { checkHnsLimits, parseL4WfpProxy, renderL4WfpProxy, sameL4WfpProxy } from '../../../src/hns/model.js';
import { buildPolicy, PolicyError, type PolicyInput } from '../../../src/policy/index.js';
import { expectGolden } from '../../support/golden.js';

const render = (input: PolicyInput) => JSON.stringify(renderL4WfpProxy(buildPolicy(input)));

/** The original tool's README example, with its out-of-range port exceptions 90001/90002 corrected to 9001/9002. */
const README_EXAMPLE: PolicyInput = {
  inboundPort: '9091',
  outboundPort: '9191',
  proxySid: 'S-1-5-32-556',
  excludePorts: '9001,9002',
  excludeIps: '127.0.0.1',
};

const cases: [string, PolicyInput][] = [
  ['readme-example', README_EXAMPLE],
  ['original-port-only', { port: '8000', proxySid: 'S-1-5-21-1688553208-1784504425-564974220-1000' }],
  ['inbound-only', { inboundPort: 15006 }],
  [
    'istio-like',
    { inboundPort: 15006, outboundPort: 15001, proxySid: 'S-1-5-32-556', inboundExcludePorts: '15020,15021,15090', outboundExcludeIps: '127.0.0.1' },
  ],
  [
    'linkerd-k2s',
    { inboundPort: 4143, outboundPort: 4140, proxySid: 'S-1-5-32-556', inboundExcludePorts: '4190,4191,4567,4568', outboundExcludePorts: '4567,4568' },
  ],
  [
    'filter-tuple',
    { port: 8000, proxySid: 'system', localAddresses: '10.0.0.5', remoteAddresses: '10.1.0.0/16', localPorts: '80', remotePorts: '8000-8100', priority: 100 },
  ],
  ['port-range-expanded', { outboundPort: 15001, outboundExcludePorts: '9000-9003' }],
  // The original passed --localports/--remoteports through to HNS: lists of ports and ranges.
  ['filter-tuple-lists', { port: 8000, localPorts: '443,80', remotePorts: '8000-8100,9000' }],
  ['port-overridden', { port: 8000, outboundPort: 15001 }],
  ['port-inbound-none', { port: 8000, inboundPort: 'none' }],
];

describe('L4WFPPROXY rendering (golden)', () => {
  it.each(cases)('%s', (name, input) => {
    expectGolden(`hns/${name}.policy.json`, `${render(input)}\n`);
  });

  it('renders the ModifyEndpoint request for the README example byte for byte', () => {
    const request = { ResourceType: 'Policy', RequestType: 'Add', Settings: { Policies: [renderL4WfpProxy(buildPolicy(README_EXAMPLE))] } };
    expectGolden('hns/readme-example.modify.json', `${JSON.stringify(request)}\n`);
  });

  it("equals hcsshim's own serialisation, empty exception structs included (the Windows CNI's test vector)", () => {
    // windows-container-networking's GetHcnL4WFPProxyPolicy test: what json.Marshal of hcsshim's
    // L4WfpProxyPolicySetting gives for these fields.
    const settings = renderL4WfpProxy(buildPolicy({ inboundPort: 15003, outboundPort: 15001, proxySid: 'S-1-5-32-556' })).Settings;
    expect(JSON.stringify(settings)).toBe(
      '{"InboundProxyPort":"15003","OutboundProxyPort":"15001","FilterTuple":{"Protocols":"6"},"UserSID":"S-1-5-32-556","InboundExceptions":{},"OutboundExceptions":{}}',
    );
  });
});

describe('L4WFPPROXY parsing', () => {
  it.each(cases)('%s survives render → parse → render', (_name, input) => {
    const rendered = renderL4WfpProxy(buildPolicy(input));
    expect(JSON.stringify(renderL4WfpProxy(parseL4WfpProxy(rendered.Settings)))).toBe(JSON.stringify(rendered));
  });

  it("reads hcsshim's serialisation (empty structs as {}) as the same policy", () => {
    const hcsshim = {
      InboundProxyPort: '15003',
      OutboundProxyPort: '15001',
      FilterTuple: { Protocols: '6' },
      UserSID: 'S-1-5-32-556',
      InboundExceptions: {},
      OutboundExceptions: {},
    };
    const ours = buildPolicy({ inboundPort: 15003, outboundPort: 15001, proxySid: 'S-1-5-32-556' });
    expect(sameL4WfpProxy(parseL4WfpProxy(hcsshim), ours)).toBe(true);
  });

  it('reads the older single Port field as both directions (hcsshim turned Port into both fields)', () => {
    const p = parseL4WfpProxy({ Port: '8000', FilterTuple: { Protocols: '6' } });
    expect([p.inboundPort, p.outboundPort]).toEqual([8000, 8000]);
    expect(sameL4WfpProxy(p, buildPolicy({ port: 8000 }))).toBe(true);
  });

  it('reads comma lists in the filter tuple (what the original tool stored)', () => {
    const p = parseL4WfpProxy({ OutboundProxyPort: '15001', FilterTuple: { Protocols: '6', LocalPorts: '80,443', RemotePorts: '8000-8100,9000' } });
    expect(p.filter).toEqual({ localPorts: '80,443', remotePorts: '8000-8100,9000' });
    expect(sameL4WfpProxy(p, buildPolicy({ outboundPort: 15001, localPorts: '80, 443', remotePorts: ['8000-8100', 9000] }))).toBe(true);
  });

  it('rejects settings that do not validate, naming the problem', () => {
    expect(() => parseL4WfpProxy({ OutboundProxyPort: '15001', InboundExceptions: { PortExceptions: ['90001'] } })).toThrow(
      'inbound excluded port "90001" is out of range: ports are 1-65535',
    );
  });
});

describe('HNS limits', () => {
  const limit = (input: PolicyInput) => {
    try {
      checkHnsLimits(buildPolicy(input));
    } catch (e) {
      expect(e).toBeInstanceOf(PolicyError);
      return (e as PolicyError).message;
    }
    return 'no error';
  };

  it('states IPv4-only for IPv6 exceptions and filter addresses', () => {
    expect(limit({ port: 1, outboundExcludeIps: 'fd00::1' })).toBe(
      'fd00::1 is IPv6: HNS L4WFPPROXY redirects TCP over IPv4 only (IPv6 is not supported on Windows)',
    );
    expect(limit({ port: 1, remoteAddresses: '2001:db8::/32' })).toContain('2001:db8::/32 is IPv6');
  });

  it('refuses Linux-only options', () => {
    expect(limit({ port: 1, outboundIncludeIps: '10.0.0.0/8' })).toContain('outbound included addresses cannot be expressed on Windows');
    expect(limit({ port: 1, inboundIncludePorts: '80' })).toContain('inbound included ports cannot be expressed on Windows');
    expect(limit({ port: 1, dnsCapturePort: 15053 })).toBe('DNS capture is Linux-only: HNS L4WFPPROXY redirects TCP over IPv4 only');
  });

  it('caps expanded port exceptions', () => {
    expect(limit({ port: 1, outboundExcludePorts: '1000-2000' })).toContain('1001 excluded ports after expanding ranges');
  });

  it('rendering checks the limits too', () => {
    expect(() => renderL4WfpProxy(buildPolicy({ port: 1, excludeIps: '::1' }))).toThrow(PolicyError);
  });
});
