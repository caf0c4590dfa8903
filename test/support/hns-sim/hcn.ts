// What each HCN entry point does to the simulated HNS: (sim, call) → {hresult, outs}. No I/O here.
import { HR, HcnFailure, errorRecord, fail } from './errors.js';
import { guidFromBytes } from './guid.js';
import { modifyEndpoint } from './modify.js';
import { matches, parseQuery } from './query.js';
import { openHandle, takeFault } from './sim.js';
import type { OpenHandle, Sim } from './sim.js';
import { endpointJson, findEndpoint, findNamespace, namespaceJson } from './state.js';
import type { Endpoint, Namespace } from './state.js';
import { handle, wstr } from './wire.js';
import type { HcnResponse, WireValue } from './wire.js';

type ArgType = 'wstr' | 'guid' | 'handle';

interface HcnFunction {
  args: readonly ArgType[];
  /** Number of out-parameters, and which of them (if any) is the error record. */
  outs: number;
  record: number | null;
  /** Returns the out-parameters other than the error record, in order. */
  run(sim: Sim, args: readonly WireValue[]): WireValue[];
}

const E_FAIL = 0x80004005;
const ENDPOINT_FILTER = ['ID', 'Name', 'HostComputeNamespace', 'HostComputeNetwork'];
const ENDPOINT_GUIDS = ['ID', 'HostComputeNamespace', 'HostComputeNetwork'];
const NAMESPACE_FILTER = ['ID'];

function text(args: readonly WireValue[], i: number): string | null {
  const a = args[i];
  return a != null && a.type === 'wstr' ? a.value : null;
}

function guidArg(args: readonly WireValue[], i: number): string {
  const a = args[i];
  if (a == null || a.type !== 'guid') fail(HR.E_POINTER, 'Invalid pointer: the GUID is NULL');
  return guidFromBytes(a.bytes);
}

function handleOf(sim: Sim, args: readonly WireValue[], type: OpenHandle['type']): OpenHandle & { key: bigint } {
  const a = args[0];
  const key = a != null && a.type === 'handle' ? a.id : 0n;
  const h = sim.handles.get(key);
  if (!h || h.type !== type) fail(HR.E_HANDLE, `The handle is invalid. (not an open ${type} handle: 0x${key.toString(16)})`);
  return { ...h, key };
}

function endpointOf(sim: Sim, args: readonly WireValue[]): Endpoint {
  const e = findEndpoint(sim.state, handleOf(sim, args, 'endpoint').id);
  return e ?? fail(HR.ERROR_NOT_FOUND, 'Element not found.');
}

function namespaceOf(sim: Sim, args: readonly WireValue[]): Namespace {
  const n = findNamespace(sim.state, handleOf(sim, args, 'namespace').id);
  return n ?? fail(HR.ERROR_NOT_FOUND, 'Element not found.');
}

function close(sim: Sim, args: readonly WireValue[], type: OpenHandle['type']): WireValue[] {
  sim.handles.delete(handleOf(sim, args, type).key);
  return [];
}

const json = (v: unknown): WireValue => wstr(JSON.stringify(v));

export const HCN_FUNCTIONS: Record<string, HcnFunction> = {
  HcnEnumerateEndpoints: {
    args: ['wstr'],
    outs: 2,
    record: 1,
    run(sim, args) {
      const filter = parseQuery(text(args, 0), ENDPOINT_FILTER, ENDPOINT_GUIDS);
      const hits = sim.state.endpoints.filter((e) =>
        matches(
          filter,
          {
            ID: e.ID,
            Name: e.Name,
            HostComputeNamespace: e.HostComputeNamespace,
            HostComputeNetwork: e.HostComputeNetwork,
          },
          ENDPOINT_GUIDS,
        ),
      );
      return [json(hits.map((e) => e.ID))];
    },
  },
  HcnOpenEndpoint: {
    args: ['guid'],
    outs: 2,
    record: 1,
    run(sim, args) {
      const e = findEndpoint(sim.state, guidArg(args, 0)) ?? fail(HR.ERROR_NOT_FOUND, 'Element not found.');
      return [handle(openHandle(sim, { type: 'endpoint', id: e.ID }))];
    },
  },
  HcnQueryEndpointProperties: {
    args: ['handle', 'wstr'],
    outs: 2,
    record: 1,
    run(sim, args) {
      const e = endpointOf(sim, args);
      parseQuery(text(args, 1), ENDPOINT_FILTER, ENDPOINT_GUIDS); // checked, but the handle selects the endpoint
      return [json(endpointJson(e))];
    },
  },
  HcnModifyEndpoint: {
    args: ['handle', 'wstr'],
    outs: 1,
    record: 0,
    run(sim, args) {
      modifyEndpoint(endpointOf(sim, args), text(args, 1), sim.state.version);
      return [];
    },
  },
  HcnCloseEndpoint: { args: ['handle'], outs: 0, record: null, run: (sim, args) => close(sim, args, 'endpoint') },
  HcnEnumerateNamespaces: {
    args: ['wstr'],
    outs: 2,
    record: 1,
    run(sim, args) {
      const filter = parseQuery(text(args, 0), NAMESPACE_FILTER, NAMESPACE_FILTER);
      return [json(sim.state.namespaces.filter((n) => matches(filter, { ID: n.ID }, NAMESPACE_FILTER)).map((n) => n.ID))];
    },
  },
  HcnOpenNamespace: {
    args: ['guid'],
    outs: 2,
    record: 1,
    run(sim, args) {
      const n = findNamespace(sim.state, guidArg(args, 0)) ?? fail(HR.ERROR_NOT_FOUND, 'Element not found.');
      return [handle(openHandle(sim, { type: 'namespace', id: n.ID }))];
    },
  },
  HcnQueryNamespaceProperties: {
    args: ['handle', 'wstr'],
    outs: 2,
    record: 1,
    run(sim, args) {
      const n = namespaceOf(sim, args);
      parseQuery(text(args, 1), NAMESPACE_FILTER, NAMESPACE_FILTER);
      return [json(namespaceJson(sim.state, n))];
    },
  },
  HcnCloseNamespace: { args: ['handle'], outs: 0, record: null, run: (sim, args) => close(sim, args, 'namespace') },
  // vmcompute.dll's HNSCall: only GET /globals/version. Unsupported requests fail in the response, HRESULT 0.
  HNSCall: {
    args: ['wstr', 'wstr', 'wstr'],
    outs: 1,
    record: null,
    run(sim, args) {
      const method = text(args, 0) ?? '';
      const path = text(args, 1) ?? '';
      if (method === 'GET' && path === '/globals/version') {
        return [json({ Success: true, Error: '', Output: { ...sim.state.version } })];
      }
      return [json({ Success: false, Error: `hns-sim: ${method} ${path} is not supported by the simulator (only GET /globals/version)` })];
    },
  },
};

function argsMatch(fn: HcnFunction, args: readonly WireValue[]): boolean {
  return (
    args.length === fn.args.length &&
    fn.args.every((t, i) => {
      const a = args[i];
      return a === null ? t !== 'handle' : a !== undefined && a.type === t;
    })
  );
}

function failure(fn: HcnFunction, hresult: number, message: string): HcnResponse {
  const outs: WireValue[] = new Array<WireValue>(fn.outs).fill(null);
  const record = fn.record ?? (fn.outs > 0 ? 0 : null); // HNSCall carries the record in its response
  if (record !== null) outs[record] = wstr(errorRecord(hresult, message));
  return { hresult, outs };
}

/** Runs one HCN call against the simulator: counts it, applies injected faults, then the function's semantics. */
export function hcnCall(sim: Sim, name: string, args: readonly WireValue[]): HcnResponse {
  sim.counts.set(name, (sim.counts.get(name) ?? 0) + 1);
  const fn = HCN_FUNCTIONS[name];
  if (!fn) return { hresult: HR.E_NOTIMPL, outs: [] };
  if (!argsMatch(fn, args)) return failure(fn, HR.E_INVALIDARG, `hns-sim: ${name}: arguments do not match its signature`);
  const fault = takeFault(sim, name);
  // The double's call blocks until the answer comes: a busy HNS is a late answer (this process waits).
  if (fault?.delayMs) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, fault.delayMs);
  if (fault?.hresult !== undefined) return failure(fn, fault.hresult, fault.record ?? `hns-sim: injected fault in ${name}`);
  try {
    const outs = fn.run(sim, args);
    if (fn.record !== null) outs.splice(fn.record, 0, null);
    return { hresult: HR.S_OK, outs };
  } catch (e) {
    if (e instanceof HcnFailure) return failure(fn, e.hresult, e.message);
    return failure(fn, E_FAIL, `hns-sim: internal error in ${name}: ${(e as Error).stack ?? String(e)}`);
  }
}
