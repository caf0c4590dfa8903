// Native calls that may block (libnftables, HCN) run on one of libuv's worker threads through koffi's
// async calls, so that the main thread keeps its deadline. A call that overran cannot be cancelled:
// it stays on its worker thread. Two things follow, handled here:
//  - it is counted (per process, whichever bundle made it), so its library can be set aside;
//  - exit() would wait for it: libuv's destructor joins its worker threads (Linux). A process with such
//    a call leaves through _exit(2) once its answer is written — every byte we emit is written
//    synchronously, so nothing is lost.
const STRANDED = Symbol.for('hcnproxyctl.strandedNativeCalls');
const g = globalThis as { [STRANDED]?: number };

/** koffi's async form of a function: the arguments, then a Node-style callback. */
export type AsyncNative = (...args: unknown[]) => void;

/**
 * Calls `fn` on a worker thread. Resolves with its result; rejects with `overran()`'s error at the
 * deadline, in which case `late` gets the result if the call ever returns (to free what it used).
 */
export function callBefore<T>(
  fn: { async: AsyncNative },
  args: readonly unknown[],
  deadline: number,
  overran: () => Error,
  late: (result: T | undefined) => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let timedOut = false;
    const timer = setTimeout(
      () => {
        timedOut = true;
        g[STRANDED] = strandedNativeCalls() + 1;
        reject(overran());
      },
      Math.max(0, deadline - Date.now()),
    );
    fn.async(...args, (err: unknown, result: T) => {
      if (timedOut) {
        g[STRANDED] = strandedNativeCalls() - 1;
        late(err ? undefined : result);
        return;
      }
      clearTimeout(timer);
      if (err) reject(err instanceof Error ? err : new Error(String(err)));
      else resolve(result);
    });
  });
}

/** How many native calls overran their deadline and have not returned yet. */
export function strandedNativeCalls(): number {
  return g[STRANDED] ?? 0;
}

/**
 * Ends the process now when a native call is still stranded (exit() would join its thread and wait for
 * it); otherwise returns and lets the process end normally. Windows' exit does not join worker threads.
 */
export async function leaveIfStranded(code: number): Promise<void> {
  if (strandedNativeCalls() === 0 || process.platform === 'win32') return;
  const { loadKoffiNative } = await import('./koffi-native.js');
  const koffi = loadKoffiNative() as { load(lib: string): { func(decl: string): (code: number) => void } };
  koffi.load('libc.so.6').func('void _exit(int status)')(code);
}
