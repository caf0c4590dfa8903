// Starts the HNS simulator (dist/hns-sim.cjs) as its own process for a test suite. It must be a separate
// process: koffi calls into the HCN double block the calling thread, so an in-process server would deadlock.
// Expects dist/hns-sim.cjs and dist/hcn-double/libhcn_double.so to be built by the test command.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { simControl } from './hns-sim/client.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const HNS_SIM_BUNDLE = path.join(ROOT, 'dist', 'hns-sim.cjs');
export const HCN_DOUBLE_LIB = path.join(ROOT, 'dist', 'hcn-double', 'libhcn_double.so');

export interface SeedPolicy {
  Type: string;
  Settings?: Record<string, unknown>;
}

export interface SeedEndpoint {
  ID: string;
  Name?: string;
  HostComputeNetwork?: string;
  HostComputeNamespace?: string;
  Policies?: SeedPolicy[];
  IpConfigurations?: { IpAddress: string; PrefixLength?: number }[];
  MacAddress?: string;
  SchemaVersion?: { Major: number; Minor: number };
  [key: string]: unknown;
}

export interface SeedNamespace {
  ID: string;
  NamespaceId?: number;
  Type?: string;
  Resources?: { Type: 'Endpoint' | 'Container'; Data: { ID: string } }[];
  SchemaVersion?: { Major: number; Minor: number };
  [key: string]: unknown;
}

export interface Seed {
  Version: { Major: number; Minor: number };
  Networks: Record<string, unknown>[];
  Namespaces: SeedNamespace[];
  Endpoints: SeedEndpoint[];
}

export interface HnsSimOptions {
  /** Listen on 127.0.0.1:<free port> instead of a Unix socket (what the Windows build of the double needs). */
  tcp?: boolean;
  /** Where the simulator writes its final state on stop. */
  dumpOnExit?: string;
  /** How long to wait for the ready line; default 10 s. */
  startTimeoutMs?: number;
  /** Other builds than dist/ (the simulator's own end-to-end test builds into a temp folder). */
  simBundle?: string;
  hcnLib?: string;
}

export interface HnsSim {
  addr: string;
  /** HCNPROXYCTL_HNS_SIM and HCNPROXYCTL_HCN_DLL for the process under test. */
  env: Record<string, string>;
  /** Sends a control request; resolves with the answer, rejects when it says {"ok":false}. */
  control(req: object): Promise<any>;
  /** The simulator's state, seed-shaped. */
  dump(): Promise<any>;
  stop(): Promise<void>;
}

/** One L2Bridge network; namespace A with two endpoints, namespace B with one; HNS 13.2. Fixed GUIDs. */
export function sampleSeed(): Seed {
  const network = 'b6a8c2f4-5e0d-4f7a-9c31-2d4e6f8a0b1c';
  const nsA = '5d1a7c3e-9b2f-4e6d-8a0c-1f3b5d7e9a2c';
  const nsB = 'c8e2a4f6-1b3d-4c5e-9f7a-0b2d4f6e8a1c';
  return {
    Version: { Major: 13, Minor: 2 },
    Networks: [
      {
        ID: network,
        Name: 'cbr0',
        Type: 'L2Bridge',
        Ipams: [{ Type: 'Static', Subnets: [{ IpAddressPrefix: '10.244.1.0/24' }] }],
        SchemaVersion: { Major: 2, Minor: 0 },
      },
    ],
    Namespaces: [
      { ID: nsA, NamespaceId: 3, Type: 'HostDefault', SchemaVersion: { Major: 2, Minor: 0 } },
      { ID: nsB, NamespaceId: 4, Type: 'HostDefault', SchemaVersion: { Major: 2, Minor: 0 } },
    ],
    Endpoints: [
      {
        ID: '93f86a7f-e361-4362-b8a4-81bbb6a622dd',
        Name: '3f1c0a9e2b7d4c6e8a0f1b3d5c7e9a2b_cbr0',
        HostComputeNetwork: network,
        HostComputeNamespace: nsA,
        Policies: [
          {
            Type: 'OutBoundNAT',
            Settings: { Exceptions: ['10.244.0.0/16', '10.96.0.0/12', '192.168.10.0/24'] },
          },
        ],
        IpConfigurations: [{ IpAddress: '10.244.1.12', PrefixLength: 24 }],
        MacAddress: '00-15-5D-6A-01-0C',
        SchemaVersion: { Major: 2, Minor: 0 },
      },
      {
        ID: 'e4b9f0a2-7c1d-4e3f-a5b6-c7d8e9f0a1b2',
        Name: '3f1c0a9e2b7d4c6e8a0f1b3d5c7e9a2b_cbr0-eth1',
        HostComputeNetwork: network,
        HostComputeNamespace: nsA,
        Policies: [],
        IpConfigurations: [{ IpAddress: '10.244.1.13', PrefixLength: 24 }],
        MacAddress: '00-15-5D-6A-01-0D',
        SchemaVersion: { Major: 2, Minor: 0 },
      },
      {
        ID: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
        Name: '7d9e1f3a5b7c4d2e9f1a3b5c7d9e1f3a_cbr0',
        HostComputeNetwork: network,
        HostComputeNamespace: nsB,
        Policies: [],
        IpConfigurations: [{ IpAddress: '10.244.1.14', PrefixLength: 24 }],
        MacAddress: '00-15-5D-6A-01-0E',
        SchemaVersion: { Major: 2, Minor: 0 },
      },
    ],
  };
}

function waitForReady(child: ReturnType<typeof spawn>, stderr: () => string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout! });
    const timer = setTimeout(() => finish(new Error(`hns-sim did not start within ${timeoutMs} ms: ${stderr()}`)), timeoutMs);
    const onExit = (code: number | null): void => finish(new Error(`hns-sim exited with ${code} before it was ready: ${stderr().trim()}`));
    function finish(err: Error | null, addr?: string): void {
      clearTimeout(timer);
      child.off('exit', onExit);
      lines.close();
      if (err) reject(err);
      else resolve(addr ?? '');
    }
    child.once('exit', onExit);
    lines.once('line', (line) => {
      const m = /^hns-sim listening on (.+)$/.exec(line);
      finish(m ? null : new Error(`unexpected first line from hns-sim: ${line}`), m?.[1]);
    });
  });
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

export async function startHnsSim(seed: object, opts: HnsSimOptions = {}): Promise<HnsSim> {
  const bundle = opts.simBundle ?? HNS_SIM_BUNDLE;
  const lib = opts.hcnLib ?? HCN_DOUBLE_LIB;
  for (const f of [bundle, lib]) {
    if (!fs.existsSync(f)) throw new Error(`${f} is missing: build it first (node build/bundle.mjs; node build/hcn-double.mjs)`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hns-sim-'));
  const seedFile = path.join(dir, 'seed.json');
  fs.writeFileSync(seedFile, JSON.stringify(seed));
  const listen = opts.tcp ? '127.0.0.1:0' : path.join(dir, 'hns.sock');
  const args = [bundle, '--seed', seedFile, '--listen', listen];
  if (opts.dumpOnExit) args.push('--dump-on-exit', opts.dumpOnExit);
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let errText = '';
  child.stderr!.setEncoding('utf8').on('data', (s: string) => {
    errText += s;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const cleanup = async (): Promise<void> => {
    const pid = child.pid;
    if (child.exitCode === null && child.signalCode === null && pid !== undefined) {
      signal(pid, 'SIGTERM');
      const killer = setTimeout(() => signal(pid, 'SIGKILL'), 5_000);
      await exited;
      clearTimeout(killer);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };

  let addr: string;
  try {
    addr = await waitForReady(child, () => errText, opts.startTimeoutMs ?? 10_000);
  } catch (e) {
    await cleanup();
    throw e;
  }
  const control = async (req: object): Promise<any> => {
    const answer = await simControl(addr, req);
    if (answer?.ok !== true) throw new Error(`hns-sim control ${JSON.stringify(req).slice(0, 200)}: ${answer?.error ?? 'no answer'}`);
    return answer;
  };
  return {
    addr,
    env: { HCNPROXYCTL_HNS_SIM: addr, HCNPROXYCTL_HCN_DLL: path.resolve(lib) },
    control,
    dump: async () => (await control({ op: 'dump' })).state,
    stop: cleanup,
  };
}
