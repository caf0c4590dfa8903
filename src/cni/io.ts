import { InputTooLargeError, readFdToEnd } from '../runtime/fd-io.js';
import { CNI_CODES, CniError } from './errors.js';

/** The network configuration is small; a runaway writer must not make us buffer without end. */
export const STDIN_LIMIT = 1024 * 1024;

export function readConfigText(fd = 0, limit = STDIN_LIMIT): string {
  try {
    return readFdToEnd(fd, limit);
  } catch (e) {
    if (e instanceof InputTooLargeError) throw new CniError(CNI_CODES.INVALID_CONFIG, `network configuration on stdin is larger than ${limit} bytes`);
    throw new CniError(CNI_CODES.IO_FAILURE, `cannot read the network configuration from stdin: ${(e as Error).message}`);
  }
}
