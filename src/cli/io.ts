// CLI output through file descriptors (see src/runtime/fd-io.ts for why).
import { writeFd } from '../runtime/fd-io.js';

export const out = (text: string): void => writeFd(1, text);
export const err = (text: string): void => writeFd(2, text);
