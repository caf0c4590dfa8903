// The README documents generated facts; keep them in step with the code.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const golden = (name: string) => fs.readFileSync(path.join(ROOT, 'test', 'golden', name), 'utf8').trimEnd();

describe('README', () => {
  it('shows the annotation table as the code defines it', () => {
    expect(readme).toContain(golden('annotations/keys.md'));
  });
  it('shows the istio ruleset as rendered', () => {
    expect(readme).toContain(golden('nft/istio-defaults.nft'));
  });
  it('shows the README example policy as rendered', () => {
    expect(readme).toContain(golden('hns/readme-example.policy.json'));
  });
});
