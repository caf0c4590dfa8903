// Every HCN request we build, byte for byte as hcsshim would marshal it (golden files): the queries
// (hcsshim's HostComputeQuery: Flags and Filter are omitempty, the filter map's keys sorted) and the
// ModifyEndpoint Add/Remove requests (ModifyEndpointSettingRequest + PolicyEndpointRequest).
import { describe, expect, it } from 'vitest';
import { policyRequest, queryFor } from '../../../src/hns/schema.js';
import { buildPolicy } from '../../../src/policy/index.js';
import { renderL4WfpProxy } from '../../../src/hns/model.js';
import { expectGolden } from '../../support/golden.js';

const ENDPOINT = '93f86a7f-e361-4362-b8a4-81bbb6a622dd';
const policy = renderL4WfpProxy(buildPolicy({ inboundPort: 15006, outboundPort: 15001, proxySid: 'S-1-5-32-556', inboundExcludePorts: '15020,15021,15090' }));

describe('HCN requests (golden, as hcsshim marshals them)', () => {
  it('the default query: schema 2.0, no Flags', () => {
    expectGolden('hns/query-default.json', `${JSON.stringify(queryFor())}\n`);
    expect(JSON.stringify(queryFor())).toBe('{"SchemaVersion":{"Major":2,"Minor":0}}');
  });

  it('a filtered query: the filter a JSON string with sorted keys', () => {
    expectGolden('hns/query-filter-id.json', `${JSON.stringify(queryFor({ ID: ENDPOINT }))}\n`);
    expect(queryFor({ Name: 'x', ID: ENDPOINT }).Filter).toBe(`{"ID":"${ENDPOINT}","Name":"x"}`);
  });

  it('ModifyEndpoint Add and Remove of the L4WFPPROXY policy', () => {
    for (const RequestType of ['Add', 'Remove'] as const) {
      expectGolden(`hns/modify-${RequestType.toLowerCase()}.json`, `${JSON.stringify(policyRequest(RequestType, [policy]))}\n`);
    }
  });
});
