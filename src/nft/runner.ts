// How the nftables backend reaches a pod's network namespace. Two runners with one interface:
//   libnftables (in-process, the default): setns(2) on the main thread + libnftables through koffi,
//     a few ms per apply (most of it the kernel's) and no process spawned (npm run bench:cni);
//   exec (fallback, or nftMode "exec"): `nsenter --net=<netns> -- nft …`, 15–40 ms per spawn.
export type NftRunnerMode = 'libnftables' | 'exec';

/** The nftMode setting: `auto` uses libnftables when it loads, else exec (logged once). */
export type NftMode = 'auto' | NftRunnerMode;

export const NFT_MODES: readonly NftMode[] = ['auto', 'libnftables', 'exec'];

export interface NftRunner {
  readonly mode: NftRunnerMode;
  /** Whether a question costs less than a failed transaction: in-process, once the process has asked one (see apply.ts). */
  readonly cheapQuestions: boolean;
  /** Runs an nft script in the network namespace, as one transaction. */
  run(netns: string, script: string, deadline: number): Promise<void>;
  /**
   * Our table in the network namespace, as nft prints it: `json` (`nft -j list table`) or `handles`
   * (`nft -a list table`); undefined when the table is absent.
   */
  listTable(netns: string, format: 'json' | 'handles', deadline: number): Promise<string | undefined>;
  /** Loads a script in a throwaway network namespace and returns our table from there as nft's JSON. */
  scratchTable(script: string, deadline: number): Promise<string>;
  /** nft's version (e.g. "1.0.6"). */
  version(deadline: number): Promise<string>;
}
