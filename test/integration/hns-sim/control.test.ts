import { beforeEach, describe, expect, it } from 'vitest';
import { sampleSeed } from '../../support/hns-sim.js';
import { control, parseHresult } from '../../support/hns-sim/control.js';
import { guidToBytes } from '../../support/hns-sim/guid.js';
import { hcnCall } from '../../support/hns-sim/hcn.js';
import { parseSeed } from '../../support/hns-sim/seed.js';
import { createSim } from '../../support/hns-sim/sim.js';
import type { Sim } from '../../support/hns-sim/sim.js';
import { dumpState } from '../../support/hns-sim/state.js';
import { guid } from '../../support/hns-sim/wire.js';

const seed = sampleSeed();
let sim: Sim;
beforeEach(() => {
  sim = createSim(parseSeed(seed));
});

const openA1 = (): number => hcnCall(sim, 'HcnOpenEndpoint', [guid(guidToBytes(seed.Endpoints[0]!.ID))]).hresult;

describe('control ops', () => {
  it('dump returns the seed-shaped state', () => {
    expect(control(sim, { op: 'dump' })).toEqual({ ok: true, state: dumpState(parseSeed(seed)) });
  });

  it('counts and handles', () => {
    openA1();
    openA1();
    expect(control(sim, { op: 'counts' })).toEqual({ ok: true, counts: { HcnOpenEndpoint: 2 } });
    expect(control(sim, { op: 'handles' })).toEqual({
      ok: true,
      handles: 2,
      open: [
        { handle: '0x1000', type: 'endpoint', id: seed.Endpoints[0]!.ID },
        { handle: '0x1001', type: 'endpoint', id: seed.Endpoints[0]!.ID },
      ],
    });
  });

  it('reset with a state replaces it and clears counts, faults and handles; without one it restores the seed', () => {
    openA1();
    control(sim, { op: 'fault', fn: '*', hresult: 0x80070005 });
    const small = { Version: { Major: 13, Minor: 1 }, Endpoints: [] };
    expect(control(sim, { op: 'reset', state: small })).toEqual({ ok: true });
    expect(control(sim, { op: 'counts' })).toEqual({ ok: true, counts: {} });
    expect(control(sim, { op: 'handles' })).toMatchObject({ handles: 0 });
    expect(sim.faults).toEqual([]);
    expect(sim.state.endpoints).toEqual([]);
    expect(control(sim, { op: 'reset' })).toEqual({ ok: true });
    expect(sim.state.endpoints).toHaveLength(3);
    expect(openA1()).toBe(0);
  });

  it('handles are not reused across a reset', () => {
    openA1();
    control(sim, { op: 'reset' });
    openA1();
    expect(control(sim, { op: 'handles' })).toMatchObject({ open: [{ handle: '0x1001' }] });
  });

  it('reset with an invalid state is refused and keeps the old state', () => {
    const answer = control(sim, { op: 'reset', state: { Version: { Major: 13, Minor: 2 }, Endpoints: [{ ID: 'x' }] } });
    expect(answer).toEqual({ ok: false, error: 'invalid state: Endpoints[0].ID: "x" is not a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)' });
    expect(sim.state.endpoints).toHaveLength(3);
  });

  it('version sets what HNSCall reports', () => {
    expect(control(sim, { op: 'version', Major: 13, Minor: 1 })).toEqual({ ok: true, Version: { Major: 13, Minor: 1 } });
    expect(control(sim, { op: 'version', Major: 13 })).toEqual({ ok: false, error: 'Minor must be an integer 0-65535' });
  });

  it('fault validates its fields', () => {
    expect(control(sim, { op: 'fault', fn: 'HcnModifyEndpoint', hresult: 2147942405, record: 'denied', times: 2 })).toEqual({ ok: true });
    expect(sim.faults).toEqual([{ fn: 'HcnModifyEndpoint', hresult: 0x80070005, delayMs: 0, record: 'denied', remaining: 2, skip: 0 }]);
    expect(control(sim, { op: 'fault', fn: 'HcnModifyEndpoint', delayMs: 2500 })).toEqual({ ok: true });
    expect(sim.faults[1]).toEqual({ fn: 'HcnModifyEndpoint', hresult: undefined, delayMs: 2500, record: undefined, remaining: 1, skip: 0 });
    expect(control(sim, { op: 'fault', fn: '*' })).toEqual({ ok: false, error: 'a fault needs an hresult, a delayMs, or both' });
    expect(control(sim, { op: 'fault', fn: '*', delayMs: -1 })).toEqual({ ok: false, error: 'delayMs must be an integer from 0 to 600000' });
    expect(control(sim, { op: 'fault', fn: 'HcnFrobnicate', hresult: 1 })).toMatchObject({
      ok: false,
      error: expect.stringContaining('fn must be "*" or one of'),
    });
    expect(control(sim, { op: 'fault', fn: '*', hresult: 5 })).toMatchObject({ ok: false, error: expect.stringContaining('not a failure HRESULT') });
    expect(control(sim, { op: 'fault', fn: '*', hresult: 0x80004005, times: 0 })).toEqual({ ok: false, error: 'times must be a positive integer' });
  });

  it('unknown ops and non-objects are refused', () => {
    expect(control(sim, { op: 'explode' })).toMatchObject({ ok: false, error: expect.stringContaining('unknown op "explode"') });
    expect(control(sim, [])).toMatchObject({ ok: false });
  });

  it('parses HRESULTs as unsigned, signed or hex', () => {
    expect(parseHresult(0x80070005)).toBe(0x80070005);
    expect(parseHresult(-2147024891)).toBe(0x80070005);
    expect(parseHresult('0x80070005')).toBe(0x80070005);
    expect(parseHresult('803B0013')).toBe(0x803b0013);
  });
});
