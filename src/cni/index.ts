// The CNI face's entry (the cni.cjs bundle): hcnproxyctl's chained plugin, run by the skel.
import { podBackend } from '../pod/index.js';
import { hcnproxyctlPlugin, type BackendFactory } from './plugin.js';
import { processIo, runSkel, type CniIo } from './skel.js';

export type { BackendFactory } from './plugin.js';
export type { CniIo } from './skel.js';

/** Runs one CNI command as the runtime asked it; returns the exit code. Never throws. */
export function runCni(processEnv: NodeJS.ProcessEnv = process.env, io: CniIo = processIo, backendFor: BackendFactory = podBackend): Promise<number> {
  return runSkel(hcnproxyctlPlugin(io, backendFor, processEnv.CNI_COMMAND), processEnv, io);
}
