// A recording RedirectBackend for the pod path's tests: every call is kept; `fail` makes the next
// calls throw what a real backend would (a transient timeout, an internal failure, a refused policy).
import { NftError } from '../../../src/nft/errors.js';
import { PolicyError } from '../../../src/policy/errors.js';
import type { BackendMode, CheckOutcome, PodTarget, RedirectBackend } from '../../../src/policy/backend.js';
import type { ProxyPolicy } from '../../../src/policy/model.js';

export type FakeFailure = 'transient' | 'internal' | 'policy' | undefined;

export interface FakeBackend extends RedirectBackend {
  calls: Array<{ op: string; target?: PodTarget; policy?: ProxyPolicy; deadline: number }>;
  fail: FakeFailure;
  checkResult: CheckOutcome;
}

function failure(kind: Exclude<FakeFailure, undefined>): Error {
  if (kind === 'policy') return new PolicyError([{ field: 'proxyUid', message: 'refused by the backend' }]);
  if (kind === 'transient') return new NftError('TIMEOUT', 'deadline passed');
  return new NftError('NFT_FAILED', 'nft exploded', 'Error: boom');
}

export function fakeBackend(): FakeBackend {
  const b: FakeBackend = {
    name: 'nft',
    calls: [],
    fail: undefined,
    checkResult: { ok: true },
    mode: (): BackendMode => 'libnftables',
    async apply(target, policy, deadline) {
      b.calls.push({ op: 'apply', target, policy, deadline });
      if (b.fail) throw failure(b.fail);
      return `applied in ${target.netns}`;
    },
    async remove(target, deadline) {
      b.calls.push({ op: 'remove', target, deadline });
      if (b.fail) throw failure(b.fail);
      return `removed from ${target.netns}`;
    },
    async check(target, policy, deadline) {
      b.calls.push({ op: 'check', target, policy, deadline });
      if (b.fail) throw failure(b.fail);
      return b.checkResult;
    },
    async status(deadline) {
      b.calls.push({ op: 'status', deadline });
      return b.fail ? { ok: false, reason: 'no nft here' } : { ok: true, detail: 'libnftables 1.0.6 (in-process)' };
    },
  };
  return b;
}
