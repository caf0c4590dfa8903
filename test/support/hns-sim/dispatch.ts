// One request payload in, one response payload out: the join between the wire codec and the simulator.
import { control } from './control.js';
import { hcnCall } from './hcn.js';
import { tryParse } from './json.js';
import type { Sim } from './sim.js';
import { decodeRequest, encodeHcnResponse } from './wire.js';

/** Throws WireError for a malformed request (the server then drops the connection). */
export function handlePayload(sim: Sim, payload: Buffer): Buffer {
  const req = decodeRequest(payload);
  if (req.kind === 'hcn') return encodeHcnResponse(hcnCall(sim, req.name, req.args));
  const parsed = tryParse(req.json);
  const answer = parsed.ok ? control(sim, parsed.value) : { ok: false, error: `control request is not JSON: ${parsed.error}` };
  return Buffer.from(JSON.stringify(answer), 'utf8');
}
