// The running simulator: the HNS state plus what a live service tracks around it (open handles, call counts,
// injected faults).
import type { SimState } from './state.js';

export interface OpenHandle {
  type: 'endpoint' | 'namespace';
  id: string;
}

export interface Fault {
  fn: string; // a function name or '*'
  /** The failure to answer; undefined: the call goes through (after delayMs). */
  hresult: number | undefined;
  /** Milliseconds the call takes before it is answered (HNS busy). */
  delayMs: number;
  record: string | undefined;
  remaining: number;
  /** Matching calls still to let through before the fault fires. */
  skip: number;
}

export interface Sim {
  state: SimState;
  /** The state loaded at start; `reset` without a state goes back to it. */
  readonly initial: SimState;
  handles: Map<bigint, OpenHandle>;
  /** Never reused, not even across resets, so a stale handle is E_HANDLE rather than someone else's. */
  nextHandle: bigint;
  counts: Map<string, number>;
  faults: Fault[];
}

export function createSim(state: SimState): Sim {
  return {
    state: structuredClone(state),
    initial: structuredClone(state),
    handles: new Map(),
    nextHandle: 0x1000n,
    counts: new Map(),
    faults: [],
  };
}

export function resetSim(sim: Sim, state: SimState): void {
  sim.state = structuredClone(state);
  sim.handles.clear();
  sim.counts.clear();
  sim.faults = [];
}

export function openHandle(sim: Sim, h: OpenHandle): bigint {
  const id = sim.nextHandle;
  sim.nextHandle += 1n;
  sim.handles.set(id, h);
  return id;
}

/** Takes one use of the first fault matching `fn`, if any. */
export function takeFault(sim: Sim, fn: string): Fault | undefined {
  const f = sim.faults.find((x) => x.fn === fn || x.fn === '*');
  if (!f) return undefined;
  if (f.skip > 0) {
    f.skip -= 1;
    return undefined;
  }
  f.remaining -= 1;
  if (f.remaining <= 0) sim.faults.splice(sim.faults.indexOf(f), 1);
  return f;
}
