// The pure install logic on the fixtures shaped like the network plugins' own configurations.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildEntry, insertEntry, jsonEqual, PLUGIN_TYPE, removeEntry, renderConfig } from '../../../src/cni/install/conflist.js';
import { checkVersion, ConfigFileError, confToList, parseConfig } from '../../../src/cni/install/load-config.js';
import type { Json } from '../../../src/runtime/json.js';

const FIXTURES = path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'conflists');
const read = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');
const CAP = 'io.kubernetes.cri.pod-annotations';

const ACCEPTED = [
  '10-containerd-net.conflist',
  '10-flannel.conflist',
  '10-calico.conflist',
  '10-kindnet.conflist',
  '11-bridge-1.1.0.conflist',
  '10-bridge.conf',
  'sdnbridge-1.0.0.conflist',
  'win-bridge.conflist',
];

const ours = (list: Json) => (list.plugins as Json[]).filter((p) => p.type === PLUGIN_TYPE);
const entry = buildEntry({ policy: { proxySid: 'S-1-5-32-556', inboundPort: 15006 }, failOpen: true });

describe.each(ACCEPTED)('%s', (name) => {
  const original = JSON.parse(read(name)) as Json;
  const originalList = name.endsWith('.conf') ? confToList(original) : original;

  it('insert: exactly one entry, last; everything else deep-equal', () => {
    const { list, converted } = parseConfig(read(name), name);
    expect(converted).toBe(name.endsWith('.conf'));
    const r = insertEntry(list, entry);
    expect(r.action).toBe('inserted');
    expect(ours(r.list)).toHaveLength(1);
    const plugins = r.list.plugins as Json[];
    expect(plugins.at(-1)).toEqual({
      type: 'hcnproxyctl',
      capabilities: { [CAP]: true },
      policy: { proxySid: 'S-1-5-32-556', inboundPort: 15006 },
      failOpen: true,
    });
    expect(plugins.slice(0, -1)).toEqual(originalList.plugins);
    const { plugins: _a, ...restAfter } = r.list;
    const { plugins: _b, ...restBefore } = originalList;
    expect(restAfter).toEqual(restBefore);
    // the input is not modified
    expect(list).toEqual(originalList);
  });

  it('a second insert changes nothing, also after a round trip through the file text', () => {
    const once = insertEntry(parseConfig(read(name), name).list, entry).list;
    const again = insertEntry(once, entry);
    expect(again.action).toBe('unchanged');
    expect(again.list).toBe(once);
    const reparsed = parseConfig(renderConfig(once), 'x.conflist').list;
    expect(insertEntry(reparsed, entry).action).toBe('unchanged');
  });

  it('an entry with other settings is replaced in place, never duplicated', () => {
    const once = insertEntry(parseConfig(read(name), name).list, entry).list;
    const other = buildEntry({ profiles: ['istio'] });
    const r = insertEntry(once, other);
    expect(r.action).toBe('replaced');
    expect(ours(r.list)).toEqual([other]);
    expect((r.list.plugins as Json[]).at(-1)).toEqual(other);
  });

  it('remove restores the original', () => {
    const once = insertEntry(parseConfig(read(name), name).list, entry).list;
    const r = removeEntry(once);
    expect(r.action).toBe('removed');
    expect(r.list).toEqual(originalList);
    expect(removeEntry(r.list).action).toBe('absent');
  });
});

describe('refused configurations', () => {
  it('sdnbridge at 0.2.0: chaining needs prevResult, use 0.3.0 or later', () => {
    expect(() => parseConfig(read('sdnbridge-0.2.0.conflist'), 'sdnbridge-0.2.0.conflist')).toThrow(
      /cniVersion 0\.2\.0: chaining needs prevResult.*0\.3\.0 or later/,
    );
  });

  it('text that is not JSON', () => {
    expect(() => parseConfig(read('broken.conflist'), 'broken.conflist')).toThrow(ConfigFileError);
    expect(() => parseConfig('[]', 'a.conflist')).toThrow(/not a JSON object/);
  });

  it('a .conflist without plugins, a plugin without type, a .conf holding a list', () => {
    expect(() => parseConfig('{"cniVersion":"1.0.0","name":"x","type":"bridge"}', 'a.conflist')).toThrow(/no "plugins" list/);
    expect(() => parseConfig('{"cniVersion":"1.0.0","name":"x","plugins":[{"bridge":"cni0"}]}', 'a.conflist')).toThrow(/plugins\[0\] has no "type"/);
    expect(() => parseConfig('{"cniVersion":"1.0.0","name":"x","plugins":[]}', 'a.conf')).toThrow(/name it \.conflist/);
  });

  it('versions: missing, before 0.3.0, not a version, newer than we speak', () => {
    expect(() => checkVersion(undefined, 'f')).toThrow(/no cniVersion/);
    expect(() => checkVersion('0.1.0', 'f')).toThrow(/0\.3\.0 or later/);
    expect(() => checkVersion('1.0', 'f')).toThrow(/not a version/);
    expect(() => checkVersion('1.2.0', 'f')).toThrow(/does not speak/);
    for (const v of ['0.3.0', '0.3.1', '0.4.0', '1.0.0', '1.1.0']) expect(() => checkVersion(v, 'f')).not.toThrow();
  });
});

describe('placement', () => {
  const bridge = { type: 'bridge' };
  const bandwidth = { type: 'bandwidth', capabilities: { bandwidth: true } };
  const list = (...plugins: Json[]) => ({ cniVersion: '1.0.0', name: 'n', plugins });

  it('an entry the admin put before another plugin keeps its place', () => {
    const r = insertEntry(list(bridge, entry, bandwidth), entry);
    expect(r.action).toBe('unchanged');
    const other = buildEntry({});
    expect(insertEntry(list(bridge, entry, bandwidth), other).list.plugins).toEqual([bridge, other, bandwidth]);
  });

  it('an entry first (it would get no prevResult) moves last; extra copies go', () => {
    expect(insertEntry(list(entry, bridge), entry)).toEqual({ action: 'replaced', list: list(bridge, entry) });
    expect(insertEntry(list(bridge, entry, bandwidth, entry), entry)).toEqual({ action: 'replaced', list: list(bridge, entry, bandwidth) });
  });

  it('key order inside an entry does not count as a change', () => {
    const reordered = { failOpen: true, policy: { inboundPort: 15006, proxySid: 'S-1-5-32-556' }, capabilities: { [CAP]: true }, type: 'hcnproxyctl' };
    expect(insertEntry(list(bridge, reordered), entry).action).toBe('unchanged');
    expect(jsonEqual([1, 2], [2, 1])).toBe(false);
  });

  it('remove takes only ours; a list of ours alone is left as it is', () => {
    expect(removeEntry(list(bridge, entry, bandwidth, entry))).toEqual({ action: 'removed', list: list(bridge, bandwidth) });
    expect(removeEntry(list(entry))).toEqual({ action: 'unchanged', list: list(entry), onlyOurs: true });
  });
});

describe('settings (--config)', () => {
  it('the entry carries the capability and the settings', () => {
    expect(buildEntry({})).toEqual({ type: 'hcnproxyctl', capabilities: { [CAP]: true } });
    expect(buildEntry({ profiles: ['istio'], backend: 'nft', logLevel: 'debug', logFile: '/var/log/x.log', allowPodOverrides: false })).toMatchObject({
      profiles: ['istio'],
      backend: 'nft',
    });
  });

  it('unknown keys and invalid values are refused, naming them', () => {
    expect(() => buildEntry({ polcy: {} })).toThrow(/unknown key "polcy"/);
    expect(() => buildEntry({ type: 'other' })).toThrow(/unknown key "type"/);
    expect(() => buildEntry({ backend: 'iptables' })).toThrow(/backend must be/);
    expect(() => buildEntry({ policy: { inboundPort: 70000 } })).toThrow(/inboundPort/);
  });
});
