// The README's first command must stay true: `npm run demo` (dist/demo.cjs) runs to the end and shows
// the redirect at work on Linux and the HNS policy on the simulator.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/cli.js';
import { skipUnlessNetAdmin } from '../support/netns.js';

const skip = skipUnlessNetAdmin('the demo (npm run demo)');

describe.skipIf(skip)('npm run demo', () => {
  it('exits 0 with the expected lines', () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'demo.cjs')], { encoding: 'utf8', timeout: 120_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n').map((l) => l.trim());
    const answer = (from: string) =>
      lines
        .find((l) => l.startsWith(from))
        ?.split('→')
        .pop()
        ?.trim();
    expect(answer('pod app → peer 198.18.97.3:8080 ')).toBe('the sidecar proxy, outbound listener :15001');
    expect(answer('proxy (uid 1337) → peer')).toBe('the peer app :8080');
    expect(answer('pod app → peer 198.18.97.3:9091 (excluded port)')).toBe('the peer :9091');
    expect(answer('peer → pod')).toBe('the sidecar proxy, inbound listener :15006');
    expect(answer('pod app → 127.0.0.1:8080')).toBe('the pod app :8080');
    expect(lines).toContain('CHECK: ok');
    expect(lines).toContain('after DEL, pod tables: (none)');
    expect(lines).toContain('Successfully added the policy');
    expect(lines).toContain('The policy is already on the endpoint: nothing changed');
    expect(lines).toContain('Removed 1 policies');
    expect(lines).toContain('Policies = [{"Type":"OutBoundNAT","Settings":{"Exceptions":["10.244.0.0/16","10.96.0.0/12"]}}]');
    expect(lines[lines.length - 2]).toBe('Demo finished.');
  });
});
