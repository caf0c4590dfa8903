// Lists that must agree with their source, enumerated: the settings flags against the settings keys,
// and the CNI error codes the plugin can answer with against CNI_CODES and the README.
import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { addSettingsFlags, flagSettings } from '../../src/cli/settings-flags.js';
import { CNI_CODES } from '../../src/cni/errors.js';
import { HOOK_SETTING_KEYS } from '../../src/pod/settings.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** Settings keys with no flag, and why: each is an object or a choice a node makes once, in its file. */
const FILE_ONLY: Record<string, string> = {
  backend: 'the backend follows the platform and the netns (auto); forcing one is a node file setting',
  meshDefaults: 'a per-mesh object of policy values',
};

describe('the settings flags are the settings keys', () => {
  it('every flag lands on a key the parser reads; every key but the file-only ones has a flag', () => {
    const cmd = addSettingsFlags(new Command('x').exitOverride()).option('--log-file <path>').option('--log-level <level>');
    cmd.parse(
      [
        '--fail-open',
        '--profiles=istio',
        '--allow-pod-overrides',
        '--exclude-namespaces=a',
        '--nft-mode=exec',
        '--inbound-port=15006',
        '--log-file=/x',
        '--log-level=debug',
      ],
      { from: 'user' },
    );
    const keys = Object.keys(flagSettings(cmd.opts()));
    const settingKeys: readonly string[] = HOOK_SETTING_KEYS;
    expect(keys.filter((k) => !settingKeys.includes(k))).toEqual([]);
    expect(settingKeys.filter((k) => !keys.includes(k)).sort()).toEqual(Object.keys(FILE_ONLY).sort());
  });
});

describe('the CNI error codes', () => {
  const used = new Set<string>();
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, e.name);
      if (e.isDirectory()) walk(file);
      else for (const m of fs.readFileSync(file, 'utf8').matchAll(/CNI_CODES\.([A-Z_]+)/g)) used.add(m[1]!);
    }
  };
  walk(path.join(ROOT, 'src'));
  const codes = CNI_CODES as Record<string, number>;
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const paragraph = readme.slice(readme.indexOf("Errors are the spec's JSON on stdout"), readme.indexOf('### The rules (Linux)'));

  it('every code the plugin answers with is one of CNI_CODES and is in the README’s list of errors, and no other is', () => {
    expect([...used].filter((n) => !(n in codes))).toEqual([]);
    const answered = [...used].map((n) => codes[n]!).sort((a, b) => a - b);
    const documented = [...paragraph.matchAll(/(?<![\d.])(\d{1,3})(?=[ /])/g)].map((m) => Number(m[1])).sort((a, b) => a - b);
    expect(documented).toEqual(answered);
  });
});
