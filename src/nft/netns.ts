// Entering a network namespace in-process: setns(2) moves only the calling thread, so the main thread
// goes into the pod's namespace, runs libnftables, and comes back — all synchronously. Nothing may
// await in between: a callback that ran then would open its sockets inside the pod. Every path returns
// the thread home (try/finally), and that it did is checked against /proc/thread-self/ns/net.
import { closeSync, openSync, readlinkSync } from 'node:fs';
import { NftError } from './errors.js';
import { CLONE_NEWNET, type NativeNft } from './libnftables.js';

const SELF = '/proc/thread-self/ns/net';

export class NetnsSwitcher {
  private homeFd: number | undefined;
  private homeLink = '';
  private inside = false;
  /** Set when the thread could not be brought home: every later call refuses to run. */
  private stranded: NftError | undefined;

  constructor(private readonly native: Pick<NativeNft, 'setns' | 'unshare'>) {}

  /** Runs `fn` with this thread inside the network namespace at `path`, and returns home before returning. */
  inNetns<T>(path: string, fn: () => T): T {
    this.ready();
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new NftError(
        code === 'ENOENT' ? 'NETNS_NOT_FOUND' : 'NETNS_FAILED',
        `network namespace ${path} ${code === 'ENOENT' ? 'does not exist' : `cannot be opened: ${(e as Error).message}`}`,
      );
    }
    try {
      try {
        this.native.setns(fd, CLONE_NEWNET);
      } catch (e) {
        // Still home: setns changes nothing when it fails.
        throw new NftError('NETNS_NOT_FOUND', `${path} is not a usable network namespace: ${(e as Error).message}`);
      }
      return this.thenHome(fn);
    } finally {
      closeSync(fd);
    }
  }

  /** Runs `fn` in a brand-new, empty network namespace, which the kernel frees once we are back home. */
  inScratch<T>(fn: () => T): T {
    this.ready();
    try {
      this.native.unshare(CLONE_NEWNET);
    } catch (e) {
      throw new NftError('NETNS_FAILED', `cannot create a scratch network namespace: ${(e as Error).message}`);
    }
    return this.thenHome(fn);
  }

  /** The namespace this thread returns to, as /proc shows it (e.g. "net:[4026531840]"). */
  get home(): string {
    this.ready();
    return this.homeLink;
  }

  private ready(): void {
    if (this.stranded) throw this.stranded;
    if (this.inside) throw new NftError('NETNS_FAILED', 'nested network namespace switch (a call re-entered while inside a pod)');
    if (this.homeFd === undefined) {
      this.homeLink = readlinkSync(SELF);
      this.homeFd = openSync(SELF, 'r');
    }
  }

  private thenHome<T>(fn: () => T): T {
    this.inside = true;
    try {
      return fn();
    } finally {
      this.goHome();
    }
  }

  private goHome(): void {
    let problem = '';
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        this.native.setns(this.homeFd!, CLONE_NEWNET);
        const now = readlinkSync(SELF);
        if (now === this.homeLink) {
          this.inside = false;
          return;
        }
        problem = `the thread is in ${now}, not ${this.homeLink}`;
      } catch (e) {
        problem = (e as Error).message;
      }
    }
    this.stranded = new NftError('NETNS_FAILED', `cannot return to the host network namespace (${problem}): refusing further nftables calls in this process`);
    throw this.stranded;
  }
}
