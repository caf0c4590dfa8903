// `install-cni --config` accepts exactly the keys of the one settings parser (src/pod/settings.ts), and
// every one of them reaches the plugin: the keys the parser reads are recorded as it reads them, so a
// key added there and not here (or the reverse) fails this suite.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parsePluginConf } from '../../src/cni/config.js';
import { buildEntry, SETTING_KEYS } from '../../src/cni/install/conflist.js';
import { parseHookSettings, HOOK_SETTING_KEYS } from '../../src/pod/settings.js';
import { runCli } from '../support/cli.js';

const CAP = 'io.kubernetes.cri.pod-annotations';
const sorted = (xs: Iterable<string>) => [...xs].sort();

/** The keys parseHookSettings reads from its document, recorded by a Proxy as it reads them. */
function keysTheParserReads(): string[] {
  const read = new Set<string>();
  const doc = new Proxy({} as Record<string, unknown>, {
    get(_t, key) {
      if (typeof key === 'string') read.add(key);
      return undefined;
    },
  });
  parseHookSettings(doc);
  return sorted(read);
}

/** One valid, non-default value per key. */
const SAMPLES: Record<string, unknown> = {
  policy: { outboundPort: 15001, inboundPort: 15006 },
  profiles: ['istio'],
  allowPodOverrides: true,
  meshDefaults: { linkerd: { ipFamilies: 'dual' } },
  failOpen: true,
  backend: 'nft',
  nftMode: 'exec',
  excludeNamespaces: ['kube-system', 'monitoring'],
  logFile: '/var/log/hcnproxyctl-cni.log',
  logLevel: 'debug',
};

const tmps: string[] = [];
afterEach(() => {
  for (const d of tmps.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('the installer accepts the settings parser’s keys, all of them and only them', () => {
  it('the keys the parser reads = HOOK_SETTING_KEYS = the installer’s SETTING_KEYS', () => {
    expect(keysTheParserReads()).toEqual(sorted(HOOK_SETTING_KEYS));
    expect(sorted(SETTING_KEYS)).toEqual(sorted(HOOK_SETTING_KEYS));
    expect(sorted(Object.keys(SAMPLES))).toEqual(sorted(HOOK_SETTING_KEYS));
    expect(SETTING_KEYS).toContain('nftMode');
    expect(SETTING_KEYS).toContain('excludeNamespaces');
    expect(SETTING_KEYS).toContain('meshDefaults');
  });

  it('the README conflist table documents exactly these keys', () => {
    const readme = fs.readFileSync(path.join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('| key | meaning |'));
    const rows = table.slice(0, table.indexOf('\n\n')).split('\n').slice(2);
    const documented = rows.flatMap((row) => [...(row.split(' | ')[0] ?? '').matchAll(/`(\w+)`/g)].map((m) => m[1]!));
    expect(sorted(documented)).toEqual(sorted(HOOK_SETTING_KEYS));
  });

  it.each(Object.entries(SAMPLES))('%s: accepted, kept in the entry, and it changes what the plugin parses (not silently ignored)', (key, value) => {
    const entry = buildEntry({ [key]: value });
    expect(entry).toEqual({ type: 'hcnproxyctl', capabilities: { [CAP]: true }, [key]: value });
    const plain = parsePluginConf({ cniVersion: '1.0.0', name: 'n', ...buildEntry({}) }).settings;
    const set = parsePluginConf({ cniVersion: '1.0.0', name: 'n', ...entry }).settings;
    expect(set).not.toEqual(plain);
  });

  it('the CNI envelope’s keys, other keys and misspellings are refused, naming the accepted ones', () => {
    for (const key of ['type', 'name', 'cniVersion', 'capabilities', 'plugins', 'prevResult', 'runtimeConfig', 'polcy', 'NftMode', 'exclude_namespaces']) {
      expect(() => buildEntry({ [key]: 'x' }), key).toThrow(`unknown key "${key}" (expected ${HOOK_SETTING_KEYS.join(', ')})`);
    }
  });

  it('through the executable: --config with every key at once is installed as given; --help names every key', () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'hcnproxyctl-install-keys-'));
    tmps.push(d);
    const conf = path.join(d, '10-net.conflist');
    fs.writeFileSync(conf, JSON.stringify({ cniVersion: '1.0.0', name: 'podnet', plugins: [{ type: 'bridge' }] }));
    const settings = path.join(d, 'settings.json');
    fs.writeFileSync(settings, JSON.stringify(SAMPLES));
    const r = runCli(['install-cni', '--conf-file', conf, '--config', settings]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const list = JSON.parse(fs.readFileSync(conf, 'utf8')) as { plugins: unknown[] };
    expect(list.plugins.at(-1)).toEqual({ type: 'hcnproxyctl', capabilities: { [CAP]: true }, ...SAMPLES });
    fs.writeFileSync(settings, JSON.stringify({ nftMode: 'exec', excludeNamespaces: ['kube-system'], nftmode: 'exec' }));
    const bad = runCli(['install-cni', '--conf-file', conf, '--config', settings]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(`hcnproxyctl: --config ${settings}: unknown key "nftmode" (expected ${HOOK_SETTING_KEYS.join(', ')})\n`);
    const help = runCli(['install-cni', '--help']).stdout.replace(/\s+/g, ' ');
    for (const key of HOOK_SETTING_KEYS) expect(help).toContain(key);
  });
});
