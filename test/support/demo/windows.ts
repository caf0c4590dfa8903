// Windows: the same CLI the original tool had, driving the HCN API through koffi into the HCN test
// double, which forwards each call to the HNS simulator (HNS itself cannot run here).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { MAIN, ROOT } from '../cli.js';
import { startHnsSim } from '../hns-sim.js';
import { section, show } from './print.js';
import { README_FLAGS } from '../../fixtures/readme-example.js';

const ENDPOINT = '93f86a7f-e361-4362-b8a4-81bbb6a622dd';

export async function windowsDemo(): Promise<void> {
  const seed = JSON.parse((await import('node:fs')).readFileSync(path.join(ROOT, 'conf', 'hns-sim-seed.json'), 'utf8')) as object;
  const sim = await startHnsSim(seed);
  const cli = (args: string[], expectCode = 0) => {
    const r = spawnSync(process.execPath, [MAIN, ...args], { env: { ...process.env, ...sim.env }, encoding: 'utf8' });
    show(`$ hcnproxyctl ${args.join(' ')}`, `${r.stdout}${r.stderr}`);
    if (r.status !== expectCode) throw new Error(`expected exit ${expectCode}, got ${r.status}`);
  };
  try {
    section('Windows: the HNS simulator with conf/hns-sim-seed.json (HNS 13.2, 3 endpoints, one with an OutBoundNAT policy)');
    console.log(`  listening on ${sim.addr}; the CLI loads the HCN double through HCNPROXYCTL_HCN_DLL`);
    section("Redirect the pod's TCP traffic: the original tool's README example (9091 in / 9191 out)");
    cli(['add', ENDPOINT, ...README_FLAGS]);
    cli(['list', ENDPOINT]);
    section('Adding the same policy again changes nothing (idempotent)');
    cli(['add', ENDPOINT, ...README_FLAGS]);
    section('A different policy conflicts (one L4WFPPROXY per endpoint) unless --replace is given');
    cli(['add', ENDPOINT, '--port', '15001', '--usersid', 'system'], 1);
    cli(['add', ENDPOINT, '--inbound-port', '15006', '--outbound-port', '15001', '--usersid', 'S-1-5-32-556', '--replace', '--output', 'json']);
    section("Bad input is refused before HNS is asked (the original README's port 90001 is out of range)");
    cli(['add', ENDPOINT, '--port', '9191', '--exclude-ports', '90001'], 2);
    section('Clear removes only the L4WFPPROXY policy; the OutBoundNAT policy stays');
    cli(['clear', ENDPOINT]);
    const state = (await sim.dump()) as { Endpoints: { ID: string; Policies: unknown[] }[] };
    show(`simulator state of ${ENDPOINT}:`, `Policies = ${JSON.stringify(state.Endpoints.find((e) => e.ID === ENDPOINT)!.Policies)}`);
  } finally {
    await sim.stop();
  }
}
