// The run's host check (test/support/global-setup.ts) holds to its claim with the hostile input it is
// about: a network namespace created during the run and still there when the run ends fails the run,
// naming it. (Its other half, undoing iproute2's /run/netns mount, runs at the end of every run.)
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import setup from '../support/global-setup.js';
import { skipUnlessNetAdmin } from '../support/netns.js';

const skip = skipUnlessNetAdmin('test/hardening/host-check.test.ts');

describe.skipIf(skip)('the run’s host check', () => {
  it('a namespace left behind fails the teardown, which names it', () => {
    const teardown = setup();
    const name = `hpt-${randomBytes(3).toString('hex')}-hostcheck`;
    execFileSync('ip', ['netns', 'add', name]);
    try {
      expect(teardown).toThrow(new RegExp(`left network namespaces behind: .*${name}`));
    } finally {
      execFileSync('ip', ['netns', 'del', name]);
    }
  });
});
