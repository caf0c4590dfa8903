// Which backend serves a pod, loaded only when a pod needs it: a pod that is not opted in never loads
// the nftables bundle (koffi, libnftables) nor HNS.
import { isGuid } from '../hns/guid.js';
import { hnsBackend } from '../hns/backend.js';
import { cacheRoot } from '../runtime/cache-dir.js';
import type { RedirectBackend } from '../policy/backend.js';
import type { PodLog } from './path.js';
import type { HookSettings } from './settings.js';

/** Delegates every call to the backend `load` gives, loaded on the first call. */
function lazyBackend(name: RedirectBackend['name'], load: () => Promise<RedirectBackend>): RedirectBackend {
  let loading: Promise<RedirectBackend> | undefined;
  let loaded: RedirectBackend | undefined;
  const get = () => (loading ??= load().then((b) => (loaded = b)));
  return {
    name,
    mode: () => loaded?.mode(),
    apply: async (target, policy, deadline) => (await get()).apply(target, policy, deadline),
    remove: async (target, deadline) => (await get()).remove(target, deadline),
    check: async (target, policy, deadline) => (await get()).check(target, policy, deadline),
    status: async (deadline) => (await get()).status(deadline),
    ready: async (deadline) => {
      const b = await get();
      return (b.ready ?? b.status).call(b, deadline);
    },
  };
}

/** HNS on Windows, or when the pod's namespace is an HNS GUID (backend "auto"); nftables otherwise. */
export function usesHns(settings: Pick<HookSettings, 'backend'>, netns: string, platform: string = process.platform): boolean {
  return settings.backend === 'hns' || (settings.backend === 'auto' && (platform === 'win32' || isGuid(netns)));
}

export function nftPodBackend(settings: Pick<HookSettings, 'nftMode'>, log: PodLog): RedirectBackend {
  return lazyBackend('nft', async () => {
    const nft = await import('../nft/index.js');
    return nft.nftBackend({
      mode: settings.nftMode,
      onFallback: (reason) => log.log('warn', 'libnftables is not usable: nftables rules are written by spawning nsenter + nft', { reason }),
      expectedCache: nft.expectedCacheIn(cacheRoot()),
    });
  });
}

export function hnsPodBackend(): RedirectBackend {
  return hnsBackend(async () => (await import('../hns/index.js')).openHns());
}

/** The backend for a pod whose network namespace is `netns` (a path, or an HNS namespace GUID). */
export function podBackend(settings: Pick<HookSettings, 'backend' | 'nftMode'>, netns: string, log: PodLog): RedirectBackend {
  return usesHns(settings, netns) ? hnsPodBackend() : nftPodBackend(settings, log);
}
