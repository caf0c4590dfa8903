// The Linux redirect backend: the RedirectBackend interface over the nftables operations. The pod's
// target is its network namespace path.
import type { BackendMode, RedirectBackend } from '../policy/backend.js';
import { applyPolicy, checkTable, nftAvailable, nftRunner, removeTable, type NftOptions } from './apply.js';
import { findBinary } from './exec.js';

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
    // Two stats instead of loading koffi and libnftables (+20 ms a call): where nft and nsenter are
    // installed, ADD is serviced whatever becomes of libnftables (auto falls back to them). Only a node
    // that must use libnftables, or lacks them, pays for the full probe.
    async ready(deadline) {
      if (opts.mode !== 'libnftables' && findBinary('nft', opts.nftPath) && findBinary('nsenter', opts.nsenterPath)) {
        return { ok: true, detail: 'nft and nsenter are installed (ADD writes rules in-process with libnftables, else with them)' };
      }
      return this.status(deadline);
    },
  };
}
