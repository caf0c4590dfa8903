// `install-cni --watch` (the real executable, real files) while the network plugin rewrites its
// configuration: a rewrite that turns its .conf into a .conflist or back, one that drops our entry, one
// that adds a file containerd now loads first. After each, within a bounded time, the file containerd
// loads (read by test/fixtures/install/libcni.ts, both libcni versions) holds our entry once, last, and
// loads; the watcher then stays quiet (nothing rewritten while nothing changes).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parsePluginConf } from '../../src/cni/config.js';
import { MAIN } from '../support/cli.js';
import { confFiles, containerdNetwork, LIBCNI_VERSIONS, pluginConfig, skelRefuses } from '../fixtures/install/libcni.js';

const FIXTURES = path.resolve(import.meta.dirname, '..', 'fixtures', 'install');
type Json = Record<string, any>;
const STEP_MS = 5000;

const fixture = (name: string): Json => JSON.parse(fs.readFileSync(path.join(FIXTURES, name), 'utf8'));
/** A single-plugin .conf without a name (0.3.1), and a list of the same network plugin. */
const CONF = fixture('single-unnamed.conf');
const LIST = fixture('list.conflist');

const tmps: string[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
  for (const d of tmps.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function confDir(files: Record<string, unknown>): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'hcnproxyctl-install-watch-'));
  tmps.push(d);
  for (const [name, doc] of Object.entries(files)) fs.writeFileSync(path.join(d, name), JSON.stringify(doc, null, 2));
  return d;
}

/** The network plugin's installer writing a file atomically (temp file + rename), or in place. */
function pluginWrites(dir: string, name: string, doc: unknown, how: 'rename' | 'in place' = 'rename'): void {
  const text = typeof doc === 'string' ? doc : JSON.stringify(doc, null, 2);
  if (how === 'in place') {
    fs.writeFileSync(path.join(dir, name), text);
    return;
  }
  const tmp = path.join(dir, `.${name}.netplugin-tmp`);
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, path.join(dir, name));
}

interface Watcher {
  logs(): Json[];
  stop(): Promise<number | null>;
}
function startWatch(args: string[]): Watcher {
  const child = spawn(process.execPath, [MAIN, 'install-cni', '--watch', '--interval', '30', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CNI_COMMAND: undefined },
  });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (b: Buffer) => {
    stderr += b.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    logs: () =>
      stderr
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as Json),
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Is the node as it must be: the file containerd loads first loads (both libcni), our entry once and last, accepted by our plugin. */
function nodeProblem(dir: string): string | undefined {
  if (fs.readdirSync(dir).some((n) => n.endsWith('.hcnproxyctl-tmp'))) return 'a temp file is left';
  for (const v of LIBCNI_VERSIONS) {
    let net: ReturnType<typeof containerdNetwork>;
    try {
      net = containerdNetwork(dir, v);
    } catch (e) {
      return `libcni ${v}: ${(e as Error).message}`;
    }
    const types = net.list.plugins.map((p) => p.type);
    if (types.filter((t) => t === 'hcnproxyctl').length !== 1 || types.at(-1) !== 'hcnproxyctl') return `${net.file}: plugins ${types.join(', ')}`;
    for (const p of net.list.plugins) {
      const refused = skelRefuses(pluginConfig(net.list, p));
      if (refused) return `${net.file}: ${refused}`;
    }
    try {
      parsePluginConf(pluginConfig(net.list, net.list.plugins.at(-1)!));
    } catch (e) {
      return `${net.file}: our plugin refuses: ${(e as Error).message}`;
    }
  }
  return undefined;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(what: string, cond: () => boolean, ms = STEP_MS): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`not within ${ms} ms: ${what}`);
    await sleep(50);
  }
}

/** Waits for the node to be right, then checks it stays so and nothing is rewritten for a while (the watcher settled). */
async function settled(dir: string, what: string): Promise<void> {
  await until(`${what} (${nodeProblem(dir) ?? ''})`, () => nodeProblem(dir) === undefined);
  const stamp = () => confFiles(dir).map((f) => `${f}:${fs.statSync(f).ino}:${fs.statSync(f).mtimeMs}`);
  const before = stamp();
  await sleep(700);
  expect(stamp(), `${what}: rewritten while nothing changed`).toEqual(before);
  expect(nodeProblem(dir)).toBeUndefined();
}
const names = (dir: string) => fs.readdirSync(dir).sort();
const read = (dir: string, name: string): Json => JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8'));

describe('install-cni --watch while the network plugin rewrites its configuration', () => {
  it('--conf-dir: .conf → .conflist and back, our entry dropped, a new first file (.conflist and .conf), a half-written first file', async () => {
    const d = confDir({ '10-net.conf': CONF });
    const w = startWatch(['--conf-dir', d]);
    // the nameless .conf becomes a list containerd loads (libcni refuses a list without a name)
    await settled(d, 'the first conversion');
    expect(names(d)).toEqual(['10-net.conflist']);
    expect(read(d, '10-net.conflist')).toMatchObject({ cniVersion: '0.3.1', name: 'k8s-pod-network', plugins: [CONF, { type: 'hcnproxyctl' }] });

    // the network plugin writes its .conf again (a restart, an upgrade): converted again, our old conversion replaced
    const conf2 = { ...CONF, mtu: 1400 };
    pluginWrites(d, '10-net.conf', conf2);
    await until('the .conf converted again', () => names(d).join() === '10-net.conflist' && read(d, '10-net.conflist').plugins[0].mtu === 1400);
    await settled(d, 'the .conf converted again');

    // it switches to a .conflist of its own (.conf → .conflist), without our entry
    pluginWrites(d, '10-net.conflist', LIST);
    await settled(d, 'its own .conflist');
    expect(read(d, '10-net.conflist').name).toBe('podnet');
    expect(read(d, '10-net.conflist').plugins.slice(0, -1)).toEqual(LIST.plugins);

    // and back (.conflist → .conf): its .conflist removed, its .conf written
    fs.rmSync(path.join(d, '10-net.conflist'));
    pluginWrites(d, '10-net.conf', conf2);
    await until('back to a .conf', () => names(d).join() === '10-net.conflist' && read(d, '10-net.conflist').name === 'k8s-pod-network');
    await settled(d, 'back to a .conf');

    // it rewrites the list in place (truncate + write), dropping our entry
    pluginWrites(d, '10-net.conflist', { ...read(d, '10-net.conflist'), plugins: [conf2] }, 'in place');
    await settled(d, 'our entry dropped');

    // a file containerd now loads first: a .conflist, then a .conf before it
    pluginWrites(d, '05-new.conflist', { ...LIST, name: 'newnet' });
    await until('05-new.conflist first, with our entry', () => nodeProblem(d) === undefined && containerdNetwork(d, '1.3.0').list.name === 'newnet');
    await settled(d, 'a new first .conflist');
    pluginWrites(d, '00-new.conf', { ...CONF, name: 'zeronet' });
    await until('00-new.conf converted', () => names(d)[0] === '00-new.conflist' && !names(d).includes('00-new.conf'));
    await settled(d, 'a new first .conf');
    expect(containerdNetwork(d, '1.1.2').list.name).toBe('zeronet');

    // a half-written first file: refused (said once, the file left as it is), then completed: inserted
    const full = JSON.stringify({ ...LIST, name: 'aaa' }, null, 2);
    pluginWrites(d, '00-aaa.conflist', full.slice(0, 60), 'in place');
    await until('the refusal logged', () => w.logs().some((l) => l.msg === 'cannot insert the entry' && /00-aaa\.conflist is not valid JSON/.test(l.error)));
    expect(fs.readFileSync(path.join(d, '00-aaa.conflist'), 'utf8')).toBe(full.slice(0, 60));
    pluginWrites(d, '00-aaa.conflist', full, 'in place');
    await settled(d, 'the completed first file');
    expect(containerdNetwork(d, '1.3.0').list.name).toBe('aaa');

    expect(await w.stop()).toBe(0);
    const logs = w.logs();
    expect(logs.filter((l) => l.msg === 'cannot insert the entry')).toHaveLength(1);
    expect(logs.at(-1)).toMatchObject({ msg: 'stopping', signal: 'SIGTERM' });
  }, 90_000);

  it('--conf-file X.conf (the DaemonSet form): converted, converted again, re-inserted from X.conflist; a restart finds it in place; a new first file is warned about once', async () => {
    const d = confDir({ '10-net.conf': CONF });
    const given = path.join(d, '10-net.conf');
    const w = startWatch(['--conf-file', given]);
    await settled(d, 'the first conversion');
    expect(names(d)).toEqual(['10-net.conflist']);

    pluginWrites(d, '10-net.conf', { ...CONF, mtu: 1300 });
    await until('converted again', () => names(d).join() === '10-net.conflist' && read(d, '10-net.conflist').plugins[0].mtu === 1300);
    await settled(d, 'converted again');

    // the plugin drops our entry from the list (X.conf is gone: X.conflist is what X.conf names now)
    pluginWrites(d, '10-net.conflist', { ...read(d, '10-net.conflist'), plugins: [{ ...CONF, mtu: 1300 }] });
    await settled(d, 're-inserted into X.conflist');
    expect(w.logs().filter((l) => l.level === 'error' || l.level === 'warn')).toEqual([]);

    // the DaemonSet's container restarts: the same arguments, the entry found in place, nothing rewritten
    expect(await w.stop()).toBe(0);
    const before = fs.statSync(path.join(d, '10-net.conflist'));
    const w2 = startWatch(['--conf-file', given]);
    await until('the restart', () => w2.logs().some((l) => l.msg === 'entry in place' && l.reason === 'start'));
    expect(w2.logs().find((l) => l.reason === 'start')).toMatchObject({
      level: 'info',
      msg: 'entry in place',
      action: 'unchanged',
      file: path.join(d, '10-net.conflist'),
    });
    const after = fs.statSync(path.join(d, '10-net.conflist'));
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);

    // a file containerd would now load first: the pinned file keeps our entry, and the watcher says so, once
    pluginWrites(d, '05-first.conflist', LIST);
    await until('the warning', () => w2.logs().some((l) => l.level === 'warn' && /05-first\.conflist sorts before 10-net\.conflist/.test(l.msg)));
    pluginWrites(d, '05-first.conflist', { ...LIST, disableCheck: true });
    await sleep(700);
    expect(w2.logs().filter((l) => l.level === 'warn')).toHaveLength(1);
    expect(await w2.stop()).toBe(0);
  }, 90_000);

  it('--conf-file X.conflist while the node has X.conf: converted; the plugin writes X.conf again: converted again', async () => {
    const d = confDir({ '10-net.conf': CONF });
    const w = startWatch(['--conf-file', path.join(d, '10-net.conflist')]);
    await settled(d, 'the first conversion');
    expect(names(d)).toEqual(['10-net.conflist']);
    pluginWrites(d, '10-net.conf', { ...CONF, mtu: 1200 });
    await until('converted again', () => names(d).join() === '10-net.conflist' && read(d, '10-net.conflist').plugins[0].mtu === 1200);
    await settled(d, 'converted again');
    expect(await w.stop()).toBe(0);
  }, 60_000);
});
