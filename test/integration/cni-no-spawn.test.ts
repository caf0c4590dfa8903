// A pod that is not opted in costs the node nothing beyond starting the plugin: no nft, no nsenter.
// Fake nsenter/nft first in PATH record every call, so the test sees a spawn if there is one.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execPlugin, makeOurBinDir } from '../helpers/cni.js';

const CAP = 'io.kubernetes.cri.pod-annotations';
let bin: ReturnType<typeof makeOurBinDir>;
let fakes: string;
let marks: string;

beforeAll(() => {
  bin = makeOurBinDir();
  fakes = fs.mkdtempSync(path.join(os.tmpdir(), 'hcnproxyctl-fakes-'));
  marks = path.join(fakes, 'calls.log');
  for (const name of ['nsenter', 'nft', 'unshare']) {
    fs.writeFileSync(path.join(fakes, name), `#!/bin/sh\necho "${name} $*" >> "$HPT_CALLS"\nexit 0\n`, { mode: 0o755 });
  }
});
afterAll(() => {
  bin?.cleanup();
  if (fakes) fs.rmSync(fakes, { recursive: true, force: true });
});

function add(annotations: Record<string, string>) {
  fs.rmSync(marks, { force: true });
  const run = execPlugin(path.join(bin.dir, 'hcnproxyctl'), {
    command: 'ADD', containerId: 'nospawn', netns: '/proc/self/ns/net', ifname: 'eth0', path: bin.dir,
    env: { PATH: `${fakes}${path.delimiter}${process.env.PATH ?? ''}`, HPT_CALLS: marks },
  }, {
    cniVersion: '1.0.0', name: 'net', type: 'hcnproxyctl', capabilities: { [CAP]: true }, policy: { outboundPort: 15001, proxyUid: 1337 },
    prevResult: { cniVersion: '1.0.0', ips: [{ address: '10.0.0.2/24' }] }, runtimeConfig: { [CAP]: annotations },
  });
  return { run, calls: fs.existsSync(marks) ? fs.readFileSync(marks, 'utf8') : '' };
}

describe('ADD of a pod that is not opted in', () => {
  it('spawns nothing', () => {
    const { run, calls } = add({ app: 'web', 'sidecar.istio.io/inject': 'false' });
    expect(run.code).toBe(0);
    expect(calls).toBe('');
  });

  it('(while an opted-in pod does reach nft, so the probe works)', () => {
    const { run, calls } = add({ 'hcnproxyctl.io/enabled': 'true' });
    expect(run.code).toBe(0);
    expect(calls).toBe(`nsenter --net=/proc/self/ns/net -- ${path.join(fakes, 'nft')} -f -\n`);
  });
});
