// The examples under conf/: each parses, and runs where it can here — the conflists through our plugin
// (Linux: ADD without an opt-in; Windows: ADD against the HNS simulator), the NRI settings through
// `hcnproxyctl nri` registering with an NRI runtime, the deployment manifests' commands against the
// flags our CLI accepts.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEntry } from '../../src/cni/install/conflist.js';
import { parseConfig } from '../../src/cni/install/load-config.js';
import { buildPolicy } from '../../src/policy/index.js';
import { renderL4WfpProxy } from '../../src/hns/model.js';
import { MAIN, ROOT, runCli } from '../support/cli.js';
import { execPlugin, makeOurBinDir, pluginConfig, type Conflist } from '../support/cni.js';
import { startFakeNriRuntime } from '../support/fakes/nri-runtime.js';
import { DaemonSet } from 'kubernetes-models/apps/v1/DaemonSet';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { parseYaml } from '../../src/yaml/index.js';
import { sampleSeed, startHnsSim } from '../support/hns-sim.js';

const CONF = path.join(ROOT, 'conf');
const read = (rel: string) => fs.readFileSync(path.join(CONF, rel), 'utf8');
const CAP = 'io.kubernetes.cri.pod-annotations';
type Json = Record<string, any>;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hcnproxyctl-conf-'));
let bin: ReturnType<typeof makeOurBinDir>;
beforeAll(() => {
  bin = makeOurBinDir();
});
afterAll(() => {
  bin?.cleanup();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Parses a conflist and checks it the way install-cni does; returns it and our entry. */
function loadConflist(rel: string): { list: Conflist; ours: Json; index: number } {
  const { list, converted } = parseConfig(read(rel), rel);
  expect(converted).toBe(false);
  const plugins = list.plugins as Json[];
  const index = plugins.findIndex((p) => p.type === 'hcnproxyctl');
  expect(index).toBe(plugins.length - 1);
  expect(index).toBeGreaterThan(0);
  const ours = plugins[index]!;
  expect(ours.capabilities).toEqual({ [CAP]: true });
  const { type: _t, capabilities: _c, ...settings } = ours;
  expect(buildEntry(settings, rel)).toEqual(ours); // settings a --config would accept
  return { list: list as unknown as Conflist, ours, index };
}

describe('conf/linux/10-hcnproxyctl.conflist', () => {
  it('is bridge + portmap + hcnproxyctl at 1.0.0, and our ADD on it returns prevResult when the pod is not opted in', () => {
    const { list, ours } = loadConflist('linux/10-hcnproxyctl.conflist');
    expect(list.cniVersion).toBe('1.0.0');
    expect(list.plugins.map((p) => p.type)).toEqual(['bridge', 'portmap', 'hcnproxyctl']);
    const logFile = path.join(tmp, 'cni.log');
    const prevResult = {
      cniVersion: '1.0.0',
      interfaces: [
        { name: 'cni0', mac: '0a:58:0a:f4:01:01' },
        { name: 'eth0', mac: '0a:58:0a:f4:01:07', sandbox: '/var/run/netns/cni-1' },
      ],
      ips: [{ address: '10.244.1.7/24', gateway: '10.244.1.1', interface: 1 }],
      routes: [{ dst: '0.0.0.0/0' }],
      dns: {},
    };
    // the example logs to /var/log: keep this run's log in the temp dir
    const conf = pluginConfig(list, { ...ours, logFile }, { [CAP]: { app: 'web' } }, prevResult);
    const run = execPlugin(
      path.join(bin.dir, 'hcnproxyctl'),
      { command: 'ADD', containerId: 'conf-test', netns: '/var/run/netns/cni-1', ifname: 'eth0', path: bin.dir },
      conf,
    );
    expect(run.stderr).not.toContain('"level":"error"');
    expect(run.code).toBe(0);
    expect(run.json).toEqual(prevResult);
  });
});

describe('conf/windows/*.conflist on the HNS simulator', () => {
  const seed = sampleSeed();
  const ns = seed.Endpoints[0]!.HostComputeNamespace as string;
  const containerId = String(seed.Endpoints[0]!.Name).split('_')[0]!;
  let sim: Awaited<ReturnType<typeof startHnsSim>>;
  beforeAll(async () => {
    sim = await startHnsSim(seed);
  });
  afterAll(async () => {
    await sim?.stop();
  });

  it.each(['windows/sdnbridge.conflist', 'windows/win-bridge.conflist'])(
    "%s: ADD puts the L4WFPPROXY policy with the proxy SID on the pod's endpoints",
    async (rel) => {
      await sim.control({ op: 'reset', state: seed });
      const { list, ours } = loadConflist(rel);
      expect(list.cniVersion).toBe('1.0.0');
      expect(list.plugins[0]!.type).toBe(rel.includes('sdnbridge') ? 'sdnbridge' : 'win-bridge');
      expect(ours.policy).toEqual({ proxySid: 'S-1-5-32-556' });
      // the network plugin's result shape (sdnbridge: CNI_IFNAME, ips with interface 0)
      const prevResult = {
        cniVersion: '1.0.0',
        interfaces: [{ name: 'eth0', mac: '00-15-5D-6A-01-0C' }],
        ips: [{ address: '10.244.1.12/24', gateway: '10.244.1.1', interface: 0 }],
        dns: {},
      };
      const istio = { 'sidecar.istio.io/status': '{"containers":["istio-proxy"]}' };
      const conf = pluginConfig(list, { ...ours, logFile: path.join(tmp, 'win.log') }, { [CAP]: istio }, prevResult);
      const run = execPlugin(path.join(bin.dir, 'hcnproxyctl'), { command: 'ADD', containerId, netns: ns, ifname: 'eth0', path: bin.dir, env: sim.env }, conf);
      expect(run.stderr).not.toContain('"level":"error"');
      expect(run.code).toBe(0);
      expect(run.json).toEqual(prevResult);
      const expected = renderL4WfpProxy(
        buildPolicy({
          inboundPort: 15006,
          outboundPort: 15001,
          proxySid: 'S-1-5-32-556',
          inboundExcludePorts: '15020,15021,15090',
          outboundExcludePorts: '15020',
        }),
      );
      const state = (await sim.dump()) as { Endpoints: { ID: string; Policies?: { Type: string; Settings?: Json }[] }[] };
      const policies = state.Endpoints.find((e) => e.ID === seed.Endpoints[0]!.ID)!.Policies!.filter((p) => p.Type === 'L4WFPPROXY');
      expect(policies).toEqual([expected]);
      expect(policies[0]!.Settings!.UserSID).toBe('S-1-5-32-556');
    },
  );
});

/** A TOML subset: [tables] with dotted/quoted keys, key = string | bool | integer | array of strings. */
function parseTomlSubset(text: string): Json {
  const root: Json = {};
  let table = root;
  const splitKey = (k: string): string[] => [...k.matchAll(/\s*(?:"([^"]*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*(?:\.|$)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
  const value = (v: string, line: number): unknown => {
    if (/^"(?:[^"\\]|\\.)*"$/.test(v)) return JSON.parse(v);
    if (/^'[^']*'$/.test(v)) return v.slice(1, -1);
    if (v === 'true' || v === 'false') return v === 'true';
    if (/^[+-]?\d+$/.test(v)) return Number(v);
    if (/^\[.*\]$/.test(v))
      return v
        .slice(1, -1)
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
        .map((s) => value(s, line));
    throw new Error(`line ${line}: unsupported value ${v}`);
  };
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\s+#.*$|^#.*$/, '').trim();
    if (line === '') return;
    const t = /^\[([^\[\]]+)\]$/.exec(line);
    if (t) {
      table = root;
      for (const k of splitKey(t[1]!)) table = (table[k] ??= {}) as Json;
      return;
    }
    const kv = /^([A-Za-z0-9_-]+)\s*=\s*(.+)$/.exec(line);
    if (!kv) throw new Error(`line ${i + 1}: not TOML (subset): ${raw}`);
    if (kv[1]! in table) throw new Error(`line ${i + 1}: duplicate key ${kv[1]}`);
    table[kv[1]!] = value(kv[2]!, i + 1);
  });
  return root;
}

describe('conf/containerd', () => {
  const nri = {
    disable: false,
    disable_connections: false,
    socket_path: '/var/run/nri/nri.sock',
    plugin_path: '/opt/nri/plugins',
    plugin_config_path: '/etc/nri/conf.d',
    plugin_registration_timeout: '5s',
    plugin_request_timeout: '2s',
  };

  it("config-1.7.toml: version 2, the CRI plugin's CNI dirs, NRI turned on", () => {
    const t = parseTomlSubset(read('containerd/config-1.7.toml'));
    expect(t.version).toBe(2);
    expect(t.plugins['io.containerd.grpc.v1.cri'].cni).toEqual({ bin_dir: '/opt/cni/bin', conf_dir: '/etc/cni/net.d', max_conf_num: 1 });
    expect(t.plugins['io.containerd.nri.v1.nri']).toEqual(nri);
  });

  it("config-2.x.toml: version 3, the runtime plugin's CNI dirs, NRI", () => {
    const t = parseTomlSubset(read('containerd/config-2.x.toml'));
    expect(t.version).toBe(3);
    // Debian's default list (its packages put the plugins in /usr/lib/cni): merging must hide none of them.
    expect(t.plugins['io.containerd.cri.v1.runtime'].cni).toEqual({
      bin_dirs: ['/usr/lib/cni', '/opt/cni/bin'],
      conf_dir: '/etc/cni/net.d',
      max_conf_num: 1,
    });
    expect(t.plugins['io.containerd.nri.v1.nri']).toEqual(nri);
  });

  it('the subset parser refuses what it does not understand', () => {
    expect(() => parseTomlSubset('a = {x = 1}')).toThrow(/unsupported value/);
    expect(() => parseTomlSubset('a = 1\na = 2')).toThrow(/duplicate key/);
  });
});

describe('conf/nri/hcnproxyctl.json', () => {
  it('hcnproxyctl nri takes it and registers with the runtime; SIGTERM exits 0', async () => {
    const settings = JSON.parse(read('nri/hcnproxyctl.json')) as Json;
    expect(Object.keys(settings).sort()).toEqual(['allowPodOverrides', 'failOpen', 'policy', 'profiles']);
    const runtime = await startFakeNriRuntime();
    try {
      const registered = runtime.nextSession();
      const child = spawn(process.execPath, [MAIN, 'nri', '--config', path.join(CONF, 'nri/hcnproxyctl.json'), '--socket', runtime.socketPath], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr!.on('data', (d: Buffer) => {
        stderr += d.toString();
      });
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      const session = await registered;
      expect([session.name, session.index]).toEqual(['hcnproxyctl', '10']);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(stderr).not.toContain('"level":"error"');
    } finally {
      await runtime.stop();
    }
  });
});

/** systemd unit files: [Section] and Key=Value lines. */
function parseUnit(text: string): Record<string, Record<string, string[]>> {
  const out: Record<string, Record<string, string[]>> = {};
  let section: Record<string, string[]> | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const s = /^\[([A-Za-z]+)\]$/.exec(line);
    if (s) {
      section = out[s[1]!] = {};
      continue;
    }
    const kv = /^([A-Za-z]+)=(.*)$/.exec(line);
    if (!kv || !section) throw new Error(`not a unit file line: ${raw}`);
    (section[kv[1]!] ??= []).push(kv[2]!);
  }
  return out;
}

describe('conf/systemd/hcnproxyctl-nri.service', () => {
  it('runs the NRI plugin with its config, restarting always, after containerd', () => {
    const unit = parseUnit(read('systemd/hcnproxyctl-nri.service'));
    expect(Object.keys(unit)).toEqual(['Unit', 'Service', 'Install']);
    expect(unit.Service!.ExecStart).toEqual(['/usr/local/bin/hcnproxyctl nri --config /etc/hcnproxyctl/nri.json --metrics-address 127.0.0.1:9464']);
    expect(unit.Service!.Restart).toEqual(['always']);
    expect(unit.Unit!.After).toEqual(['containerd.service']);
    expect(unit.Install!.WantedBy).toEqual(['multi-user.target']);
  });

  it('its flags are ones `hcnproxyctl nri` accepts', () => {
    const accepted = flagsOf(runCli(['nri', '--help']).stdout);
    expect(accepted).toContain('--config');
    const used = parseUnit(read('systemd/hcnproxyctl-nri.service')).Service!.ExecStart![0]!.match(/--[a-z][a-z-]*/g)!;
    for (const f of used) expect(accepted).toContain(f);
  });
});

const flagsOf = (help: string): string[] => [...new Set(help.match(/--[a-z][a-z-]*/g) ?? [])];

/** The `command:` blocks of a manifest, each as its text (items or a folded scalar), without YAML list markers. */
function commandBlocks(yaml: string): string[] {
  const lines = yaml.split('\n');
  const blocks: string[] = [];
  lines.forEach((line, i) => {
    const m = /^(\s*)command:\s*$/.exec(line);
    if (!m) return;
    const indent = m[1]!.length;
    const body: string[] = [];
    for (let j = i + 1; j < lines.length; j++) {
      const l = lines[j]!;
      if (l.trim() !== '' && l.length - l.trimStart().length <= indent) break;
      body.push(l.trim().replace(/^-\s+/, ''));
    }
    blocks.push(body.join(' '));
  });
  return blocks;
}

/** The JSON documents in ConfigMap `*.json: |` block scalars. */
function jsonBlocks(yaml: string): Json[] {
  const out: Json[] = [];
  const lines = yaml.split('\n');
  lines.forEach((line, i) => {
    const m = /^(\s*)[a-z-]+\.json: \|\s*$/.exec(line);
    if (!m) return;
    const body: string[] = [];
    for (let j = i + 1; j < lines.length && (lines[j]!.trim() === '' || lines[j]!.length - lines[j]!.trimStart().length > m[1]!.length); j++)
      body.push(lines[j]!);
    out.push(JSON.parse(body.join('\n')) as Json);
  });
  return out;
}

/** Kubernetes' OpenAPI schema, through kubernetes-models: each document of a manifest file must validate. */
const MODELS: Record<string, { new (data: never): { validate(): void } }> = {
  'v1/Namespace': Namespace,
  'v1/ConfigMap': ConfigMap,
  'apps/v1/DaemonSet': DaemonSet,
};

describe('conf/kubernetes: schema', () => {
  it.each(['kubernetes/linux-daemonset.yaml', 'kubernetes/windows-hostprocess-daemonset.yaml'])(
    '%s: every document validates against the Kubernetes OpenAPI schema',
    (file) => {
      const docs = read(file)
        .split(/^---$/m)
        .map((d) => parseYaml(d, file) as Json)
        .filter((d) => d !== null);
      expect(docs.length).toBeGreaterThan(0);
      for (const d of docs) {
        const Model = MODELS[`${String(d.apiVersion)}/${String(d.kind)}`];
        expect(Model, `${file}: no model for ${String(d.apiVersion)} ${String(d.kind)}`).toBeDefined();
        expect(() => new Model!(d as never).validate(), `${file}: ${String(d.kind)} ${String((d.metadata as Json | undefined)?.name)}`).not.toThrow();
      }
    },
  );

  it('the validator does reject what the API server would (a wrong type, a missing required field)', () => {
    const ds = parseYaml(read('kubernetes/linux-daemonset.yaml').split(/^---$/m)[2]!, 'linux-daemonset.yaml') as Json;
    const broken = structuredClone(ds) as { spec: { template: { spec: { hostNetwork: unknown; containers: Json[] } } } };
    broken.spec.template.spec.hostNetwork = 'yes';
    expect(() => new DaemonSet(broken as never).validate()).toThrow(/hostNetwork must be boolean/);
    const nameless = structuredClone(ds) as { spec: { template: { spec: { containers: Json[] } } } };
    delete nameless.spec.template.spec.containers[0]!.name;
    expect(() => new DaemonSet(nameless as never).validate()).toThrow(/must have required property name/);
  });
});

describe('conf/kubernetes', () => {
  const installFlags = () => flagsOf(runCli(['install-cni', '--help']).stdout);

  it('linux-daemonset.yaml: an install-cni --watch DaemonSet and an NRI DaemonSet, with flags our CLI accepts', () => {
    const yaml = read('kubernetes/linux-daemonset.yaml');
    const docs = yaml.split(/^---$/m);
    expect(docs.map((d) => /^kind: (\w+)$/m.exec(d)?.[1])).toEqual(['Namespace', 'ConfigMap', 'DaemonSet', 'DaemonSet']);
    const blocks = commandBlocks(yaml);
    expect(blocks).toHaveLength(2);
    const install = blocks.find((b) => b.includes('install-cni'))!;
    expect(install).toMatch(/^\/usr\/local\/bin\/hcnproxyctl install-cni /);
    expect(install).toContain('--bin-dir /host/opt/cni/bin');
    expect(install).toContain('--conf-dir /host/etc/cni/net.d');
    expect(install).toContain('--watch');
    const accepted = installFlags();
    for (const f of install.match(/--[a-z][a-z-]*/g)!) expect(accepted).toContain(f);
    const nri = blocks.find((b) => / nri /.test(b))!;
    const nriAccepted = flagsOf(runCli(['nri', '--help']).stdout);
    for (const f of nri.match(/--[a-z][a-z-]*/g)!) expect(nriAccepted).toContain(f);
    expect(nri).toContain('--socket /var/run/nri/nri.sock');
    // the probes hit the metrics address the command serves
    expect(nri).toContain('--metrics-address 127.0.0.1:9464');
    expect(yaml).toMatch(/livenessProbe:\s+httpGet:\s+host: 127\.0\.0\.1\s+port: 9464\s+path: \/healthz/);
    expect(yaml).toMatch(/readinessProbe:\s+httpGet:\s+host: 127\.0\.0\.1\s+port: 9464\s+path: \/readyz/);
    expect(yaml).toMatch(/hostPath:\s+path: \/var\/run\/nri\b/);
    expect(yaml).toMatch(/hostPath:\s+path: \/opt\/cni\/bin\b/);
    expect(yaml).toMatch(/hostPath:\s+path: \/etc\/cni\/net\.d\b/);
    // the ConfigMap's settings are valid for both faces
    const settings = jsonBlocks(yaml);
    expect(settings).toHaveLength(2);
    for (const s of settings) expect(() => buildEntry(s)).not.toThrow();
  });

  it("windows-hostprocess-daemonset.yaml: a HostProcess pod as SYSTEM running install-cni --watch on containerd's dirs", () => {
    const yaml = read('kubernetes/windows-hostprocess-daemonset.yaml');
    expect(yaml).toMatch(/^\s+hostNetwork: true$/m);
    expect(yaml).toMatch(/windowsOptions:\s+hostProcess: true\s+runAsUserName: "NT AUTHORITY\\\\SYSTEM"/);
    expect(yaml).toMatch(/kubernetes\.io\/os: windows/);
    const [cmd, ...rest] = commandBlocks(yaml);
    expect(rest).toEqual([]);
    expect(cmd).toContain('hcnproxyctl.exe" install-cni');
    expect(cmd).toContain('--bin-dir "C:\\Program Files\\containerd\\cni\\bin"');
    expect(cmd).toContain('--conf-dir "C:\\Program Files\\containerd\\cni\\conf"');
    expect(cmd).toContain('--watch');
    const accepted = installFlags();
    for (const f of cmd!.slice(cmd!.indexOf('install-cni')).match(/ --[a-z][a-z-]*/g)!) expect(accepted).toContain(f.trim());
    const [settings] = jsonBlocks(yaml);
    expect(buildEntry(settings!)).toMatchObject({ policy: { proxySid: 'S-1-5-32-556' } });
  });
});

describe('conf/README.md', () => {
  it('names every file under conf/', () => {
    const readme = read('README.md');
    const files = fs
      .readdirSync(CONF, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile() && d.name !== 'README.md')
      .map((d) => path.relative(CONF, path.join(d.parentPath, d.name)));
    for (const f of files) expect(readme).toContain(`\`${f}\``);
  });
});
