// The semantics of each HCN call, run directly against the pure simulator (no sockets, no C).
import { beforeEach, describe, expect, it } from 'vitest';
import { sampleSeed } from '../../support/hns-sim.js';
import { HR } from '../../support/hns-sim/errors.js';
import { guidToBytes } from '../../support/hns-sim/guid.js';
import { hcnCall } from '../../support/hns-sim/hcn.js';
import { parseSeed } from '../../support/hns-sim/seed.js';
import { createSim } from '../../support/hns-sim/sim.js';
import type { Sim } from '../../support/hns-sim/sim.js';
import { guid, handle, wstr } from '../../support/hns-sim/wire.js';
import type { HcnResponse, WireValue } from '../../support/hns-sim/wire.js';

const seed = sampleSeed();
const [EP_A1, EP_A2, EP_B] = seed.Endpoints.map((e) => e.ID) as [string, string, string];
const [NS_A, NS_B] = seed.Namespaces.map((n) => n.ID) as [string, string];
const UNKNOWN = '01234567-89ab-cdef-0123-456789abcdef';
const PROXY = {
  Type: 'L4WFPPROXY',
  Settings: { InboundProxyPort: '15006', OutboundProxyPort: '15001', FilterTuple: { Protocols: '6' }, UserSID: 'S-1-5-32-556' },
};

let sim: Sim;
beforeEach(() => {
  sim = createSim(parseSeed(seed));
});

const call = (name: string, ...args: WireValue[]): HcnResponse => hcnCall(sim, name, args);
const query = (filter?: object): WireValue =>
  wstr(JSON.stringify({ SchemaVersion: { Major: 2, Minor: 0 }, Flags: 0, Filter: filter ? JSON.stringify(filter) : '' }));
const str = (v: WireValue | undefined): string => {
  if (v == null || v.type !== 'wstr') throw new Error(`expected a string out-parameter, got ${JSON.stringify(v)}`);
  return v.value;
};
const json = (v: WireValue | undefined): any => JSON.parse(str(v));

function ok(res: HcnResponse): WireValue[] {
  expect(res.hresult, res.outs.map((o) => (o?.type === 'wstr' ? o.value : '')).join(' ')).toBe(0);
  return res.outs;
}

/** Asserts a failure with an error record in out-parameter `at`; returns the record's Error text. */
function failed(res: HcnResponse, hresult: number, at: number): string {
  expect(res.hresult >>> 0).toBe(hresult);
  res.outs.forEach((o, i) => {
    if (i !== at) expect(o).toBeNull();
  });
  const record = json(res.outs[at]);
  expect(record).toMatchObject({ Success: false, ErrorCode: hresult });
  return record.Error;
}

function open(id: string): WireValue {
  const [h, record] = ok(call('HcnOpenEndpoint', guid(guidToBytes(id))));
  expect(record).toBeNull();
  expect(h?.type).toBe('handle');
  return h!;
}

function modify(h: WireValue, request: object | string): HcnResponse {
  return call('HcnModifyEndpoint', h, wstr(typeof request === 'string' ? request : JSON.stringify(request)));
}

const policies = (id: string): unknown[] => {
  const h = open(id);
  const props = json(ok(call('HcnQueryEndpointProperties', h, null))[0]);
  ok(call('HcnCloseEndpoint', h));
  return props.Policies;
};

describe('HcnEnumerateEndpoints', () => {
  it('NULL, empty and filterless queries list every endpoint in seed order', () => {
    for (const q of [null, wstr(''), query(), wstr('{}')]) {
      const [list, record] = ok(call('HcnEnumerateEndpoints', q));
      expect(json(list)).toEqual([EP_A1, EP_A2, EP_B]);
      expect(record).toBeNull();
    }
  });

  it('filters by ID (case-insensitive, returned as stored), Name, namespace and network', () => {
    expect(json(ok(call('HcnEnumerateEndpoints', query({ ID: EP_A2.toUpperCase() })))[0])).toEqual([EP_A2]);
    expect(json(ok(call('HcnEnumerateEndpoints', query({ Name: seed.Endpoints[2]!.Name })))[0])).toEqual([EP_B]);
    expect(json(ok(call('HcnEnumerateEndpoints', query({ HostComputeNamespace: NS_A })))[0])).toEqual([EP_A1, EP_A2]);
    expect(json(ok(call('HcnEnumerateEndpoints', query({ HostComputeNetwork: seed.Networks[0]!.ID, HostComputeNamespace: NS_B })))[0])).toEqual([EP_B]);
    expect(json(ok(call('HcnEnumerateEndpoints', query({ ID: UNKNOWN })))[0])).toEqual([]);
  });

  it.each([
    ['not JSON', '{"Filter":', 'invalid HostComputeQuery: not JSON'],
    ['not an object', '[]', 'must be a JSON object'],
    ['Filter as an object', JSON.stringify({ Filter: { ID: EP_A1 } }), 'Filter must be a string holding JSON'],
    ['Filter not JSON', JSON.stringify({ Filter: '{ID:1}' }), 'Filter is not JSON'],
    ['unsupported filter key', JSON.stringify({ Filter: JSON.stringify({ MacAddress: 'x' }) }), 'unsupported Filter key MacAddress'],
    ['ID not a GUID', JSON.stringify({ Filter: JSON.stringify({ ID: 'ep' }) }), 'Filter.ID "ep" is not a GUID'],
    ['bad Flags', JSON.stringify({ Flags: 2 }), 'Flags must be 0 or 1'],
    ['unknown key', JSON.stringify({ Filters: '' }), 'unknown key Filters'],
  ])('malformed query (%s) → E_INVALIDARG with a record', (_name, q, message) => {
    expect(failed(call('HcnEnumerateEndpoints', wstr(q)), HR.E_INVALIDARG, 1)).toContain(message);
  });
});

describe('HcnOpenEndpoint / HcnQueryEndpointProperties / HcnCloseEndpoint', () => {
  it('opens by GUID bytes, returns the endpoint JSON, and closes', () => {
    const h = open(EP_A1.toUpperCase());
    expect(sim.handles.size).toBe(1);
    const [props, record] = ok(call('HcnQueryEndpointProperties', h, query({ ID: EP_A1 })));
    expect(record).toBeNull();
    expect(json(props)).toEqual({
      ID: EP_A1,
      Name: seed.Endpoints[0]!.Name,
      HostComputeNetwork: seed.Networks[0]!.ID,
      HostComputeNamespace: NS_A,
      Policies: seed.Endpoints[0]!.Policies,
      IpConfigurations: seed.Endpoints[0]!.IpConfigurations,
      MacAddress: seed.Endpoints[0]!.MacAddress,
      SchemaVersion: { Major: 2, Minor: 0 },
    });
    expect(ok(call('HcnCloseEndpoint', h))).toEqual([]);
    expect(sim.handles.size).toBe(0);
  });

  it('every open gets its own non-zero handle', () => {
    const a = open(EP_A1);
    const b = open(EP_A1);
    expect(a).not.toEqual(b);
    expect(a).not.toEqual(handle(0n));
  });

  it('unknown GUID → ERROR_NOT_FOUND "Element not found." and a NULL handle', () => {
    expect(failed(call('HcnOpenEndpoint', guid(guidToBytes(UNKNOWN))), HR.ERROR_NOT_FOUND, 1)).toBe('Element not found.');
    expect(sim.handles.size).toBe(0);
  });

  it('a namespace GUID is not an endpoint', () => {
    failed(call('HcnOpenEndpoint', guid(guidToBytes(NS_A))), HR.ERROR_NOT_FOUND, 1);
  });

  it('NULL GUID → E_POINTER', () => {
    failed(call('HcnOpenEndpoint', null), HR.E_POINTER, 1);
  });

  it('closed, unknown, zero and wrong-type handles → E_HANDLE', () => {
    const h = open(EP_A1);
    ok(call('HcnCloseEndpoint', h));
    failed(call('HcnQueryEndpointProperties', h, null), HR.E_HANDLE, 1);
    failed(call('HcnModifyEndpoint', handle(0n), wstr('{}')), HR.E_HANDLE, 0);
    expect(call('HcnCloseEndpoint', h)).toEqual({ hresult: HR.E_HANDLE, outs: [] });
    const ns = ok(call('HcnOpenNamespace', guid(guidToBytes(NS_A))))[0]!;
    failed(call('HcnQueryEndpointProperties', ns, null), HR.E_HANDLE, 1);
    expect(call('HcnCloseEndpoint', ns).hresult >>> 0).toBe(HR.E_HANDLE);
  });

  it('a malformed query on properties → E_INVALIDARG', () => {
    failed(call('HcnQueryEndpointProperties', open(EP_A1), wstr('nope')), HR.E_INVALIDARG, 1);
  });
});

describe('HcnModifyEndpoint', () => {
  const add = (...p: object[]): object => ({ ResourceType: 'Policy', RequestType: 'Add', Settings: { Policies: p } });
  const remove = (...p: object[]): object => ({ ResourceType: 'Policy', RequestType: 'Remove', Settings: { Policies: p } });

  it('Add appends an L4WFPPROXY after the existing policies; Remove takes exactly it away', () => {
    const h = open(EP_A1);
    expect(ok(modify(h, add(PROXY)))).toEqual([null]);
    expect(policies(EP_A1)).toEqual([...seed.Endpoints[0]!.Policies!, PROXY]);
    ok(modify(h, remove(PROXY)));
    expect(policies(EP_A1)).toEqual(seed.Endpoints[0]!.Policies);
  });

  it('Remove matches Settings structurally (key order does not matter)', () => {
    const h = open(EP_A2);
    ok(modify(h, add(PROXY)));
    const reordered = {
      Settings: { UserSID: 'S-1-5-32-556', FilterTuple: { Protocols: '6' }, OutboundProxyPort: '15001', InboundProxyPort: '15006' },
      Type: 'L4WFPPROXY',
    };
    ok(modify(h, remove(reordered)));
    expect(policies(EP_A2)).toEqual([]);
  });

  it('Remove of a policy that is not there → ERROR_NOT_FOUND and nothing removed', () => {
    const h = open(EP_A1);
    ok(modify(h, add(PROXY)));
    const other = { ...PROXY, Settings: { ...PROXY.Settings, InboundExceptions: {} } };
    expect(failed(modify(h, remove(PROXY, other)), HR.ERROR_NOT_FOUND, 0)).toContain('no L4WFPPROXY policy with these Settings');
    expect(policies(EP_A1)).toHaveLength(2);
  });

  it('a second L4WFPPROXY → ERROR_ALREADY_EXISTS (one proxy per endpoint)', () => {
    const h = open(EP_B);
    ok(modify(h, add(PROXY)));
    expect(failed(modify(h, add({ Type: 'L4WFPPROXY', Settings: { Port: '1' } })), HR.ERROR_ALREADY_EXISTS, 0)).toBe(
      'an L4WFPPROXY policy already exists on this endpoint (one proxy per endpoint)',
    );
    const h2 = open(EP_A2);
    failed(modify(h2, add(PROXY, PROXY)), HR.ERROR_ALREADY_EXISTS, 0);
    expect(policies(EP_A2)).toEqual([]);
  });

  it('a failed Add changes nothing, even when earlier policies in the list were fine', () => {
    const h = open(EP_A2);
    const nat = { Type: 'OutBoundNAT', Settings: { Exceptions: [] } };
    expect(failed(modify(h, add(nat, { Type: 'L4WFPPROXY', Settings: { Port: '0' } })), HR.E_INVALIDARG, 0)).toContain('Port "0" is not a port');
    expect(policies(EP_A2)).toEqual([]);
  });

  it('L4WFPPROXY needs HNS 13.2: older versions do not know the type', () => {
    sim.state.version = { Major: 13, Minor: 1 };
    expect(failed(modify(open(EP_A1), add(PROXY)), HR.E_INVALIDARG, 0)).toBe('unknown policy type L4WFPPROXY');
    sim.state.version = { Major: 14, Minor: 0 };
    ok(modify(open(EP_A2), add(PROXY)));
  });

  it('other known policy types are stored untouched; unknown types are refused', () => {
    const h = open(EP_A2);
    const acl = { Type: 'ACL', Settings: { Protocols: '6', Action: 'Block', Direction: 'In', Priority: 200, Anything: [1, { x: null }] } };
    ok(modify(h, add(acl, { Type: 'QOS' })));
    expect(policies(EP_A2)).toEqual([acl, { Type: 'QOS' }]);
    expect(failed(modify(h, add({ Type: 'L4WfpProxy', Settings: {} })), HR.E_INVALIDARG, 0)).toBe('unknown policy type L4WfpProxy');
  });

  it('Update replaces the policy of the same type; missing → ERROR_NOT_FOUND', () => {
    const h = open(EP_A1);
    const update = (p: object): object => ({ ResourceType: 'Policy', RequestType: 'Update', Settings: { Policies: [p] } });
    failed(modify(h, update(PROXY)), HR.ERROR_NOT_FOUND, 0);
    ok(modify(h, add(PROXY)));
    const next = { Type: 'L4WFPPROXY', Settings: { Port: '4140' } };
    ok(modify(h, update(next)));
    expect(policies(EP_A1)).toEqual([...seed.Endpoints[0]!.Policies!, next]);
    expect(failed(modify(h, update({ Type: 'L4WFPPROXY', Settings: { Port: 'x' } })), HR.E_INVALIDARG, 0)).toContain('Port "x"');
  });

  it('Refresh is a successful no-op', () => {
    ok(modify(open(EP_A1), { ResourceType: 'Policy', RequestType: 'Refresh' }));
    expect(policies(EP_A1)).toEqual(seed.Endpoints[0]!.Policies);
  });

  it('an empty Remove list succeeds and removes nothing', () => {
    ok(modify(open(EP_A1), remove()));
    expect(policies(EP_A1)).toEqual(seed.Endpoints[0]!.Policies);
  });

  it.each<[string, object | string, number, string]>([
    ['NULL-like empty settings', '', HR.E_INVALIDARG, 'settings are missing'],
    ['not JSON', '{"ResourceType":', HR.E_INVALIDARG, 'not JSON'],
    ['missing ResourceType', { RequestType: 'Add', Settings: { Policies: [] } }, HR.E_INVALIDARG, 'ResourceType is missing'],
    ['other ResourceType', { ResourceType: 'Port', RequestType: 'Add', Settings: {} }, HR.E_NOTIMPL, 'ResourceType Port is not implemented'],
    [
      'bad RequestType',
      { ResourceType: 'Policy', RequestType: 'Delete', Settings: { Policies: [] } },
      HR.E_INVALIDARG,
      'RequestType must be one of Add, Remove, Update, Refresh',
    ],
    [
      'Settings as a string',
      { ResourceType: 'Policy', RequestType: 'Add', Settings: JSON.stringify({ Policies: [PROXY] }) },
      HR.E_INVALIDARG,
      'Settings must be an object',
    ],
    ['no Policies', { ResourceType: 'Policy', RequestType: 'Add', Settings: {} }, HR.E_INVALIDARG, 'Settings.Policies must be an array'],
    [
      'policy Settings as a string',
      { ResourceType: 'Policy', RequestType: 'Add', Settings: { Policies: [{ Type: 'L4WFPPROXY', Settings: '{"Port":"1"}' }] } },
      HR.E_INVALIDARG,
      'Settings.Policies[0].Settings must be an object (embedded JSON, not a string)',
    ],
    [
      'policy without Type',
      { ResourceType: 'Policy', RequestType: 'Add', Settings: { Policies: [{ Settings: {} }] } },
      HR.E_INVALIDARG,
      'Settings.Policies[0].Type is missing',
    ],
    ['unknown request key', { ResourceType: 'Policy', RequestType: 'Add', Settings: { Policies: [] }, Force: true }, HR.E_INVALIDARG, 'unknown key Force'],
  ])('%s', (_name, request, hresult, message) => {
    expect(failed(modify(open(EP_A1), request), hresult, 0)).toContain(message);
    expect(policies(EP_A1)).toEqual(seed.Endpoints[0]!.Policies);
  });

  it('NULL settings → E_INVALIDARG', () => {
    failed(call('HcnModifyEndpoint', open(EP_A1), null), HR.E_INVALIDARG, 0);
  });
});

describe('namespaces', () => {
  it('enumerates, filters by ID, and shows derived Endpoint resources', () => {
    expect(json(ok(call('HcnEnumerateNamespaces', null))[0])).toEqual([NS_A, NS_B]);
    expect(json(ok(call('HcnEnumerateNamespaces', query({ ID: NS_B.toUpperCase() })))[0])).toEqual([NS_B]);
    failed(call('HcnEnumerateNamespaces', query({ Name: 'x' })), HR.E_INVALIDARG, 1);
    const h = ok(call('HcnOpenNamespace', guid(guidToBytes(NS_A))))[0]!;
    expect(json(ok(call('HcnQueryNamespaceProperties', h, null))[0])).toEqual({
      ID: NS_A,
      NamespaceId: 3,
      Type: 'HostDefault',
      Resources: [
        { Type: 'Endpoint', Data: { ID: EP_A1 } },
        { Type: 'Endpoint', Data: { ID: EP_A2 } },
      ],
      SchemaVersion: { Major: 2, Minor: 0 },
    });
    ok(call('HcnCloseNamespace', h));
    expect(call('HcnCloseNamespace', h).hresult >>> 0).toBe(HR.E_HANDLE);
  });

  it('unknown namespace → ERROR_NOT_FOUND', () => {
    expect(failed(call('HcnOpenNamespace', guid(guidToBytes(EP_A1))), HR.ERROR_NOT_FOUND, 1)).toBe('Element not found.');
  });
});

describe('HNSCall', () => {
  it('GET /globals/version answers the simulated version', () => {
    expect(json(ok(call('HNSCall', wstr('GET'), wstr('/globals/version'), null))[0])).toEqual({ Success: true, Error: '', Output: { Major: 13, Minor: 2 } });
  });

  it('anything else fails in the response with HRESULT 0', () => {
    const [res] = ok(call('HNSCall', wstr('GET'), wstr('/endpoints/'), wstr('')));
    expect(json(res)).toMatchObject({ Success: false, Error: expect.stringContaining('not supported by the simulator') });
  });
});

describe('bookkeeping', () => {
  it('counts every call by function name, failures and unknown functions included', () => {
    call('HcnEnumerateEndpoints', null);
    call('HcnOpenEndpoint', guid(guidToBytes(UNKNOWN)));
    call('HcnOpenEndpoint', guid(guidToBytes(EP_A1)));
    expect(call('HcnDeleteEndpoint', null)).toEqual({ hresult: HR.E_NOTIMPL, outs: [] });
    expect(Object.fromEntries(sim.counts)).toEqual({ HcnEnumerateEndpoints: 1, HcnOpenEndpoint: 2, HcnDeleteEndpoint: 1 });
  });

  it('arguments that do not match the signature → E_INVALIDARG', () => {
    failed(call('HcnOpenEndpoint', wstr(EP_A1)), HR.E_INVALIDARG, 1);
    failed(call('HcnEnumerateEndpoints'), HR.E_INVALIDARG, 1);
  });

  it('an injected fault fails the next matching calls, changes nothing, and still counts', () => {
    const h = open(EP_A1);
    sim.faults.push({ fn: 'HcnModifyEndpoint', hresult: 0x80070005, delayMs: 0, record: 'Access is denied.', remaining: 2, skip: 0 });
    const add = { ResourceType: 'Policy', RequestType: 'Add', Settings: { Policies: [PROXY] } };
    expect(failed(modify(h, add), 0x80070005, 0)).toBe('Access is denied.');
    expect(failed(modify(h, add), 0x80070005, 0)).toBe('Access is denied.');
    expect(policies(EP_A1)).toHaveLength(1);
    ok(modify(h, add));
    expect(sim.counts.get('HcnModifyEndpoint')).toBe(3);
  });

  it('a delayed call (HNS busy) is answered late and goes through; with an hresult it fails late', () => {
    const h = open(EP_A1);
    sim.faults.push({ fn: 'HcnModifyEndpoint', hresult: undefined, delayMs: 150, record: undefined, remaining: 1, skip: 0 });
    const add = { ResourceType: 'Policy', RequestType: 'Add', Settings: { Policies: [PROXY] } };
    let t0 = Date.now();
    ok(modify(h, add));
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    expect(policies(EP_A1)).toHaveLength(2);
    sim.faults.push({ fn: 'HcnModifyEndpoint', hresult: 0x80070005, delayMs: 150, record: undefined, remaining: 1, skip: 0 });
    t0 = Date.now();
    failed(modify(h, add), 0x80070005, 0);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
  });

  it('a "*" fault hits any function; HNSCall carries its record in the response', () => {
    sim.faults.push({ fn: '*', hresult: 0x803b0001, delayMs: 0, record: undefined, remaining: 1, skip: 0 });
    const res = call('HNSCall', wstr('GET'), wstr('/globals/version'), null);
    expect(res.hresult >>> 0).toBe(0x803b0001);
    expect(json(res.outs[0])).toEqual({ Success: false, Error: 'hns-sim: injected fault in HNSCall', ErrorCode: 0x803b0001 });
    ok(call('HNSCall', wstr('GET'), wstr('/globals/version'), null));
  });
});
