// CLI output through file descriptors (see fdio.ts for why).
import { writeFd } from '../fdio.js';

export const out = (text: string): void => writeFd(1, text);
export const err = (text: string): void => writeFd(2, text);
