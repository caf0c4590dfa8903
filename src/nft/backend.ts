// The Linux redirect backend: the RedirectBackend interface over the nftables operations. The pod's
// target is its network namespace path.
import type { BackendMode, RedirectBackend } from '../policy/backend.js';
import { applyPolicy, checkTable, nftAvailable, nftRunner, removeTable, type NftOptions } from './apply.js';

export function nftBackend(opts: NftOptions = {}): RedirectBackend {
  let mode: BackendMode | undefined;
  const at = (deadline: number): NftOptions => {
    mode = nftRunner(opts).mode; // it changes if libnftables is set aside after an overrun
    return { ...opts, deadline };
  };
  return {
    name: 'nft',
    mode: () => mode,
    async apply(target, policy, deadline) {
      await applyPolicy(target.netns, policy, at(deadline));
      return `nftables table inet hcnproxyctl applied in ${target.netns} (${mode})`;
    },
    async remove(target, deadline) {
      if (!target.netns) return 'no network namespace: nothing to remove (the table died with it)';
      await removeTable(target.netns, at(deadline));
      return `nftables table inet hcnproxyctl removed from ${target.netns}`;
    },
    async check(target, policy, deadline) {
      return checkTable(target.netns, policy, at(deadline));
    },
    async status(deadline) {
      const s = await nftAvailable({ ...opts, deadline });
      if (!s.ok) return { ok: false, reason: s.reason };
      mode = s.mode;
      return { ok: true, detail: s.mode === 'libnftables' ? `libnftables ${s.version} (in-process)` : `nft ${s.version} (exec: nsenter + nft)` };
    },
  };
}
