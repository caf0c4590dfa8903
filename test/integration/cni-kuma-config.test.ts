// Kuma's transparent-proxy-config (YAML) through the real plugin into a real netns: the ports of the
// YAML are the table's; the YAML parser's bundle (dist/yaml.cjs) is opened for such a pod only — a CNI
// call for any other pod never loads it (checked with strace on the plugin process).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAIN } from '../support/cli.js';
import { netLab, skipUnlessNetAdmin, type Netns } from '../support/netns.js';
import { KUMA_POD } from '../fixtures/pods.js';

const skip = skipUnlessNetAdmin('test/integration/cni-kuma-config.test.ts');
const CAP = 'io.kubernetes.cri.pod-annotations';
const KEY = 'traffic.kuma.io/transparent-proxy-config';

describe.skipIf(skip)("Kuma's transparent-proxy-config through the CNI plugin", () => {
  const lab = netLab();
  let ns: Netns;
  beforeAll(async () => {
    ns = await lab.addNetns('kcfg');
  });

  /** ADD under strace; returns the exit code and whether dist/yaml.cjs was opened. */
  const add = (annotations: Record<string, string>) => {
    const trace = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hcnproxyctl-strace-')), 'openat.txt');
    const r = spawnSync('strace', ['-f', '-qq', '-e', 'trace=openat', '-o', trace, process.execPath, MAIN], {
      env: { PATH: process.env.PATH, CNI_COMMAND: 'ADD', CNI_CONTAINERID: 'k1', CNI_NETNS: ns.path, CNI_IFNAME: 'eth0', CNI_PATH: '/opt/cni/bin' },
      input: JSON.stringify({
        cniVersion: '1.0.0',
        name: 'net',
        type: 'hcnproxyctl',
        prevResult: { cniVersion: '1.0.0' },
        runtimeConfig: { [CAP]: annotations },
      }),
      encoding: 'utf8',
      timeout: 30_000,
    });
    const opened = fs.readFileSync(trace, 'utf8');
    fs.rmSync(path.dirname(trace), { recursive: true, force: true });
    return { code: r.status, stdout: r.stdout, yamlLoaded: /openat\([^)]*dist\/yaml\.cjs"/.test(opened) };
  };
  const ruleset = async () => (await lab.exec(ns, ['nft', 'list', 'ruleset'])).stdout;

  it("the YAML's ports are the table's, and the parser is loaded for that pod only", async () => {
    const withConfig = add({ ...KUMA_POD, [KEY]: 'kumaDPUser: "5678"\nredirect:\n  inbound:\n    port: 15016\n  outbound:\n    port: 15011\n' });
    expect(withConfig.code, withConfig.stdout).toBe(0);
    expect(withConfig.yamlLoaded).toBe(true);
    const rules = await ruleset();
    expect(rules).toContain('redirect to :15016');
    expect(rules).toContain('redirect to :15011');
    expect(rules).toContain('meta skuid 5678 return');

    const legacy = add(KUMA_POD);
    expect(legacy.code).toBe(0);
    expect(legacy.yamlLoaded).toBe(false);
    expect(await ruleset()).toContain('redirect to :15006');
    await lab.exec(ns, ['nft', 'delete', 'table', 'inet', 'hcnproxyctl']);
  });

  it('a malformed configuration fails the ADD with the annotation named (fail-closed)', () => {
    const bad = add({ ...KUMA_POD, [KEY]: 'redirect:\n  inbound:\n    port: http\n' });
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ code: 7, msg: expect.stringContaining(`annotation ${KEY}: redirect.inbound.port "http"`) });
  });
});
