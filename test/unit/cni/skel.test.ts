// The skel's contract, in-process: error shapes and codes, stdout discipline, version rules.
// (The same entry, spawned as the real executable, is covered by the integration suites.)
import { describe, expect, it } from 'vitest';
import { runCni } from '../../../src/cni/index.js';

const CAP = 'io.kubernetes.cri.pod-annotations';
const PREV = { cniVersion: '1.0.0', interfaces: [{ name: 'eth0' }], ips: [{ address: '10.1.0.5/24', interface: 0 }] };
const ENV = { CNI_COMMAND: 'ADD', CNI_CONTAINERID: 'c1', CNI_NETNS: '/run/netns/none', CNI_IFNAME: 'eth0', CNI_PATH: '/opt/cni/bin' };

async function run(env: Record<string, string>, stdin: string | object) {
  let stdout = '';
  let stderr = '';
  const code = await runCni(env, {
    readStdin: () => (typeof stdin === 'string' ? stdin : JSON.stringify(stdin)),
    writeStdout: (t) => {
      stdout += t;
    },
    writeStderr: (t) => {
      stderr += t;
    },
  });
  return { code, stdout, stderr, json: stdout ? JSON.parse(stdout) : undefined };
}

const conf = (extra: object = {}) => ({ cniVersion: '1.0.0', name: 'net', type: 'hcnproxyctl', prevResult: PREV, ...extra });

describe('CNI skel', () => {
  it('VERSION needs no other parameter and answers the request version', async () => {
    expect(await run({ CNI_COMMAND: 'VERSION' }, { cniVersion: '0.4.0' })).toMatchObject({
      code: 0,
      json: { cniVersion: '0.4.0', supportedVersions: ['0.3.0', '0.3.1', '0.4.0', '1.0.0', '1.1.0'] },
    });
    expect((await run({ CNI_COMMAND: 'VERSION' }, '')).json.cniVersion).toBe('1.1.0');
  });

  it('missing parameters: code 4 naming each, at the request version', async () => {
    const r = await run({ CNI_COMMAND: 'ADD' }, conf());
    expect(r.code).toBe(1);
    expect(r.json).toEqual({ cniVersion: '1.0.0', code: 4, msg: 'required environment variables missing for ADD: CNI_CONTAINERID, CNI_NETNS, CNI_IFNAME' });
    expect((await run({ ...ENV, CNI_COMMAND: 'BOGUS' }, conf())).json).toMatchObject({ code: 4 });
  });

  it('stdin that is not JSON: code 6', async () => {
    expect((await run(ENV, '{not json')).json).toMatchObject({ cniVersion: '1.1.0', code: 6, msg: 'network configuration on stdin is not valid JSON' });
    expect((await run(ENV, '[1,2]')).json).toMatchObject({ code: 6 });
  });

  it('unsupported or missing cniVersion: code 1; missing name: code 7', async () => {
    expect((await run(ENV, conf({ cniVersion: '2.0.0' }))).json).toMatchObject({ code: 1, msg: expect.stringContaining('"2.0.0"') });
    expect((await run(ENV, { name: 'net', prevResult: PREV })).json).toMatchObject({ code: 1 });
    expect((await run(ENV, { cniVersion: '1.0.0', type: 'hcnproxyctl', prevResult: PREV })).json).toEqual({
      cniVersion: '1.0.0',
      code: 7,
      msg: 'network configuration has no "name"',
    });
  });

  it('ADD without prevResult: code 7 saying it must be chained', async () => {
    const r = await run(ENV, conf({ prevResult: undefined }));
    expect(r.json).toMatchObject({ code: 7, msg: expect.stringContaining('chained plugin') });
  });

  it('a pod without opt-in: prevResult out, unchanged, whatever else runtimeConfig carries', async () => {
    const runtimeConfig = {
      [CAP]: { 'kubernetes.io/config.source': 'api' },
      portMappings: [{ HostPort: 8080, ContainerPort: 80, Protocol: 'tcp', HostIP: '' }],
      dns: { Servers: ['10.96.0.10'], Searches: [], Options: [] },
      bandwidth: { IngressRate: 1000 },
      cgroupPath: '/kubepods/pod1',
    };
    const r = await run(ENV, conf({ runtimeConfig, capabilities: { [CAP]: true }, args: { cni: { labels: [] } } }));
    expect(r.code).toBe(0);
    expect(r.json).toEqual(PREV);
  });

  it('no runtimeConfig, or no annotations in it: not opted in, not an error', async () => {
    expect((await run(ENV, conf())).json).toEqual(PREV);
    expect((await run(ENV, conf({ runtimeConfig: {} }))).json).toEqual(PREV);
    expect((await run(ENV, conf({ runtimeConfig: { [CAP]: {} } }))).json).toEqual(PREV);
  });

  it('converts a prevResult of another version to the request version', async () => {
    const r = await run(ENV, conf({ cniVersion: '0.4.0', prevResult: PREV }));
    expect(r.json).toEqual({ ...PREV, cniVersion: '0.4.0', ips: [{ address: '10.1.0.5/24', interface: 0, version: '4' }] });
  });

  it('invalid annotations: code 7 naming the key; failOpen passes prevResult through and logs', async () => {
    const annotations = { 'hcnproxyctl.io/enabled': 'true', 'hcnproxyctl.io/exclude-outbound-ips': '10.0.0.1/8' };
    const strict = await run(ENV, conf({ runtimeConfig: { [CAP]: annotations }, policy: { outboundPort: 15001, proxyUid: 1337 } }));
    expect(strict.json).toMatchObject({ code: 7, msg: expect.stringContaining('hcnproxyctl.io/exclude-outbound-ips') });
    const open = await run(
      ENV,
      conf({ runtimeConfig: { [CAP]: annotations }, policy: { outboundPort: 15001, proxyUid: 1337 }, failOpen: true, backend: 'nft' }),
    );
    // failOpen: the bad annotation is dropped with a warning, the rest is applied — here into a netns
    // path that does not exist, which fails and is logged, and the pod still gets its result.
    expect(open.code).toBe(0);
    expect(open.json).toEqual(PREV);
    expect(open.stderr).toContain('"level":"warn"');
    expect(open.stderr).toContain('"level":"error"');
    expect(open.stderr).toContain('failOpen');
  });

  it('invalid plugin configuration: code 7', async () => {
    expect((await run(ENV, conf({ failOpen: 'yes' }))).json).toMatchObject({ code: 7, msg: 'failOpen must be true or false' });
    expect((await run(ENV, conf({ policy: { outboundPort: 99999 } }))).json).toMatchObject({ code: 7, msg: expect.stringContaining('99999') });
    expect((await run(ENV, conf({ profiles: ['istio', 'cilium'] }))).json).toMatchObject({ code: 7, msg: expect.stringContaining('cilium') });
    expect((await run(ENV, conf({ runtimeConfig: { [CAP]: { a: 1 } } }))).json).toMatchObject({ code: 7 });
  });

  it('GC validates its attachment list and needs CNI_PATH', async () => {
    const gc = { CNI_COMMAND: 'GC', CNI_PATH: '/opt/cni/bin' };
    expect((await run(gc, { cniVersion: '1.1.0', name: 'net', 'cni.dev/valid-attachments': [{ containerID: 'a', ifname: 'eth0' }] })).code).toBe(0);
    expect((await run(gc, { cniVersion: '1.1.0', name: 'net', 'cni.dev/attachments': [{ containerID: 'a', ifname: 'eth0' }] })).code).toBe(0);
    expect((await run(gc, { cniVersion: '1.1.0', name: 'net', 'cni.dev/valid-attachments': [{ containerID: 1 }] })).json).toMatchObject({ code: 7 });
    expect((await run({ CNI_COMMAND: 'GC' }, { cniVersion: '1.1.0', name: 'net' })).json).toMatchObject({ code: 4, msg: expect.stringContaining('CNI_PATH') });
  });

  it('writes nothing but the result or the error to stdout', async () => {
    const ok = await run(ENV, conf());
    expect(ok.stdout.trim().split('\n')).toHaveLength(1);
    const bad = await run(ENV, '');
    expect(bad.stdout.trim().split('\n')).toHaveLength(1);
    for (const line of bad.stderr.trim().split('\n')) expect(JSON.parse(line)).toMatchObject({ level: 'error', plugin: 'hcnproxyctl' });
  });
});
