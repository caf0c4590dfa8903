// The in-process runner: the main thread enters the pod's network namespace (setns) and runs the
// script through libnftables — no process spawned. CHECK's normalisation loads the expected table in a
// throwaway namespace made with unshare(CLONE_NEWNET), also in-process.
import { NftError, nftErrorText, timeLeft } from './errors.js';
import { loadNativeNft, OUTPUT_HANDLE, OUTPUT_JSON, type NativeNft } from './libnftables.js';
import { NetnsSwitcher } from './netns.js';
import { TABLE_FAMILY, TABLE_NAME } from './render.js';
import type { NftRunner } from './runner.js';

const LIST_TABLE = `list table ${TABLE_FAMILY} ${TABLE_NAME}`;
const ABSENT = /No such file or directory/;

/** Throws NftError LIBNFTABLES_UNAVAILABLE when koffi or libnftables.so.1 cannot be loaded. */
export function inProcessRunner(native: NativeNft = loadNativeNft(), switcher = new NetnsSwitcher(native)): NftRunner {
  return {
    mode: 'libnftables',
    async run(netns, script, deadline) {
      timeLeft(deadline, 'nft');
      const r = switcher.inNetns(netns, () => native.runScript(script));
      if (!r.ok) throw new NftError('NFT_FAILED', `nft failed in ${netns}: ${nftErrorText(r.error)}`, r.error);
    },
    async listTable(netns, format, deadline) {
      timeLeft(deadline, 'nft list table');
      const r = switcher.inNetns(netns, () => native.runCommand(LIST_TABLE, format === 'json' ? OUTPUT_JSON : OUTPUT_HANDLE));
      if (r.ok) return r.output;
      if (ABSENT.test(r.error)) return undefined;
      throw new NftError('NFT_FAILED', `nft ${LIST_TABLE} failed in ${netns}: ${nftErrorText(r.error)}`, r.error);
    },
    async scratchTable(script, deadline) {
      timeLeft(deadline, 'nft in a scratch namespace');
      const r = switcher.inScratch(() => {
        const loadedScript = native.runScript(script);
        return loadedScript.ok ? native.runCommand(LIST_TABLE, OUTPUT_JSON) : loadedScript;
      });
      if (!r.ok) throw new NftError('NFT_FAILED', `nft could not load the expected table in a scratch network namespace: ${nftErrorText(r.error)}`, r.error);
      return r.output;
    },
    async version(deadline) {
      timeLeft(deadline, 'nft version');
      // libnftables has no version call; its JSON output starts with {"metainfo": {"version": …}}.
      const r = switcher.inScratch(() => native.runCommand('list tables', OUTPUT_JSON));
      const version = /"version":\s*"([^"]+)"/.exec(r.output)?.[1];
      if (!r.ok || !version) throw new NftError('NFT_FAILED', `libnftables did not report its version: ${nftErrorText(r.error)}`, r.error);
      return version;
    },
  };
}
