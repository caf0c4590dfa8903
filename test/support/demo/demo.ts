// `npm run demo`, the README's first command: the real thing on this one machine.
import { bold } from './print.js';
import { linuxDemo, linuxDemoBlocker } from './linux.js';
import { windowsDemo } from './windows.js';

async function main(): Promise<void> {
  const blocker = linuxDemoBlocker();
  if (blocker) console.log(bold(`\n(Linux part skipped: ${blocker})`));
  else await linuxDemo();
  await windowsDemo();
  console.log(`\n${bold('Demo finished.')}`);
}

main().catch((e: unknown) => {
  console.error(`demo failed: ${(e as Error).stack ?? String(e)}`);
  process.exitCode = 1;
});
