// Under Wine (where the Windows executable is tested) Node cannot create its stdout/stderr stream
// objects on pipes: the getter throws EBADF. We never use those objects (see fdio.ts), but a library
// may touch them — koffi's CJS entry reads every export of node:util, which builds process.stderr.
// On Windows, a failing getter falls back to a minimal stream that writes through the descriptor.
import { writeFd } from './fd-io.js';

function fdStream(fd: number): object {
  const stream = {
    fd,
    isTTY: false,
    writable: true,
    columns: 80,
    write(chunk: string | Uint8Array, encoding?: unknown, cb?: unknown): boolean {
      writeFd(fd, typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      const done = typeof encoding === 'function' ? encoding : cb;
      if (typeof done === 'function') (done as () => void)();
      return true;
    },
    end(): void {},
    hasColors: () => false,
    getColorDepth: () => 1,
    on: () => stream,
    once: () => stream,
    off: () => stream,
    removeListener: () => stream,
    emit: () => false,
  };
  return stream;
}

export function guardStdioOnWindows(): void {
  if (process.platform !== 'win32') return;
  for (const [name, fd] of [
    ['stdout', 1],
    ['stderr', 2],
  ] as const) {
    const desc = Object.getOwnPropertyDescriptor(process, name);
    const original = desc?.get;
    if (!original || !desc.configurable) continue;
    let value: unknown;
    Object.defineProperty(process, name, {
      configurable: true,
      enumerable: desc.enumerable ?? true,
      get() {
        if (value === undefined) {
          try {
            value = original.call(process);
          } catch {
            value = fdStream(fd);
          }
        }
        return value;
      },
    });
  }
}
