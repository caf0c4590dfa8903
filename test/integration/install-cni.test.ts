// `hcnproxyctl install-cni` / `uninstall-cni` through the bundled CLI, in temporary conf dirs.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MAIN, runCli } from '../support/cli.js';
import { captureOutput } from '../support/process-output.js';

const FIXTURES = path.resolve(import.meta.dirname, '..', 'fixtures', 'conflists');
const CAP = 'io.kubernetes.cri.pod-annotations';
type Json = Record<string, any>;

const tmps: string[] = [];
function confDir(...fixtures: string[]): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'hcnproxyctl-install-'));
  tmps.push(d);
  for (const f of fixtures) fs.copyFileSync(path.join(FIXTURES, f), path.join(d, f));
  return d;
}
afterEach(() => {
  for (const d of tmps.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const readJson = (f: string): Json => JSON.parse(fs.readFileSync(f, 'utf8'));
const fixture = (name: string): Json => readJson(path.join(FIXTURES, name));
const ours = (list: Json) => list.plugins.filter((p: Json) => p.type === 'hcnproxyctl');

describe('install-cni', () => {
  it('inserts the entry last into the primary configuration, keeping the file mode; a second run does not touch the file', () => {
    const d = confDir('10-calico.conflist', '10-flannel.conflist');
    fs.writeFileSync(path.join(d, 'calico-kubeconfig'), 'apiVersion: v1\n');
    fs.writeFileSync(path.join(d, 'ZZZ-linkerd-cni-kubeconfig'), 'apiVersion: v1\n');
    const file = path.join(d, '10-calico.conflist');
    fs.chmodSync(file, 0o600);
    const r = runCli(['install-cni', '--conf-dir', d, '-o', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ action: 'inserted', file, warnings: [] });
    const after = readJson(file);
    expect(after.plugins.at(-1)).toEqual({ type: 'hcnproxyctl', capabilities: { [CAP]: true } });
    expect(after.plugins.slice(0, -1)).toEqual(fixture('10-calico.conflist').plugins);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    // 10-flannel sorts after 10-calico: untouched
    expect(fs.readFileSync(path.join(d, '10-flannel.conflist'), 'utf8')).toBe(fs.readFileSync(path.join(FIXTURES, '10-flannel.conflist'), 'utf8'));
    const before = fs.statSync(file);
    const again = runCli(['install-cni', '--conf-dir', d]);
    expect(again).toMatchObject({ code: 0, stdout: `10-calico.conflist already has this hcnproxyctl entry: ${file} unchanged\n` });
    const st = fs.statSync(file);
    expect([st.ino, st.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
    expect(fs.readdirSync(d).sort()).toEqual(['10-calico.conflist', '10-flannel.conflist', 'ZZZ-linkerd-cni-kubeconfig', 'calico-kubeconfig']);
  });

  it('merges --config settings; other settings replace the entry in place', () => {
    const d = confDir('win-bridge.conflist');
    const file = path.join(d, 'win-bridge.conflist');
    const settings = path.join(d, 'settings.txt');
    fs.writeFileSync(settings, JSON.stringify({ policy: { proxySid: 'S-1-5-32-556' }, failOpen: false, logLevel: 'debug' }));
    expect(runCli(['install-cni', '--conf-file', file, '--config', settings]).code).toBe(0);
    expect(ours(readJson(file))).toEqual([
      { type: 'hcnproxyctl', capabilities: { [CAP]: true }, policy: { proxySid: 'S-1-5-32-556' }, failOpen: false, logLevel: 'debug' },
    ]);
    fs.writeFileSync(settings, JSON.stringify({ profiles: ['istio'] }));
    const r = runCli(['install-cni', '--conf-file', file, '--config', settings, '-o', 'json']);
    expect(JSON.parse(r.stdout).action).toBe('replaced');
    const list = readJson(file);
    expect(ours(list)).toEqual([{ type: 'hcnproxyctl', capabilities: { [CAP]: true }, profiles: ['istio'] }]);
    expect(list.plugins.length).toBe(2);
  });

  it('a bad --config is a usage error (exit 2), the configuration untouched', () => {
    const d = confDir('10-flannel.conflist');
    const settings = path.join(d, 'settings.txt');
    fs.writeFileSync(settings, JSON.stringify({ policy: { inboundPort: 0 } }));
    const r = runCli(['install-cni', '--conf-dir', d, '--config', settings]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^hcnproxyctl: --config .*inboundPort.*\n$/);
    fs.writeFileSync(settings, JSON.stringify({ polcy: {} }));
    expect(runCli(['install-cni', '--conf-dir', d, '--config', settings]).stderr).toContain('unknown key "polcy"');
    expect(fs.readFileSync(path.join(d, '10-flannel.conflist'), 'utf8')).toBe(fs.readFileSync(path.join(FIXTURES, '10-flannel.conflist'), 'utf8'));
    expect(runCli(['install-cni', '--conf-dir', d, '--conf-file', path.join(d, '10-flannel.conflist')]).code).toBe(2);
  });

  it('converts a .conf into a .conflist (new file written, old removed)', () => {
    const d = confDir('10-bridge.conf');
    fs.chmodSync(path.join(d, '10-bridge.conf'), 0o640);
    const r = runCli(['install-cni', '--conf-dir', d, '-o', 'json']);
    expect(r.code).toBe(0);
    const file = path.join(d, '10-bridge.conflist');
    expect(JSON.parse(r.stdout)).toEqual({ action: 'inserted', file, previousFile: path.join(d, '10-bridge.conf'), warnings: [] });
    expect(fs.readdirSync(d)).toEqual(['10-bridge.conflist']);
    expect(fs.statSync(file).mode & 0o777).toBe(0o640);
    const conf = fixture('10-bridge.conf');
    expect(readJson(file)).toEqual({ cniVersion: '0.4.0', name: 'mynet', plugins: [conf, { type: 'hcnproxyctl', capabilities: { [CAP]: true } }] });
    expect(JSON.parse(runCli(['install-cni', '--conf-dir', d, '-o', 'json']).stdout).action).toBe('unchanged');
    // the network plugin's installer writes its .conf again (now the primary): it replaces our earlier conversion
    const changed = { ...conf, bridge: 'cni9' };
    fs.writeFileSync(path.join(d, '10-bridge.conf'), JSON.stringify(changed));
    expect(JSON.parse(runCli(['install-cni', '--conf-dir', d, '-o', 'json']).stdout).action).toBe('inserted');
    expect(fs.readdirSync(d)).toEqual(['10-bridge.conflist']);
    expect(readJson(file).plugins[0]).toEqual(changed);
    // a .conflist of that name that is not ours is never overwritten
    fs.writeFileSync(path.join(d, '10-bridge.conflist'), JSON.stringify(fixture('10-flannel.conflist')));
    fs.writeFileSync(path.join(d, '10-bridge.conf'), JSON.stringify(conf));
    const refused = runCli(['install-cni', '--conf-dir', d]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/already exists without an hcnproxyctl entry; left both untouched/);
    expect(readJson(file)).toEqual(fixture('10-flannel.conflist'));
  });

  it('refuses a file it cannot parse and a list older than 0.3.0 (exit 1, one line, file untouched)', () => {
    for (const name of ['broken.conflist', 'sdnbridge-0.2.0.conflist']) {
      const d = confDir(name);
      const r = runCli(['install-cni', '--conf-dir', d]);
      expect(r.code).toBe(1);
      expect(r.stderr.split('\n')).toHaveLength(2);
      expect(r.stderr).toMatch(
        name === 'broken.conflist' ? /is not valid JSON.*left untouched/ : /cniVersion 0\.2\.0: chaining needs prevResult.*0\.3\.0 or later/,
      );
      expect(fs.readFileSync(path.join(d, name))).toEqual(fs.readFileSync(path.join(FIXTURES, name)));
      expect(fs.readdirSync(d)).toEqual([name]);
    }
  });

  it('an empty conf dir is a failure', () => {
    const r = runCli(['install-cni', '--conf-dir', confDir()]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no CNI configuration \(\*\.conf, \*\.conflist, \*\.json\) in/);
  });

  it('--bin-dir writes a wrapper script when running as a Node bundle, and says so', () => {
    const d = confDir('10-containerd-net.conflist');
    const bin = path.join(d, 'bin');
    fs.mkdirSync(bin);
    const r = runCli(['install-cni', '--conf-dir', d, '--bin-dir', bin, '-o', 'json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.binary).toEqual({ path: path.join(bin, 'hcnproxyctl'), kind: 'wrapper', action: 'installed', source: fs.realpathSync(MAIN) });
    expect(fs.statSync(path.join(bin, 'hcnproxyctl')).mode & 0o777).toBe(0o755);
    // the wrapper is the plugin: CNI VERSION through it
    const v = spawnSync(path.join(bin, 'hcnproxyctl'), [], {
      env: { CNI_COMMAND: 'VERSION', PATH: process.env.PATH, HCNPROXYCTL_CACHE_DIR: path.join(d, 'cache') },
      input: '{"cniVersion":"1.0.0"}',
      encoding: 'utf8',
    });
    expect(JSON.parse(v.stdout).supportedVersions).toContain('1.0.0');
    const text = runCli(['install-cni', '--conf-dir', d, '--bin-dir', bin]);
    expect(text.stdout).toMatch(/^kept .*hcnproxyctl: a wrapper script, not a copy/);
    expect(fs.readdirSync(bin)).toEqual(['hcnproxyctl']);
  });
});

// The single executable (build/sea.mjs → dist/hcnproxyctl), when this run has one: --bin-dir copies it.
const SEA = path.join(path.dirname(MAIN), 'hcnproxyctl');
const haveSea = (() => {
  try {
    fs.accessSync(SEA, fs.constants.X_OK);
    return process.platform === 'linux';
  } catch {
    return false;
  }
})();

describe.skipIf(!haveSea)('install-cni --bin-dir from the single executable', () => {
  it('copies the running executable byte for byte, atomically, mode 0755; a second run keeps it', () => {
    const d = confDir('10-flannel.conflist');
    const exe = path.join(d, 'hcnproxyctl-under-test');
    fs.copyFileSync(SEA, exe); // a private copy: the build may rewrite dist/ meanwhile
    fs.chmodSync(exe, 0o755);
    const bin = path.join(d, 'bin');
    fs.mkdirSync(bin);
    const run = (args: string[]) =>
      spawnSync(exe, args, { encoding: 'utf8', timeout: 30_000, env: { PATH: process.env.PATH, HCNPROXYCTL_CACHE_DIR: path.join(d, 'cache') } });
    const r = run(['install-cni', '--conf-dir', d, '--bin-dir', bin, '-o', 'json']);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).binary).toEqual({ path: path.join(bin, 'hcnproxyctl'), kind: 'executable', action: 'installed', source: exe });
    expect(Buffer.compare(fs.readFileSync(path.join(bin, 'hcnproxyctl')), fs.readFileSync(exe))).toBe(0);
    expect(fs.statSync(path.join(bin, 'hcnproxyctl')).mode & 0o777).toBe(0o755);
    expect(fs.readdirSync(bin)).toEqual(['hcnproxyctl']);
    expect(JSON.parse(run(['install-cni', '--conf-dir', d, '--bin-dir', bin, '-o', 'json']).stdout)).toMatchObject({
      action: 'unchanged',
      binary: { action: 'unchanged' },
    });
  });
});

describe('uninstall-cni', () => {
  it('removes only our entry, restoring the original; absent the second time', () => {
    const d = confDir('11-bridge-1.1.0.conflist');
    const file = path.join(d, '11-bridge-1.1.0.conflist');
    fs.chmodSync(file, 0o604);
    expect(runCli(['install-cni', '--conf-dir', d]).code).toBe(0);
    const r = runCli(['uninstall-cni', '--conf-dir', d, '-o', 'json']);
    expect(JSON.parse(r.stdout)).toEqual({ action: 'removed', file, warnings: [] });
    expect(readJson(file)).toEqual(fixture('11-bridge-1.1.0.conflist'));
    expect(fs.statSync(file).mode & 0o777).toBe(0o604);
    expect(runCli(['uninstall-cni', '--conf-dir', d])).toMatchObject({ code: 0, stdout: `${file} has no hcnproxyctl entry: unchanged\n` });
  });

  it('leaves a list holding only our entry as it is, with a warning', () => {
    const d = confDir();
    const file = path.join(d, '10-ours.conflist');
    const text = JSON.stringify({ cniVersion: '1.0.0', name: 'x', plugins: [{ type: 'hcnproxyctl' }] });
    fs.writeFileSync(file, text);
    const r = runCli(['uninstall-cni', '--conf-file', file]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^hcnproxyctl: warning: .*holds no plugin besides hcnproxyctl/);
    expect(fs.readFileSync(file, 'utf8')).toBe(text);
  });
});

describe('install-cni --watch', () => {
  const until = async (cond: () => boolean, ms: number) => {
    const end = Date.now() + ms;
    while (!cond()) {
      if (Date.now() > end) return false;
      await new Promise((r) => setTimeout(r, 50));
    }
    return true;
  };
  const hasOurs = (file: string) => {
    try {
      return ours(readJson(file)).length === 1;
    } catch {
      return false;
    }
  };

  it('re-inserts the entry when the network plugin rewrites its configuration; waits for a missing one; SIGTERM exits 0', async () => {
    const d = confDir();
    const file = path.join(d, '10-flannel.conflist');
    const original = fs.readFileSync(path.join(FIXTURES, '10-flannel.conflist'));
    const child = spawn(process.execPath, [MAIN, 'install-cni', '--conf-dir', d, '--watch', '--interval', '30'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, CNI_COMMAND: undefined },
    });
    const output = captureOutput(child);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      expect(await until(() => output.stderr.includes('waiting for the network plugin'), 10_000)).toBe(true);
      // flannel's installer copies its configuration in: the entry follows within seconds (fs.watch, not the 30 s re-check)
      fs.writeFileSync(file, original);
      expect(await until(() => hasOurs(file), 5000)).toBe(true);
      // flannel restarts and rewrites the file in place (truncate + write), dropping our entry
      fs.writeFileSync(file, original);
      expect(await until(() => hasOurs(file), 5000)).toBe(true);
      // …or replaces it by rename, like an atomic installer
      fs.writeFileSync(path.join(d, '.tmp'), original);
      fs.renameSync(path.join(d, '.tmp'), file);
      expect(await until(() => hasOurs(file), 5000)).toBe(true);
      const list = readJson(file);
      expect(list.plugins.slice(0, -1)).toEqual(fixture('10-flannel.conflist').plugins);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(output.stdout).toBe('');
    const logs = output.stderr
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Json);
    expect(logs.filter((l) => l.msg === 'entry inserted').length).toBeGreaterThanOrEqual(3);
    expect(logs.at(-1)).toMatchObject({ level: 'info', msg: 'stopping', signal: 'SIGTERM' });
    expect(fs.readdirSync(d)).toEqual(['10-flannel.conflist']);
  });
});
