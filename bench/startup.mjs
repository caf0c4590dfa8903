#!/usr/bin/env node
// Start-up benchmark of the single executable (npm run bench:startup): the Linux SEA dist/hcnproxyctl
// side by side — round-robin, in one run — with bare `node -e 0` of the same Node 22 binary it is made
// from, and with plain `node dist/main.cjs` for reference. Commands: `version`, the CNI plugin (VERSION;
// ADD of a pod that is not opted in: no nft call), `lookup --help` (the CLI bundle), and `list <endpoint>`
// against the HNS simulator (the hns feature bundle + koffi from the extracted asset).
// Wall time per spawn; median and p95. Targets: SEA `version` and CNI ADD (not opted in) <= 1.10 x
// `node -e 0` (medians of the same run). No root needed. Writes bench/results/startup-latest.json and
// startup-latest.md (BENCH_RESULTS_DIR=<dir>: there instead).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { judged, measure, report } from './round-robin.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SEA = path.join(root, 'dist', 'hcnproxyctl');
const MAIN = path.join(root, 'dist', 'main.cjs');
const SIM = path.join(root, 'dist', 'hns-sim.cjs');
const HCN_DOUBLE = path.join(root, 'dist', 'hcn-double', 'libhcn_double.so');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);
const WARMUP = 3;
const RATIO = 1.1;
const CAP = 'io.kubernetes.cri.pod-annotations';

if (!fs.existsSync(SEA)) {
  console.error(`${SEA} is missing: npm run build:exe`);
  process.exit(2);
}
const seaVersion = spawnSync(SEA, ['version'], { encoding: 'utf8' }).stdout.trim();
const nodeVersion = `node ${process.version}`;
if (!seaVersion.includes(process.version)) {
  console.error(`the SEA says "${seaVersion}" but this is ${nodeVersion}: run through \`npm run bench:startup\` (the pinned Node)`);
  process.exit(2);
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hcnproxyctl-bench-startup-'));
const baseEnv = { PATH: process.env.PATH, HOME: process.env.HOME ?? tmp, HCNPROXYCTL_CACHE_DIR: path.join(tmp, 'cache') };
const prevResult = { cniVersion: '1.0.0', interfaces: [{ name: 'eth0', sandbox: '/run/netns/bench' }], ips: [{ address: '198.18.95.7/24', interface: 0 }] };
const addConf = JSON.stringify({
  cniVersion: '1.0.0',
  name: 'bench',
  type: 'hcnproxyctl',
  capabilities: { [CAP]: true },
  prevResult,
  runtimeConfig: { [CAP]: { app: 'web' } },
});
const cniEnv = (command) => ({
  ...baseEnv,
  CNI_COMMAND: command,
  CNI_CONTAINERID: 'bench',
  CNI_NETNS: '/run/netns/bench',
  CNI_IFNAME: 'eth0',
  CNI_PATH: '/usr/lib/cni',
});

/** The HNS simulator with one endpoint (for `list`), or null when dist/ lacks it. */
async function startSim() {
  if (!fs.existsSync(SIM) || !fs.existsSync(HCN_DOUBLE)) return null;
  const endpoint = '93f86a7f-e361-4362-b8a4-81bbb6a622dd';
  const seed = {
    Version: { Major: 13, Minor: 2 },
    Networks: [{ ID: 'b6a8c2f4-5e0d-4f7a-9c31-2d4e6f8a0b1c', Name: 'cbr0', Type: 'L2Bridge', SchemaVersion: { Major: 2, Minor: 0 } }],
    Namespaces: [{ ID: '5d1a7c3e-9b2f-4e6d-8a0c-1f3b5d7e9a2c', NamespaceId: 3, Type: 'HostDefault', SchemaVersion: { Major: 2, Minor: 0 } }],
    Endpoints: [
      {
        ID: endpoint,
        Name: 'bench_cbr0',
        HostComputeNetwork: 'b6a8c2f4-5e0d-4f7a-9c31-2d4e6f8a0b1c',
        HostComputeNamespace: '5d1a7c3e-9b2f-4e6d-8a0c-1f3b5d7e9a2c',
        Policies: [],
        SchemaVersion: { Major: 2, Minor: 0 },
      },
    ],
  };
  const seedFile = path.join(tmp, 'seed.json');
  fs.writeFileSync(seedFile, JSON.stringify(seed));
  const child = spawn(process.execPath, [SIM, '--seed', seedFile, '--listen', path.join(tmp, 'hns.sock')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise((resolve, reject) => {
    const rl = readline.createInterface({ input: child.stdout });
    rl.once('line', (l) => {
      rl.close();
      resolve(l);
    });
    child.once('exit', (code) => reject(new Error(`hns-sim exited ${code}`)));
  });
  const addr = /^hns-sim listening on (.+)$/.exec(line)?.[1];
  if (!addr) throw new Error(`hns-sim: ${line}`);
  return { endpoint, env: { HCNPROXYCTL_HNS_SIM: addr, HCNPROXYCTL_HCN_DLL: HCN_DOUBLE }, stop: () => child.kill('SIGTERM') };
}

const sim = await startSim();
try {
  const cases = {
    'node -e 0': [process.execPath, ['-e', '0'], { env: baseEnv }],
    'SEA version': [SEA, ['version'], { env: baseEnv }],
    'SEA CNI VERSION': [SEA, [], { env: cniEnv('VERSION'), input: '{"cniVersion":"1.0.0"}' }],
    'SEA CNI ADD not opted-in': [SEA, [], { env: cniEnv('ADD'), input: addConf }],
    'SEA lookup --help': [SEA, ['lookup', '--help'], { env: baseEnv }],
    ...(sim ? { 'SEA list (hns + koffi, simulator)': [SEA, ['list', sim.endpoint], { env: { ...baseEnv, ...sim.env } }] } : {}),
    'node dist/main.cjs version': [process.execPath, [MAIN, 'version'], { env: baseEnv }],
    'node dist/main.cjs CNI ADD not opted-in': [process.execPath, [MAIN], { env: cniEnv('ADD'), input: addConf }],
  };
  const spawned = Object.fromEntries(Object.entries(cases).map(([k, [cmd, args, opts]]) => [k, () => spawnSync(cmd, args, { encoding: 'utf8', ...opts })]));
  const stats = measure(spawned, { rounds: ROUNDS, warmup: WARMUP });
  const node = stats['node -e 0'].median;
  const targets = judged(['SEA version', 'SEA CNI ADD not opted-in'].map((k) => ({ what: `${k} (median)`, value: stats[k].median, limit: node * RATIO })));
  const when = new Date().toISOString();
  const result = {
    when,
    node: process.version,
    sea: seaVersion,
    seaBytes: fs.statSync(SEA).size,
    machine: `${os.cpus().length} cpu, ${os.cpus()[0]?.model ?? '?'}`,
    rounds: ROUNDS,
    stats,
    targets,
  };
  report('startup', {
    title: 'Start-up benchmark',
    header: `\`${seaVersion}\`, ${result.machine}, ${ROUNDS} rounds round-robin after ${WARMUP} warm-ups; wall time per spawn.`,
    result,
    stats,
    targets,
    dir: path.join(root, 'bench', 'results'),
    targetTitle: `target (≤ ${RATIO.toFixed(2)} × node -e 0)`,
    extraColumn: { title: '× node -e 0', cell: (st) => (st.median / node).toFixed(2) },
  });
  if (process.env.BENCH_STRICT === '1' && targets.some((t) => !t.pass)) process.exitCode = 1;
} finally {
  sim?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
}
