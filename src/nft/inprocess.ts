// The in-process runner: the main thread enters the pod's network namespace (setns) just long enough to
// make a libnftables context — its netlink socket is opened there — and comes back; the command then
// runs on a libuv worker thread with the caller's deadline, so a libnftables call that hangs (a kernel
// stuck on the nftables mutex, say) is answered with TIMEOUT instead of freezing the daemon. No process
// is spawned. CHECK's normalisation loads the expected table in a throwaway namespace made with
// unshare(CLONE_NEWNET), also in-process.
//
// Calls run one at a time (libnftables keeps some state per process). A call that overran is left
// running — it cannot be cancelled — and libnftables is not used again while it might still be inside:
// the runner hands every later call to `afterOverrun` (the exec runner: nsenter + nft, which can be
// killed) and says so once.
import { NftError, nftErrorText, timeLeft } from './errors.js';
import { loadNativeNft, NftOverrun, OUTPUT_HANDLE, OUTPUT_JSON, type NativeNft, type NftContext, type NftResult } from './libnftables.js';
import { NetnsSwitcher } from './netns.js';
import { TABLE_FAMILY, TABLE_NAME } from './render.js';
import type { NftRunner } from './runner.js';

const LIST_TABLE = `list table ${TABLE_FAMILY} ${TABLE_NAME}`;
const ABSENT = /No such file or directory/;

export interface InProcessOptions {
  /** Serves every call once a libnftables call overran its deadline; none: such calls fail with TIMEOUT. */
  afterOverrun?: () => NftRunner;
  /** Told once, when libnftables is set aside after an overrun. */
  onOverrun?: (reason: string) => void;
}

/** Throws NftError LIBNFTABLES_UNAVAILABLE when koffi or libnftables.so.1 cannot be loaded. */
export function inProcessRunner(native: NativeNft = loadNativeNft(), switcher = new NetnsSwitcher(native), opts: InProcessOptions = {}): NftRunner {
  let queue: Promise<unknown> = Promise.resolve();
  let overrun: NftError | undefined;
  let fallback: NftRunner | undefined;
  /** libnftables has served a call in this process (its first costs ≈ 2 ms more than the later ones). */
  let used = false;

  /** Runs `work` after the calls before it; after an overrun, `instead` (the fallback) runs it. */
  const serial = <T>(work: () => Promise<T>, instead: (r: NftRunner) => Promise<T>): Promise<T> => {
    const next = queue.then(async () => {
      if (overrun) {
        if (!opts.afterOverrun) throw new NftError('TIMEOUT', `libnftables is not used again in this process: ${overrun.message}`);
        return instead((fallback ??= opts.afterOverrun()));
      }
      try {
        return await work();
      } catch (e) {
        if (e instanceof NftOverrun) {
          overrun = e;
          opts.onOverrun?.(`${e.message}; later calls spawn nsenter + nft`);
        }
        throw e;
      }
    });
    queue = next.catch(() => undefined);
    return next;
  };

  /** Makes a context inside `netns` (or a scratch namespace), runs `use` on it, frees it. */
  const withContext = async (where: string | 'scratch', use: (ctx: NftContext) => Promise<NftResult>): Promise<NftResult> => {
    const ctx = where === 'scratch' ? switcher.inScratch(() => native.open()) : switcher.inNetns(where, () => native.open());
    try {
      const r = await use(ctx);
      used = true;
      return r;
    } finally {
      ctx.free();
    }
  };

  return {
    get mode() {
      return overrun && fallback ? fallback.mode : 'libnftables';
    },
    get cheapQuestions() {
      return used && !overrun;
    },
    run(netns, script, deadline) {
      return serial(
        async () => {
          timeLeft(deadline, 'nft');
          const r = await withContext(netns, (ctx) => ctx.runScript(script, deadline));
          if (!r.ok) throw new NftError('NFT_FAILED', `nft failed in ${netns}: ${nftErrorText(r.error)}`, r.error);
        },
        (f) => f.run(netns, script, deadline),
      );
    },
    listTable(netns, format, deadline) {
      return serial(
        async () => {
          timeLeft(deadline, 'nft list table');
          const r = await withContext(netns, (ctx) => ctx.runCommand(LIST_TABLE, format === 'json' ? OUTPUT_JSON : OUTPUT_HANDLE, deadline));
          if (r.ok) return r.output;
          if (ABSENT.test(r.error)) return undefined;
          throw new NftError('NFT_FAILED', `nft ${LIST_TABLE} failed in ${netns}: ${nftErrorText(r.error)}`, r.error);
        },
        (f) => f.listTable(netns, format, deadline),
      );
    },
    scratchTable(script, deadline) {
      return serial(
        async () => {
          timeLeft(deadline, 'nft in a scratch namespace');
          // One context: the scratch namespace lives as long as its socket does.
          const r = await withContext('scratch', async (ctx) => {
            const loadedScript = await ctx.runScript(script, deadline);
            return loadedScript.ok ? ctx.runCommand(LIST_TABLE, OUTPUT_JSON, deadline) : loadedScript;
          });
          if (!r.ok)
            throw new NftError('NFT_FAILED', `nft could not load the expected table in a scratch network namespace: ${nftErrorText(r.error)}`, r.error);
          return r.output;
        },
        (f) => f.scratchTable(script, deadline),
      );
    },
    version(deadline) {
      return serial(
        async () => {
          timeLeft(deadline, 'nft version');
          // libnftables has no version call; its JSON output starts with {"metainfo": {"version": …}}.
          const r = await withContext('scratch', (ctx) => ctx.runCommand('list tables', OUTPUT_JSON, deadline));
          const version = /"version":\s*"([^"]+)"/.exec(r.output)?.[1];
          if (!r.ok || !version) throw new NftError('NFT_FAILED', `libnftables did not report its version: ${nftErrorText(r.error)}`, r.error);
          return version;
        },
        (f) => f.version(deadline),
      );
    },
  };
}
