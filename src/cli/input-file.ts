// A file named by a flag, or standard input for "-": its text, bounded, and a usage error naming the
// flag when it cannot be read.
import { readFileSync } from 'node:fs';
import { readFdToEnd } from '../runtime/fd-io.js';
import { UsageError } from './usage-error.js';

const MAX_INPUT = 4 << 20;

export function readInputFile(file: string, flag: string): string {
  try {
    return file === '-' ? readFdToEnd(0, MAX_INPUT) : readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`${flag} ${file}: ${(e as Error).message}`);
  }
}
