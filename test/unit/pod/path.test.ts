// The one pod path both hooks share, with a recording backend: decide → apply/remove/check →
// fail-open / fail-closed, and how each face (CNI, NRI) turns the outcome into its own answer.
import { beforeEach, describe, expect, it } from 'vitest';
import { runCni } from '../../../src/cni/index.js';
import { CreateContainerRequest, CreateContainerResponse, Empty, RunPodSandboxRequest, type PodSandbox } from '../../../src/gen/nri/api.js';
import { pluginHandlers } from '../../../src/nri/plugin.js';
import { PodHandler } from '../../../src/nri/pod-handler.js';
import { addPod, checkPod, parseHookSettings, PodFailure, removePod, type PodContext, type PodRequest } from '../../../src/pod/index.js';
import { TtrpcError } from '../../../src/ttrpc/index.js';
import { fakeBackend, type FakeBackend } from '../../support/fakes/backend.js';

const OPT_IN = { 'hcnproxyctl.io/enabled': 'true' };
const NODE = { policy: { inboundPort: 15006, outboundPort: 15001, proxyUid: 1337 } };
const SOON = () => Date.now() + 5000;

function logger() {
  const lines: Array<{ level: string; msg: string; fields: Record<string, unknown> }> = [];
  return { lines, log: (level: string, msg: string, fields: Record<string, unknown> = {}) => lines.push({ level, msg, fields }) };
}

describe('the pod path', () => {
  let backend: FakeBackend;
  let log: ReturnType<typeof logger>;
  const ctx = (settings: Record<string, unknown> = {}): PodContext => ({ settings: parseHookSettings({ ...NODE, ...settings }), backend, log });
  const pod = (annotations: Record<string, string> | undefined): PodRequest => ({
    target: { netns: '/run/netns/p', containerId: 'c1' },
    annotations,
    fields: { podID: 'c1' },
  });

  beforeEach(() => {
    backend = fakeBackend();
    log = logger();
  });

  it('a pod that is not opted in is skipped without touching the backend', async () => {
    expect(await addPod(ctx(), pod({ app: 'web' }), SOON())).toMatchObject({ action: 'skipped', reason: expect.stringContaining('no opt-in annotation') });
    expect(await addPod(ctx(), pod(undefined), SOON())).toMatchObject({ action: 'skipped' });
    expect(backend.calls).toEqual([]);
    expect(log.lines.map((l) => [l.level, l.msg])).toEqual([
      ['debug', 'pod skipped'],
      ['debug', 'pod skipped'],
    ]);
  });

  it('an opted-in pod: the decided policy goes to the backend with the target and the deadline', async () => {
    const deadline = SOON();
    expect(await addPod(ctx(), pod(OPT_IN), deadline)).toEqual({ action: 'applied', profile: 'hcnproxyctl', detail: 'applied in /run/netns/p' });
    expect(backend.calls).toHaveLength(1);
    expect(backend.calls[0]).toMatchObject({
      op: 'apply',
      target: { netns: '/run/netns/p', containerId: 'c1' },
      deadline,
      policy: { inboundPort: 15006, outboundPort: 15001, identity: { uid: 1337 } },
    });
    expect(log.lines.at(-1)).toMatchObject({ level: 'info', msg: 'redirect applied', fields: { podID: 'c1', profile: 'hcnproxyctl', ms: expect.any(Number) } });
  });

  it.each([
    ['transient', 'transient'],
    ['internal', 'internal'],
    ['policy', 'invalid'],
  ] as const)('fail-closed (default): a %s backend failure throws PodFailure(%s) and logs it', async (fail, kind) => {
    backend.fail = fail;
    const e = await addPod(ctx(), pod(OPT_IN), SOON()).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(PodFailure);
    expect(e).toMatchObject({ kind, message: expect.stringMatching(/^redirect not applied: /) });
    expect(log.lines.at(-1)).toMatchObject({ level: 'error', fields: { failure: kind } });
  });

  it('fail-open: the failure is logged loudly and returned; the pod starts', async () => {
    backend.fail = 'internal';
    const r = await addPod(ctx({ failOpen: true }), pod(OPT_IN), SOON());
    expect(r).toMatchObject({ action: 'failed-open', failure: { kind: 'internal' } });
    expect(log.lines.at(-1)).toMatchObject({
      level: 'error',
      msg: expect.stringContaining('failOpen: the pod starts without its traffic going through the proxy'),
    });
  });

  it('a malformed annotation: invalid (fail-closed, naming the key); with failOpen it is dropped with a warning', async () => {
    const bad = { ...OPT_IN, 'hcnproxyctl.io/outbound-port': 'http' };
    await expect(addPod(ctx(), pod(bad), SOON())).rejects.toMatchObject({ kind: 'invalid', message: expect.stringContaining('hcnproxyctl.io/outbound-port') });
    expect(backend.calls).toEqual([]);
    expect(await addPod(ctx({ failOpen: true }), pod(bad), SOON())).toMatchObject({ action: 'applied' });
    expect(log.lines.some((l) => l.level === 'warn' && l.msg.includes('hcnproxyctl.io/outbound-port'))).toBe(true);
  });

  it('excludeNamespaces (default kube-system): such a pod is skipped before its annotations are read', async () => {
    const inKubeSystem = { ...pod({ ...OPT_IN, 'hcnproxyctl.io/outbound-port': 'http' }), namespace: 'kube-system' };
    expect(await addPod(ctx(), inKubeSystem, SOON())).toEqual({
      action: 'skipped',
      code: 'excluded-namespace',
      reason: 'namespace kube-system is excluded by the node (excludeNamespaces)',
    });
    expect(await removePod(ctx(), inKubeSystem, SOON())).toBe('skipped');
    expect(await checkPod(ctx(), inKubeSystem, SOON())).toMatchObject({ ok: true, skipped: expect.stringContaining('excludeNamespaces') });
    expect(backend.calls).toEqual([]);
    const inIstioSystem = { ...pod(OPT_IN), namespace: 'istio-system' };
    expect(await addPod(ctx({ excludeNamespaces: ['istio-system'] }), inIstioSystem, SOON())).toMatchObject({ action: 'skipped' });
    expect(await addPod(ctx({ excludeNamespaces: [] }), { ...pod(OPT_IN), namespace: 'kube-system' }, SOON())).toMatchObject({ action: 'applied' });
    expect(() => parseHookSettings({ excludeNamespaces: 'kube-system' })).toThrow('excludeNamespaces must be a list of namespace names');
    expect(() => parseHookSettings({ excludeNamespaces: ['Kube_System'] })).toThrow('"Kube_System" is not a Kubernetes namespace name');
    expect(parseHookSettings({}).excludeNamespaces).toEqual(['kube-system']);
  });

  it('remove: nothing for a pod that is not opted in; best effort otherwise (never throws)', async () => {
    expect(await removePod(ctx(), pod({ app: 'web' }), SOON())).toBe('skipped');
    expect(backend.calls).toEqual([]);
    expect(await removePod(ctx(), pod(OPT_IN), SOON())).toBe('removed');
    expect(await removePod(ctx(), pod({ ...OPT_IN, 'hcnproxyctl.io/outbound-port': 'http' }), SOON())).toBe('removed'); // unreadable now: cleaned up anyway
    backend.fail = 'internal';
    expect(await removePod(ctx(), pod(OPT_IN), SOON())).toBe('failed');
    expect(log.lines.at(-1)).toMatchObject({ level: 'warn', msg: 'could not remove the redirect (it goes away with the pod)' });
  });

  it('check: skipped pods are fine; the backend says missing/differs; failures are PodFailures', async () => {
    expect(await checkPod(ctx(), pod({ app: 'web' }), SOON())).toMatchObject({ ok: true, skipped: expect.any(String) });
    backend.checkResult = { ok: false, reason: 'differs', detail: 'rule changed' };
    expect(await checkPod(ctx(), pod(OPT_IN), SOON())).toEqual({ ok: false, reason: 'differs', detail: 'rule changed' });
    backend.fail = 'transient';
    await expect(checkPod(ctx(), pod(OPT_IN), SOON())).rejects.toMatchObject({ kind: 'transient' });
  });
});

describe('the CNI face over the pod path', () => {
  const CAP = 'io.kubernetes.cri.pod-annotations';
  const PREV = { cniVersion: '1.0.0', interfaces: [{ name: 'eth0' }], ips: [{ address: '10.1.0.5/24', interface: 0 }] };
  const ENV = { CNI_COMMAND: 'ADD', CNI_CONTAINERID: 'c1', CNI_NETNS: '/run/netns/p', CNI_IFNAME: 'eth0', CNI_PATH: '/opt/cni/bin' };

  async function run(backend: FakeBackend, env: Record<string, string>, extra: Record<string, unknown> = {}) {
    let stdout = '';
    let stderr = '';
    const conf = { cniVersion: '1.0.0', name: 'net', type: 'hcnproxyctl', prevResult: PREV, runtimeConfig: { [CAP]: OPT_IN }, ...NODE, ...extra };
    const code = await runCni(
      env,
      {
        readStdin: () => JSON.stringify(conf),
        writeStdout: (t) => {
          stdout += t;
        },
        writeStderr: (t) => {
          stderr += t;
        },
      },
      () => backend,
    );
    return { code, json: JSON.parse(stdout || 'null') as Record<string, unknown> | null, stderr };
  }

  it('ADD applies and passes prevResult through; the target carries the interface names and network', async () => {
    const b = fakeBackend();
    expect(await run(b, ENV)).toMatchObject({ code: 0, json: PREV });
    expect(b.calls[0]).toMatchObject({ op: 'apply', target: { netns: '/run/netns/p', containerId: 'c1', networkName: 'net', interfaceNames: ['eth0'] } });
  });

  it('fail-closed: code 11 (transient), 999 (internal), 7 (invalid) — logged once; fail-open: the result', async () => {
    for (const [fail, code] of [
      ['transient', 11],
      ['internal', 999],
      ['policy', 7],
    ] as const) {
      const b = fakeBackend();
      b.fail = fail;
      const r = await run(b, ENV);
      expect(r.code).toBe(1);
      expect(r.json).toMatchObject({ code });
      expect(
        r.stderr
          .trim()
          .split('\n')
          .filter((l) => l.includes('"level":"error"')),
      ).toHaveLength(1);
    }
    const b = fakeBackend();
    b.fail = 'internal';
    expect(await run(b, ENV, { failOpen: true })).toMatchObject({ code: 0, json: PREV });
  });

  it('CHECK maps missing/differs to 100/101; DEL is best effort; STATUS says how rules are written', async () => {
    const b = fakeBackend();
    b.checkResult = { ok: false, reason: 'missing', detail: 'no table' };
    expect((await run(b, { ...ENV, CNI_COMMAND: 'CHECK' })).json).toMatchObject({ code: 100, details: 'no table' });
    b.checkResult = { ok: false, reason: 'differs', detail: 'rule changed' };
    expect((await run(b, { ...ENV, CNI_COMMAND: 'CHECK' })).json).toMatchObject({ code: 101 });
    b.fail = 'internal';
    expect((await run(b, { ...ENV, CNI_COMMAND: 'DEL' })).code).toBe(0);
    b.fail = undefined;
    const status = await run(b, { CNI_COMMAND: 'STATUS' }, { cniVersion: '1.1.0', logLevel: 'debug' });
    expect(status.code).toBe(0);
    expect(status.stderr).toContain('"msg":"status ok"');
    expect(status.stderr).toContain('"detail":"libnftables 1.0.6 (in-process)"');
  });

  it('a pod of an excluded namespace (K8S_POD_NAMESPACE) costs no backend call', async () => {
    const b = fakeBackend();
    expect(await run(b, { ...ENV, CNI_ARGS: 'IgnoreUnknown=1;K8S_POD_NAMESPACE=kube-system;K8S_POD_NAME=coredns-1' })).toMatchObject({ code: 0, json: PREV });
    expect(b.calls).toEqual([]);
    expect(await run(b, { ...ENV, CNI_ARGS: 'K8S_POD_NAMESPACE=default;K8S_POD_NAME=web' })).toMatchObject({ code: 0 });
    expect(b.calls).toHaveLength(1);
  });

  it('settings errors name the key: nftMode, a relative logFile', async () => {
    const b = fakeBackend();
    expect((await run(b, ENV, { nftMode: 'fast' })).json).toMatchObject({
      code: 7,
      msg: expect.stringContaining('nftMode must be "auto", "libnftables", "exec"'),
    });
    expect((await run(b, ENV, { logFile: 'cni.log' })).json).toMatchObject({ code: 7, msg: 'logFile must be an absolute path, got "cni.log"' });
    expect(b.calls).toEqual([]);
  });
});

describe('the NRI face over the pod path', () => {
  const podSandbox = (annotations: Record<string, string>): PodSandbox => ({
    id: 'p1',
    name: 'web',
    namespace: 'default',
    uid: 'u1',
    annotations,
    linux: { namespaces: [{ type: 'network', path: '/run/netns/p1' }] },
  });
  const call = { metadata: {}, timeoutMs: 2000, signal: new AbortController().signal };

  function handlers(backend: FakeBackend, settings: Record<string, unknown> = {}) {
    const log = logger();
    const handler = new PodHandler(parseHookSettings({ ...NODE, ...settings }), log, () => backend);
    const h = pluginHandlers({ handler, log, baseDocs: { file: {}, flags: {} }, onConfigured: () => {} });
    const run = (annotations: Record<string, string>) =>
      h.RunPodSandbox!(RunPodSandboxRequest.encode({ pod: podSandbox(annotations) }).finish(), call as never);
    const create = (annotations: Record<string, string>) =>
      h.CreateContainer!(CreateContainerRequest.encode({ pod: podSandbox(annotations), container: { id: 'c1', name: 'app' } }).finish(), call as never);
    return { h, log, run, create, handler };
  }

  it('RunPodSandbox applies with a deadline inside the runtime budget and answers empty', async () => {
    const b = fakeBackend();
    const { run, log, handler } = handlers(b);
    const t0 = Date.now();
    expect(await run(OPT_IN)).toEqual(Empty.encode({}).finish());
    expect(b.calls[0]).toMatchObject({ op: 'apply', target: { netns: '/run/netns/p1', containerId: 'p1' } });
    // containerd's 2 s budget less the reply margin: the answer is on its way before containerd gives up.
    expect(b.calls[0]!.deadline).toBeGreaterThanOrEqual(t0 + 1750);
    expect(b.calls[0]!.deadline).toBeLessThanOrEqual(Date.now() + 1750);
    expect(handler.redirectedCount).toBe(1);
    expect(log.lines.find((l) => l.msg === 'event handled')).toMatchObject({
      fields: { event: 'RunPodSandbox', podID: 'p1', outcome: 'applied', ms: expect.any(Number) },
    });
  });

  it("fail-closed: RunPodSandbox answers empty, the pod's CreateContainer an error status (code 2) naming the problem; fail-open: empty answers", async () => {
    const b = fakeBackend();
    b.fail = 'internal';
    const closed = handlers(b);
    expect(await closed.run(OPT_IN)).toEqual(Empty.encode({}).finish());
    await expect(closed.create(OPT_IN)).rejects.toSatisfy(
      (e: unknown) => e instanceof TtrpcError && e.code === 2 && /container app not created: redirect not applied: nft exploded/.test(e.message),
    );
    const open = handlers(b, { failOpen: true });
    expect(await open.run(OPT_IN)).toEqual(Empty.encode({}).finish());
    expect(await open.create(OPT_IN)).toEqual(CreateContainerResponse.encode({}).finish());
  });

  it('CreateContainer of a pod redirected at RunPodSandbox costs no backend call (known)', async () => {
    const b = fakeBackend();
    const { run, create } = handlers(b);
    await run(OPT_IN);
    const calls = b.calls.length;
    expect(await create(OPT_IN)).toEqual(CreateContainerResponse.encode({}).finish());
    expect(b.calls.length).toBe(calls);
  });

  it('a pod of an excluded namespace costs no backend call', async () => {
    const b = fakeBackend();
    const { h } = handlers(b);
    const p = { ...podSandbox(OPT_IN), namespace: 'kube-system' };
    await h.RunPodSandbox!(RunPodSandboxRequest.encode({ pod: p }).finish(), call as never);
    expect(b.calls).toEqual([]);
  });

  it('a pod that is not opted in costs no backend call', async () => {
    const b = fakeBackend();
    await handlers(b).run({ app: 'web' });
    expect(b.calls).toEqual([]);
  });
});
