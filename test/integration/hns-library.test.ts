// The typed library API through real koffi FFI into the HCN C double (simulator in its own process:
// koffi calls block, so it can never run in this process).
import koffi from 'koffi';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openHns, type Hns, HnsError } from '../../src/hns/index.js';
import { buildPolicy } from '../../src/policy/index.js';
import { sampleSeed, startHnsSim } from '../support/hns-sim.js';

type Sim = Awaited<ReturnType<typeof startHnsSim>>;

const seed = sampleSeed();
const [EP_A1, EP_A2, EP_B] = seed.Endpoints.map((e) => e.ID as string) as [string, string, string];
const NS_A = seed.Endpoints[0]!.HostComputeNamespace as string;

let sim: Sim;
let hns: Hns;
let outstanding: () => number;

beforeAll(async () => {
  sim = await startHnsSim(seed);
  // The double reads HCNPROXYCTL_HNS_SIM from the process environment at each call, as a real
  // computenetwork.dll would read nothing from us: set it for this (forked) test process.
  Object.assign(process.env, sim.env);
  hns = openHns();
  const lib = koffi.load(sim.env.HCNPROXYCTL_HCN_DLL!);
  const f = lib.func('int64_t HcnDoubleOutstandingAllocations(void)');
  outstanding = () => Number(f());
});
afterAll(async () => {
  await sim?.stop();
});
beforeEach(async () => {
  await sim.control({ op: 'reset', state: seed });
});

function hnsError(fn: () => unknown): HnsError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(HnsError);
    return e as HnsError;
  }
  throw new Error('expected an HnsError');
}

describe('HNS backend through koffi and the HCN double', () => {
  it('reads the HNS version and checks L4WFPPROXY support', () => {
    expect(hns.version()).toEqual({ Major: 13, Minor: 2 });
    expect(hns.checkL4WfpProxySupport()).toEqual({ Major: 13, Minor: 2 });
  });

  it('lists endpoints and finds them by namespace and by name', () => {
    expect(
      hns
        .listEndpoints()
        .map((e) => e.ID)
        .sort(),
    ).toEqual([EP_A1, EP_A2, EP_B].sort());
    expect(hns.namespaceEndpointIds(NS_A).sort()).toEqual([EP_A1, EP_A2].sort());
    const name = seed.Endpoints[2]!.Name as string;
    expect(hns.findEndpointsByName(name).map((e) => e.ID)).toEqual([EP_B]);
    expect(hns.getEndpoint(EP_A1.toUpperCase()).ID.toLowerCase()).toBe(EP_A1.toLowerCase());
  });

  it('add is idempotent, conflicts on a different policy, and replaces on request', async () => {
    const p1 = buildPolicy({ inboundPort: 15006, outboundPort: 15001, proxySid: 'S-1-5-32-556', inboundExcludePorts: '15020,15021' });
    const p2 = buildPolicy({ outboundPort: 4140, proxySid: 'S-1-5-32-556' });
    expect(hns.addProxyPolicy(EP_A2, p1)).toBe('added');
    expect(hns.addProxyPolicy(EP_A2, p1)).toBe('unchanged');
    const conflict = hnsError(() => hns.addProxyPolicy(EP_A2, p2));
    expect(conflict.code).toBe('CONFLICT');
    expect(conflict.message).toContain('"InboundProxyPort":"15006"');
    expect(conflict.message).toContain('"OutboundProxyPort":"4140"');
    expect(hns.addProxyPolicy(EP_A2, p2, { replace: true })).toBe('replaced');
    const listed = hns.listProxyPolicies(EP_A2);
    expect(listed).toHaveLength(1);
    expect(listed[0]!.policy?.outboundPort).toBe(4140);
    expect(hns.clearProxyPolicies(EP_A2)).toBe(1);
    expect(hns.listProxyPolicies(EP_A2)).toEqual([]);
  });

  it('a failed replace puts the old policy back', async () => {
    const old = buildPolicy({ outboundPort: 15001, proxySid: 'S-1-5-32-556' });
    expect(hns.addProxyPolicy(EP_A2, old)).toBe('added');
    // Let the Remove through, fail the Add of the new policy.
    await sim.control({ op: 'fault', fn: 'HcnModifyEndpoint', hresult: 0x80070005, skip: 1, times: 1 });
    const e = hnsError(() => hns.addProxyPolicy(EP_A2, buildPolicy({ outboundPort: 4140 }), { replace: true }));
    expect(e.code).toBe('ACCESS_DENIED');
    const listed = hns.listProxyPolicies(EP_A2);
    expect(listed).toHaveLength(1);
    expect(listed[0]!.policy?.outboundPort).toBe(15001);
  });

  it("treats a policy written in hcsshim's form (empty structs as {}) as the same policy", async () => {
    const hcsshimForm = {
      Type: 'L4WFPPROXY',
      Settings: {
        InboundProxyPort: '15003',
        OutboundProxyPort: '15001',
        FilterTuple: { Protocols: '6' },
        UserSID: 'S-1-5-32-556',
        InboundExceptions: {},
        OutboundExceptions: {},
      },
    };
    const state = structuredClone(seed);
    state.Endpoints[1]!.Policies = [hcsshimForm];
    await sim.control({ op: 'reset', state });
    const before = (await sim.control({ op: 'counts' })) as { counts: Record<string, number> };
    expect(hns.addProxyPolicy(EP_A2, buildPolicy({ inboundPort: 15003, outboundPort: 15001, proxySid: 'S-1-5-32-556' }))).toBe('unchanged');
    const after = (await sim.control({ op: 'counts' })) as { counts: Record<string, number> };
    expect(after.counts.HcnModifyEndpoint ?? 0).toBe(before.counts.HcnModifyEndpoint ?? 0);
    // clear names the policy exactly as HNS holds it, so HNS finds it
    expect(hns.clearProxyPolicies(EP_A2)).toBe(1);
  });

  it('maps HNS faults to typed errors that keep the HRESULT and record', async () => {
    const missing = hnsError(() => hns.getEndpoint('01234567-89ab-cdef-0123-456789abcdef'));
    expect(missing).toMatchObject({ code: 'NOT_FOUND', hresult: 0x80070490 });
    expect(missing.record).toContain('Element not found.');

    await sim.control({ op: 'fault', fn: '*', hresult: 0x80070005, times: 1 });
    expect(hnsError(() => hns.listEndpoints())).toMatchObject({ code: 'ACCESS_DENIED', hresult: 0x80070005 });

    await sim.control({ op: 'version', Major: 12, Minor: 0 });
    const old = hnsError(() => hns.addProxyPolicy(EP_A1, buildPolicy({ port: 15001 })));
    expect(old.code).toBe('UNSUPPORTED');
    expect(old.message).toContain('HNS 12.0 does not support L4WFPPROXY');

    const badNs = hnsError(() => hns.namespaceEndpointIds('not-a-guid'));
    expect(badNs).toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('frees every out-string and closes every handle', async () => {
    const p = buildPolicy({ port: 15001 });
    for (let i = 0; i < 20; i++) {
      hns.addProxyPolicy(EP_B, p);
      hns.listProxyPolicies(EP_B);
      hns.clearProxyPolicies(EP_B);
      try {
        hns.getEndpoint('01234567-89ab-cdef-0123-456789abcdef');
      } catch {
        /* error records are freed too */
      }
    }
    expect(outstanding()).toBe(0);
    expect(await sim.control({ op: 'handles' })).toMatchObject({ handles: 0 });
  });
});
