// The executable's one entry. It picks the face and loads only that face's modules.
import { runCli } from './cli/program.js';

async function main(): Promise<void> {
  process.exitCode = await runCli(process.argv.slice(2));
}

void main();
