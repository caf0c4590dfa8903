// bench:nri settings: counts from the environment (BENCH_*), the targets, the plugin to run, the pod
// annotations, and which containerd runtime(s) to run on.
import fs from 'node:fs';
import path from 'node:path';
import { RUNTIME_ENV, RUNTIMES, type Runtime, type RuntimeId } from '../../test/support/harness/index.js';
import { REPO_ROOT } from '../../test/support/harness/packages.js';

export type Json = Record<string, unknown>;

export const SMOKE = process.env.BENCH_SMOKE === '1';
const envInt = (name: string, dflt: number, min = 1): number => {
  const v = process.env[name];
  if (v === undefined || v === '') return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer ≥ ${min}, got ${JSON.stringify(v)}`);
  return n;
};
/** a/b: pods per case, and per case and round. */
export const PODS = envInt('BENCH_PODS', SMOKE ? 2 : 60);
export const BLOCK = Math.min(PODS, envInt('BENCH_BLOCK', SMOKE ? 1 : 5));
export const WARMUP_PODS = SMOKE ? 1 : 2;
/** d: opted-in Run+Stop+Remove cycles. */
export const CYCLES = envInt('BENCH_CYCLES', SMOKE ? 8 : 1000);
export const CYCLE_CONCURRENCY = 4;
export const SAMPLE_EVERY = Math.min(100, Math.max(1, Math.ceil(CYCLES / 10)));
/** e, f. */
export const STORM = envInt('BENCH_STORM', SMOKE ? 10 : 50);
export const STORM_CONCURRENCY = 10;
export const SYNC_PODS = envInt('BENCH_SYNC_PODS', SMOKE ? 10 : 110);
export const SYNC_CONCURRENCY = 10;
/** g: pod starts (RunPodSandbox + CreateContainer + StartContainer) per case, and per case and round. */
export const START_PODS = envInt('BENCH_START_PODS', SMOKE ? 1 : 60);
export const START_BLOCK = Math.min(START_PODS, envInt('BENCH_START_BLOCK', 5));
/** g's warm-up pods per case (none in a smoke run: a/b's warm-up has run the same block code by then). */
export const START_WARMUP_PODS = SMOKE ? 0 : 2;
/** h: redirected pods, and containers created in each (CreateContainer only). */
export const GATE_PODS = envInt('BENCH_GATE_PODS', SMOKE ? 1 : 10);
export const GATE_CONTAINERS = envInt('BENCH_GATE_CONTAINERS', SMOKE ? 3 : 20);

export const TARGET = {
  runOptedIn: 1.03,
  runNotOptedIn: 1.01,
  stopRemove: 1.01,
  handlingP99Ms: 3,
  /** CreateContainer of a pod the plugin redirected at RunPodSandbox (answered from memory). */
  createContainerP99Ms: 0.2,
  /** An opted-in pod's start (RunPodSandbox + CreateContainer + StartContainer), with the plugin vs without. */
  podStartOptedIn: 1.03,
  rssMiB: 80,
  growthMiB: 5,
  synchronizeMs: 200,
};

export const NRI_REQUEST_TIMEOUT = '2s';

export const EXE = path.join(REPO_ROOT, 'dist', 'hcnproxyctl');
export const MAIN = path.join(REPO_ROOT, 'dist', 'main.cjs');
export const useExe = process.env.BENCH_PLUGIN !== 'node' && fs.existsSync(EXE);
export const PLUGIN_LABEL = useExe ? 'dist/hcnproxyctl nri (single executable)' : 'node dist/main.cjs nri';
export const NFT = ['/usr/sbin/nft', '/sbin/nft'].find((p) => fs.existsSync(p)) ?? 'nft';
export const TABLE = 'table inet hcnproxyctl';
export const RESULTS_DIR = path.join(REPO_ROOT, 'bench', 'results');

export const OPT_IN = { 'hcnproxyctl.io/enabled': 'true' };
export const ISTIO = { 'sidecar.istio.io/status': '{"containers":["istio-proxy"]}' };
export const PLAIN = { app: 'plain' };
/** Cycles, storm, gate and Synchronize alternate the two opt-in forms (our annotation, Istio's injector). */
export const optIn = (i: number): Record<string, string> => (i % 2 === 0 ? OPT_IN : ISTIO);

/** The interleaved cases of a/b and of g. */
export const CASES = ['no plugin', 'plugin, opted-in', 'plugin, not opted-in'] as const;
export type Case = (typeof CASES)[number];
export const BASE: Case = 'no plugin';
export const perCase = <T>(f: () => T): Record<Case, T> => ({ 'no plugin': f(), 'plugin, opted-in': f(), 'plugin, not opted-in': f() });

/**
 * The runtimes to run on: `--runtime=1.7|2.x|both` (or `--runtime 2.x`), else HCNPROXYCTL_E2E_RUNTIME
 * (one runtime, as the e2e harness reads it), else both, one after the other.
 */
export function selectedRuntimes(argv: readonly string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env): Runtime[] {
  let v: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--runtime=')) v = a.slice('--runtime='.length);
    else if (a === '--runtime') v = argv[++i];
    else throw new Error(`unknown argument ${JSON.stringify(a)} (usage: bench-nri.cjs [--runtime=1.7|2.x|both])`);
  }
  v = (v ?? env[RUNTIME_ENV] ?? '').trim() || 'both';
  if (v === 'both') return [RUNTIMES['1.7'], RUNTIMES['2.x']];
  if (v in RUNTIMES) return [RUNTIMES[v as RuntimeId]];
  throw new Error(`runtime ${JSON.stringify(v)}: expected 1.7, 2.x or both (--runtime or ${RUNTIME_ENV})`);
}
