// hns-sim: the HNS simulator behind the HCN C double (test/support/hcn-double), and its control CLI.
//   hns-sim --seed <file> --listen <unix path | 127.0.0.1:PORT> [--dump-on-exit <file>]
//   hns-sim ctl --connect <addr> dump|counts|handles|reset|version <major>.<minor>|fault <fn|*> <hresult-hex> [times]
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { simControl } from './client.js';
import { handlePayload } from './dispatch.js';
import { SeedError, loadSeedFile } from './seed.js';
import { serve } from './server.js';
import { createSim } from './sim.js';
import { dumpState } from './state.js';

const USAGE = `usage: hns-sim --seed <file> --listen <unix path | 127.0.0.1:PORT> [--dump-on-exit <file>]
       hns-sim ctl --connect <addr> dump|counts|handles|reset|version <major>.<minor>|fault <fn|*> <hresult-hex> [times]`;

class UsageError extends Error {}

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

async function runServer(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { seed: { type: 'string' }, listen: { type: 'string' }, 'dump-on-exit': { type: 'string' } },
    strict: true,
  });
  if (!values.seed || !values.listen) throw new UsageError('--seed and --listen are required');
  const sim = createSim(loadSeedFile(values.seed));
  const server = await serve(values.listen, (payload) => handlePayload(sim, payload), log);
  const dumpFile = values['dump-on-exit'];
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    server.close().then(
      () => {
        if (dumpFile) fs.writeFileSync(dumpFile, `${JSON.stringify(dumpState(sim.state), null, 2)}\n`);
        process.exit(0);
      },
      (e: unknown) => {
        log(`hns-sim: ${(e as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.stdout.write(`hns-sim listening on ${server.address}\n`);
}

function ctlRequest(op: string | undefined, rest: string[]): object {
  switch (op) {
    case 'dump':
    case 'counts':
    case 'handles':
    case 'reset':
      if (rest.length > 0) break;
      return { op };
    case 'version': {
      const m = /^([0-9]+)\.([0-9]+)$/.exec(rest[0] ?? '');
      if (!m || rest.length !== 1) throw new UsageError('version needs <major>.<minor>, e.g. 13.1');
      return { op, Major: Number(m[1]), Minor: Number(m[2]) };
    }
    case 'fault': {
      const [fn, hresult, times, ...extra] = rest;
      if (!fn || !hresult || extra.length > 0 || (times !== undefined && !/^[0-9]+$/.test(times))) {
        throw new UsageError('fault needs <fn|*> <hresult-hex> [times]');
      }
      return { op, fn, hresult, ...(times === undefined ? {} : { times: Number(times) }) };
    }
  }
  throw new UsageError(`unknown or malformed ctl command: ${[op, ...rest].join(' ')}`);
}

async function runCtl(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: { connect: { type: 'string' } }, allowPositionals: true, strict: true });
  if (!values.connect) throw new UsageError('ctl needs --connect <addr>');
  const [op, ...rest] = positionals;
  const answer = await simControl(values.connect, ctlRequest(op, rest));
  process.stdout.write(`${JSON.stringify(answer, null, 2)}\n`);
  return answer?.ok === true ? 0 : 1;
}

async function main(argv: string[]): Promise<number | undefined> {
  try {
    if (argv[0] === 'ctl') return await runCtl(argv.slice(1));
    await runServer(argv);
    return undefined; // keeps serving until a signal
  } catch (e) {
    if (e instanceof SeedError) {
      log(`hns-sim: invalid seed: ${e.message}`);
      return 2;
    }
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      log(`hns-sim: ${(e as Error).message}\n${USAGE}`);
      return 2;
    }
    log(`hns-sim: ${(e as Error).message}`);
    return 1;
  }
}

main(process.argv.slice(2)).then((code) => {
  if (code !== undefined) process.exitCode = code;
});
