// Control operations (wire kind 2) used by tests to inspect and steer the simulator.
//   {"op":"dump"}                         → {"ok":true,"state":{…seed-shaped…}}
//   {"op":"counts"}                       → {"ok":true,"counts":{"HcnOpenEndpoint":2,…}}
//   {"op":"handles"}                      → {"ok":true,"handles":1,"open":[{"handle":"0x1000","type":"endpoint","id":"…"}]}
//   {"op":"reset"[,"state":{…seed…}]}     → {"ok":true}   (no state: back to the seed loaded at start)
//   {"op":"version","Major":13,"Minor":1} → {"ok":true,"Version":{…}}
//   {"op":"fault","fn":"HcnModifyEndpoint"|"*","hresult":2147942405|"0x80070005","record":"…","times":1,"skip":0,"delayMs":0} → {"ok":true}
//     (hresult or delayMs or both: a delayed call without hresult goes through late, as a busy HNS answers)
//     (skip: let that many matching calls succeed first)
// Any failure: {"ok":false,"error":"…"}.
import { HCN_FUNCTIONS } from './hcn.js';
import { isObject } from './json.js';
import { SeedError, parseSeed } from './seed.js';
import { resetSim } from './sim.js';
import type { Sim } from './sim.js';
import { dumpState } from './state.js';

export type ControlAnswer = { ok: true; [key: string]: unknown } | { ok: false; error: string };

class ControlError extends Error {}

function refuse(message: string): never {
  throw new ControlError(message);
}

function uint16(v: unknown, name: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 0xffff) refuse(`${name} must be an integer 0-65535`);
  return v;
}

/** A failure HRESULT given as a number (signed or unsigned 32-bit) or a hex string. */
export function parseHresult(v: unknown): number {
  let n: number | undefined;
  if (typeof v === 'number' && Number.isInteger(v) && v >= -0x80000000 && v <= 0xffffffff) n = v;
  if (typeof v === 'string' && /^(0x)?[0-9a-f]{1,8}$/i.test(v)) n = Number.parseInt(v.replace(/^0x/i, ''), 16);
  if (n === undefined) refuse(`hresult ${JSON.stringify(v)} is not a 32-bit number or hex string`);
  if ((n | 0) >= 0) refuse(`hresult ${JSON.stringify(v)} is not a failure HRESULT (high bit clear)`);
  return n >>> 0;
}

function fault(sim: Sim, req: Record<string, unknown>): void {
  const fn = req.fn;
  if (typeof fn !== 'string' || (fn !== '*' && !(fn in HCN_FUNCTIONS))) {
    refuse(`fn must be "*" or one of ${Object.keys(HCN_FUNCTIONS).join(', ')}`);
  }
  const delayMs = req.delayMs ?? 0;
  if (typeof delayMs !== 'number' || !Number.isInteger(delayMs) || delayMs < 0 || delayMs > 600_000) refuse('delayMs must be an integer from 0 to 600000');
  if (req.hresult === undefined && delayMs === 0) refuse('a fault needs an hresult, a delayMs, or both');
  const hresult = req.hresult === undefined ? undefined : parseHresult(req.hresult);
  if (req.record !== undefined && typeof req.record !== 'string') refuse('record must be a string');
  const times = req.times ?? 1;
  if (typeof times !== 'number' || !Number.isInteger(times) || times < 1) refuse('times must be a positive integer');
  const skip = req.skip ?? 0;
  if (typeof skip !== 'number' || !Number.isInteger(skip) || skip < 0) refuse('skip must be a non-negative integer');
  sim.faults.push({ fn, hresult, delayMs, record: req.record, remaining: times, skip });
}

function run(sim: Sim, req: Record<string, unknown>): Record<string, unknown> {
  switch (req.op) {
    case 'dump':
      return { state: dumpState(sim.state) };
    case 'counts':
      return { counts: Object.fromEntries(sim.counts) };
    case 'handles':
      return {
        handles: sim.handles.size,
        open: [...sim.handles].map(([h, v]) => ({ handle: `0x${h.toString(16)}`, type: v.type, id: v.id })),
      };
    case 'reset':
      resetSim(sim, req.state === undefined ? sim.initial : parseSeed(req.state));
      return {};
    case 'version':
      sim.state.version = { Major: uint16(req.Major, 'Major'), Minor: uint16(req.Minor, 'Minor') };
      return { Version: { ...sim.state.version } };
    case 'fault':
      fault(sim, req);
      return {};
    default:
      return refuse(`unknown op ${JSON.stringify(req.op)} (dump, counts, handles, reset, version, fault)`);
  }
}

export function control(sim: Sim, request: unknown): ControlAnswer {
  try {
    if (!isObject(request)) refuse('a control request is a JSON object {"op": …}');
    return { ok: true, ...run(sim, request) };
  } catch (e) {
    if (e instanceof ControlError) return { ok: false, error: e.message };
    if (e instanceof SeedError) return { ok: false, error: `invalid state: ${e.message}` };
    throw e;
  }
}
