// Keeping our entry in place: a network plugin's own installer (flannel, calico, …) rewrites its
// configuration when it starts or upgrades, dropping entries it does not know. Like istio-cni and
// linkerd-cni we watch the directory and re-insert; a periodic re-check covers missed events (fs.watch
// is best effort, and the directory may not exist yet). Reconciling an unchanged file writes nothing,
// so our own rename's event ends the loop.
import fs from 'node:fs';
import type { Logger } from '../../runtime/log.js';

export interface WatchOptions {
  dir: string;
  /** Does one reconciliation; errors are its own to log. */
  reconcile: (reason: string) => void;
  /** Periodic re-check. */
  intervalMs: number;
  /** Events closer than this are handled once, after the last. */
  debounceMs: number;
  log: Logger;
}

export interface Watch {
  close(): void;
}

/** Calls `fn` once `ms` after the last of a burst of `trigger()` calls. */
export function debounce(fn: () => void, ms: number): { trigger(): void; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  return {
    trigger() {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = undefined;
        fn();
      }, ms);
    },
    cancel() {
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}

export function watchConfDir(o: WatchOptions): Watch {
  let watcher: fs.FSWatcher | undefined;
  let closed = false;
  let watchFailure = '';
  const onEvent = debounce(() => o.reconcile('change'), o.debounceMs);

  const open = () => {
    if (watcher || closed) return;
    try {
      const w = fs.watch(o.dir, { persistent: true }, () => onEvent.trigger());
      w.on('error', (e) => {
        o.log.log('warn', 'watching the configuration directory failed; re-checking periodically', { dir: o.dir, error: e.message });
        w.close();
        if (watcher === w) watcher = undefined;
      });
      watcher = w;
      watchFailure = '';
    } catch (e) {
      const msg = (e as Error).message;
      if (msg !== watchFailure) o.log.log('warn', 'cannot watch the configuration directory yet; re-checking periodically', { dir: o.dir, error: msg });
      watchFailure = msg;
    }
  };

  open();
  o.reconcile('start');
  const tick = setInterval(() => {
    open(); // the directory may have appeared, or the watcher died with it
    o.reconcile('periodic');
  }, o.intervalMs);

  return {
    close() {
      closed = true;
      clearInterval(tick);
      onEvent.cancel();
      watcher?.close();
      watcher = undefined;
    },
  };
}
