#!/usr/bin/env node
// The README's first command (`npm run demo`): the real hcnproxyctl CLI drives the HCN API through
// koffi into the test double (a C library with computenetwork.dll's entry points), which forwards
// each call to the HNS simulator. Shows add → list → idempotent re-add → conflict → replace → clear,
// and that other policies on the endpoint are left alone. Cleans up after itself.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const seedFile = path.join(root, 'conf', 'hns-sim-seed.json');
const endpoint = '93f86a7f-e361-4362-b8a4-81bbb6a622dd';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hcnproxyctl-demo-'));
const socket = path.join(tmp, 'hns.sock');
const bold = (s) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);

function startSimulator() {
  const child = spawn(process.execPath, [path.join(root, 'dist', 'hns-sim.cjs'), '--seed', seedFile, '--listen', socket], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout });
    const timer = setTimeout(() => reject(new Error('the HNS simulator did not start within 10 s')), 10_000);
    lines.once('line', (line) => {
      clearTimeout(timer);
      console.log(`  ${line}`);
      resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`the HNS simulator exited with ${code}`)));
  });
}

const env = {
  ...process.env,
  HCNPROXYCTL_HNS_SIM: socket,
  HCNPROXYCTL_HCN_DLL: path.join(root, 'dist', 'hcn-double', 'libhcn_double.so'),
};

function cli(args, expectCode = 0) {
  console.log(`\n$ hcnproxyctl ${args.join(' ')}`);
  const r = spawnSync(process.execPath, [path.join(root, 'dist', 'main.cjs'), ...args], { env, encoding: 'utf8' });
  const text = `${r.stdout}${r.stderr}`.trimEnd();
  if (text) console.log(text.replace(/^/gm, '  '));
  if (r.status !== expectCode) throw new Error(`expected exit ${expectCode}, got ${r.status}`);
  return r.stdout;
}

function step(title) {
  console.log(`\n${bold(`== ${title}`)}`);
}

let sim;
try {
  step('Start the HNS simulator with conf/hns-sim-seed.json (HNS 13.2, 3 endpoints, one with an OutBoundNAT policy)');
  sim = await startSimulator();

  step('Redirect the pod\'s TCP traffic: the original tool\'s README example (ports 9091 in / 9191 out)');
  cli(['add', endpoint, '--inbound-port', '9091', '--outbound-port', '9191', '--usersid', 'S-1-5-32-556', '--exclude-ports', '9001,9002', '--exclude-ips', '127.0.0.1']);
  cli(['list', endpoint]);

  step('Adding the same policy again changes nothing (idempotent)');
  cli(['add', endpoint, '--inbound-port', '9091', '--outbound-port', '9191', '--usersid', 'S-1-5-32-556', '--exclude-ports', '9001,9002', '--exclude-ips', '127.0.0.1']);

  step('A different policy conflicts (HNS allows one L4WFPPROXY per endpoint) unless --replace is given');
  cli(['add', endpoint, '--port', '15001', '--usersid', 'system'], 1);
  cli(['add', endpoint, '--inbound-port', '15006', '--outbound-port', '15001', '--usersid', 'S-1-5-32-556', '--replace', '--output', 'json']);

  step('Bad input is refused before HNS is asked (the original README\'s port 90001 is out of range)');
  cli(['add', endpoint, '--port', '9191', '--exclude-ports', '90001', '--exclude-ips', 'fd00::1'], 2);

  step('Clear removes only the L4WFPPROXY policy; the OutBoundNAT policy stays');
  cli(['clear', endpoint]);
  cli(['list', endpoint, '--output', 'json']);
  const state = spawnSync(process.execPath, [path.join(root, 'dist', 'hns-sim.cjs'), 'ctl', '--connect', socket, 'dump'], { encoding: 'utf8' });
  const ep = JSON.parse(state.stdout).state.Endpoints.find((e) => e.ID === endpoint);
  console.log(`\n  simulator state of ${endpoint}: Policies = ${JSON.stringify(ep.Policies)}`);

  console.log(`\n${bold('Demo finished: every call above went through koffi into the HCN test double and the HNS simulator.')}`);
} finally {
  sim?.kill('SIGTERM');
  fs.rmSync(tmp, { recursive: true, force: true });
}
