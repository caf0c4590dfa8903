#!/usr/bin/env node
// CNI benchmark (npm run bench:cni): the real plugin (the single executable dist/hcnproxyctl, or
// `node dist/main.cjs` with BENCH_PLUGIN=node, spawned as a runtime spawns it) doing ADD/CHECK/DEL for an
// opted-in pod in a real network namespace — with the default nftMode ("auto": in-process libnftables)
// and with nftMode "exec" (nsenter + nft spawned, the old path) — and ADD for a pod that is not opted
// in, measured side by side — round-robin, in one run — with bare `node -e 0` and one
// `nsenter … nft -f` transaction of the same ruleset. Wall time per spawn; median and p95.
// Targets (default nftMode): opted-in ADD, CHECK and DEL each <= 1.25 x `node -e 0`; not-opted-in ADD
// <= 1.05 x `node -e 0` (medians of the same run). Needs root (network namespace).
// BENCH_ROUNDS=N rounds (default 40); BENCH_RESULTS_DIR=<dir> instead of bench/results.
// Writes cni-latest.json and cni-latest.md.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { judged, measure, report } from './round-robin.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const lib = require(path.join(root, 'dist', 'lib.cjs'));
const MAIN = path.join(root, 'dist', 'main.cjs');
// The shipped form when it is built (npm run build:exe); BENCH_PLUGIN=node measures `node dist/main.cjs`.
const EXE = path.join(root, 'dist', 'hcnproxyctl');
const useExe = process.env.BENCH_PLUGIN !== 'node' && fs.existsSync(EXE);
const plugin = (env, input) => (useExe ? spawnSync(EXE, [], { env, input }) : spawnSync(process.execPath, [MAIN], { env, input }));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40);
const WARMUP = 3;
/** Opted-in ADD/CHECK/DEL (default nftMode) against `node -e 0`, and not-opted-in ADD. */
const OPTED_IN_RATIO = 1.25;
const NOT_OPTED_IN_RATIO = 1.05;
const CAP = 'io.kubernetes.cri.pod-annotations';

if (process.getuid?.() !== 0) {
  console.error('bench:cni needs root (it creates a network namespace and applies nftables rules there)');
  process.exit(2);
}

const netnsName = `hpb-${randomBytes(3).toString('hex')}`;
const netnsPath = `/run/netns/${netnsName}`;
// The reference transaction runs in a namespace of its own: in the pod's, it would leave our table behind
// and turn the next ADD into a re-apply, where a new pod's ADD finds no table.
const refNetnsName = `${netnsName}-ref`;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hcnproxyctl-bench-'));
const policyInput = {
  inboundPort: 15006,
  outboundPort: 15001,
  proxyUid: 1337,
  proxyGid: 1337,
  inboundExcludePorts: '15020,15021,15090',
  outboundExcludePorts: '15020',
};
const rulesetFile = path.join(tmp, 'ruleset.nft');
fs.writeFileSync(rulesetFile, lib.applyScript(lib.buildPolicy(policyInput)));

const prevResult = { cniVersion: '1.0.0', interfaces: [{ name: 'eth0', sandbox: netnsPath }], ips: [{ address: '198.18.95.7/24', interface: 0 }] };
const istio = { 'sidecar.istio.io/status': '{"containers":["istio-proxy"]}' };
// `extra`: more keys of our conflist entry (nftMode).
const conf = (annotations, extra = {}) =>
  JSON.stringify({
    cniVersion: '1.0.0',
    name: 'bench',
    type: 'hcnproxyctl',
    capabilities: { [CAP]: true },
    ...extra,
    prevResult,
    runtimeConfig: { [CAP]: annotations },
  });
const EXEC = { nftMode: 'exec' };
// The executable's code cache in the run's own folder (filled during the warm-ups), not /var/cache.
const cacheDir = path.join(tmp, 'cache');
fs.mkdirSync(cacheDir, { mode: 0o700 });
const cniEnv = (command) => ({
  PATH: process.env.PATH,
  HCNPROXYCTL_CACHE_DIR: cacheDir,
  CNI_COMMAND: command,
  CNI_CONTAINERID: 'bench',
  CNI_NETNS: netnsPath,
  CNI_IFNAME: 'eth0',
  CNI_PATH: '/usr/lib/cni',
});

const nsenter = execFileSync('sh', ['-c', 'command -v nsenter'], { encoding: 'utf8' }).trim();
const nft = ['/usr/sbin/nft', '/sbin/nft'].find((p) => fs.existsSync(p)) ?? 'nft';

const cases = {
  'node -e 0': () => spawnSync(process.execPath, ['-e', '0']),
  'nft -f (one transaction)': () => spawnSync(nsenter, [`--net=/run/netns/${refNetnsName}`, '--', nft, '-f', rulesetFile]),
  'ADD opted-in': () => plugin(cniEnv('ADD'), conf(istio)),
  'CHECK opted-in': () => plugin(cniEnv('CHECK'), conf(istio)),
  'DEL opted-in': () => plugin(cniEnv('DEL'), conf(istio)),
  'ADD opted-in (nftMode exec)': () => plugin(cniEnv('ADD'), conf(istio, EXEC)),
  'CHECK opted-in (nftMode exec)': () => plugin(cniEnv('CHECK'), conf(istio, EXEC)),
  'DEL opted-in (nftMode exec)': () => plugin(cniEnv('DEL'), conf(istio, EXEC)),
  'ADD not opted-in': () => plugin(cniEnv('ADD'), conf({ app: 'web' })),
  // containerd 2.x runs STATUS on every CRI Status call when the conflist says 1.1.0 (no target: its cost is reported).
  'STATUS (cniVersion 1.1.0)': () => plugin(cniEnv('STATUS'), JSON.stringify({ cniVersion: '1.1.0', name: 'bench', type: 'hcnproxyctl' })),
};

try {
  execFileSync('ip', ['netns', 'add', netnsName]);
  execFileSync('ip', ['netns', 'add', refNetnsName]);
  const stats = measure(cases, { rounds: ROUNDS, warmup: WARMUP });
  const node = stats['node -e 0'].median;
  const targets = judged([
    ...['ADD opted-in', 'CHECK opted-in', 'DEL opted-in'].map((k) => ({
      what: `${k} (median) ≤ ${OPTED_IN_RATIO.toFixed(2)} × node -e 0`,
      value: stats[k].median,
      limit: node * OPTED_IN_RATIO,
    })),
    {
      what: `ADD not opted-in (median) ≤ ${NOT_OPTED_IN_RATIO.toFixed(2)} × node -e 0`,
      value: stats['ADD not opted-in'].median,
      limit: node * NOT_OPTED_IN_RATIO,
    },
  ]);
  const when = new Date().toISOString();
  const ratios = Object.fromEntries(Object.entries(stats).map(([k, st]) => [k, st.median / node]));
  const result = {
    when,
    plugin: useExe ? 'dist/hcnproxyctl (single executable)' : 'node dist/main.cjs',
    node: process.version,
    machine: `${os.cpus().length} cpu, ${os.cpus()[0]?.model ?? '?'}`,
    rounds: ROUNDS,
    warmup: WARMUP,
    cases: Object.keys(cases),
    stats,
    ratios,
    targets,
  };
  report('cni', {
    title: 'CNI benchmark',
    header:
      `Plugin: ${result.plugin}. Node ${process.version}, ${result.machine}, ${ROUNDS} rounds round-robin after ${WARMUP} warm-ups; wall time per spawn. ` +
      'The plain cases use the default nftMode ("auto": in-process libnftables when it loads); "(nftMode exec)" spawns nsenter + nft.',
    result,
    stats,
    targets,
    dir: path.join(root, 'bench', 'results'),
    extraColumn: { title: '× node -e 0', cell: (st) => (st.median / node).toFixed(2) },
  });
} finally {
  spawnSync('ip', ['netns', 'del', netnsName]);
  spawnSync('ip', ['netns', 'del', refNetnsName]);
  fs.rmSync(tmp, { recursive: true, force: true });
}
