import { describe, expect, it } from 'vitest';
import { checkL4WfpProxySettings } from '../../support/hns-sim/l4wfpproxy.js';

describe('L4WFPPROXY settings accepted', () => {
  it.each<[string, object]>([
    ['old single Port (original tool)', { Port: '15001', UserSID: 'S-1-5-18', FilterTuple: { Protocols: '6', Priority: 5 } }],
    [
      'hcsshim form with empty structs',
      {
        InboundProxyPort: '15003',
        OutboundProxyPort: '15001',
        FilterTuple: { Protocols: '6' },
        UserSID: 'S-1-5-32-556',
        InboundExceptions: {},
        OutboundExceptions: {},
      },
    ],
    [
      'README-like exceptions',
      {
        InboundProxyPort: '9091',
        OutboundProxyPort: '9191',
        UserSID: 'S-1-5-32-556',
        InboundExceptions: { IpAddressExceptions: ['127.0.0.1'], PortExceptions: ['9001', '9002'] },
        OutboundExceptions: { IpAddressExceptions: ['127.0.0.1', '10.0.0.0/8'] },
      },
    ],
    [
      'filter addresses and port ranges',
      {
        OutboundProxyPort: '4140',
        FilterTuple: { LocalAddresses: '10.244.1.12', RemoteAddresses: '10.0.0.0/8,192.168.0.1', LocalPorts: '80', RemotePorts: '1000-2000,443' },
      },
    ],
    ['full user SID', { Port: '1', UserSID: 'S-1-5-21-3623811015-3361044348-30300820-1013' }],
    ['port 65535', { InboundProxyPort: '65535' }],
  ])('%s', (_name, settings) => {
    expect(checkL4WfpProxySettings(settings)).toBeNull();
  });
});

describe('L4WFPPROXY settings rejected', () => {
  it.each<[string, unknown, string]>([
    ['not an object', '{"Port":"1"}', 'Settings must be an object'],
    ['no port', { UserSID: 'S-1-5-18' }, 'needs at least one of InboundProxyPort, OutboundProxyPort, Port'],
    ['port 0', { Port: '0' }, 'Port "0" is not a port (1-65535)'],
    ['port 65536', { InboundProxyPort: '65536' }, 'InboundProxyPort "65536" is not a port'],
    ['port as a number', { OutboundProxyPort: 15001 }, 'OutboundProxyPort must be a string'],
    ['port with a sign', { Port: '+80' }, 'is not a port'],
    ['UDP', { Port: '1', FilterTuple: { Protocols: '17' } }, 'FilterTuple.Protocols "17" is not supported: TCP ("6") only'],
    [
      'IPv6 exception',
      { Port: '1', InboundExceptions: { IpAddressExceptions: ['::1'] } },
      'InboundExceptions.IpAddressExceptions: "::1" is IPv6; L4WFPPROXY supports IPv4 only',
    ],
    ['IPv6 remote address', { Port: '1', FilterTuple: { RemoteAddresses: '10.0.0.1,fd00::/8' } }, 'FilterTuple.RemoteAddresses: "fd00::/8" is IPv6'],
    ['bad IPv4', { Port: '1', OutboundExceptions: { IpAddressExceptions: ['10.0.0.300'] } }, '"10.0.0.300" is not an IPv4 address'],
    ['bad prefix', { Port: '1', OutboundExceptions: { IpAddressExceptions: ['10.0.0.0/33'] } }, '"10.0.0.0/33" is not an IPv4 address'],
    [
      'README port exception 90001',
      { Port: '1', InboundExceptions: { PortExceptions: ['90001'] } },
      'InboundExceptions.PortExceptions[] "90001" is not a port',
    ],
    [
      'port exceptions not an array',
      { Port: '1', OutboundExceptions: { PortExceptions: '80' } },
      'OutboundExceptions.PortExceptions must be an array of strings',
    ],
    ['reversed range', { Port: '1', FilterTuple: { LocalPorts: '200-100' } }, 'is not a port or port range'],
    ['priority too big', { Port: '1', FilterTuple: { Priority: 70000 } }, 'FilterTuple.Priority 70000 must be an integer 0-65535'],
    ['bad SID', { Port: '1', UserSID: 'system' }, 'UserSID "system" is not a SID'],
    ['lower-case SID', { Port: '1', UserSID: 's-1-5-18' }, 'is not a SID'],
    ['unknown setting', { Port: '1', ProxyPort: '2' }, 'unknown setting ProxyPort'],
    ['unknown FilterTuple key', { Port: '1', FilterTuple: { Protocol: '6' } }, 'unknown setting FilterTuple.Protocol'],
    ['unknown exceptions key', { Port: '1', InboundExceptions: { Ports: [] } }, 'unknown setting InboundExceptions.Ports'],
  ])('%s', (_name, settings, message) => {
    const problem = checkL4WfpProxySettings(settings);
    expect(problem).toMatch(/^L4WFPPROXY: /);
    expect(problem).toContain(message);
  });
});
