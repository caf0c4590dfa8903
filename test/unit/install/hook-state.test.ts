// check's view of the CNI face: our entry in the configuration containerd would load, and our executable.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cniHookState } from '../../../src/cni/install/hook-state.js';

const tmps: string[] = [];
function node(): { conf: string; bin: string } {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'hcnproxyctl-hook-'));
  tmps.push(d);
  fs.mkdirSync(path.join(d, 'conf'));
  fs.mkdirSync(path.join(d, 'bin'));
  return { conf: path.join(d, 'conf'), bin: path.join(d, 'bin') };
}
afterEach(() => tmps.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const list = (plugins: object[]) => JSON.stringify({ cniVersion: '1.0.0', name: 'k8s-pod-network', plugins });
const ours = { type: 'hcnproxyctl', capabilities: { io_kubernetes_pod_annotations: true }, failOpen: true };

describe('cniHookState', () => {
  it('the first file by byte order holds our entry and the executable is in a bin dir: installed, the entry returned', () => {
    const n = node();
    fs.writeFileSync(path.join(n.conf, '10-mesh.conflist'), list([{ type: 'bridge' }, ours]));
    fs.writeFileSync(path.join(n.conf, '20-other.conflist'), list([{ type: 'bridge' }]));
    fs.writeFileSync(path.join(n.bin, 'hcnproxyctl'), '');
    const r = cniHookState(n.conf, [path.join(n.conf, 'none'), n.bin]);
    expect(r.state).toEqual({ file: path.join(n.conf, '10-mesh.conflist'), entry: true, binary: path.join(n.bin, 'hcnproxyctl') });
    expect(r.entry).toEqual(ours);
  });

  it('our entry only in a file containerd does not load: not installed, said why', () => {
    const n = node();
    fs.writeFileSync(path.join(n.conf, '10-mesh.conflist'), list([{ type: 'bridge' }]));
    fs.writeFileSync(path.join(n.conf, '20-other.conflist'), list([{ type: 'bridge' }, ours]));
    const r = cniHookState(n.conf, [n.bin]);
    expect(r.state).toEqual({
      file: path.join(n.conf, '10-mesh.conflist'),
      entry: false,
      problem: `${path.join(n.conf, '10-mesh.conflist')} has no hcnproxyctl entry (hcnproxyctl install-cni adds it)`,
    });
    expect(r.entry).toBeUndefined();
  });

  it('the entry without the executable, a configuration containerd would refuse, no configuration, no directory', () => {
    const n = node();
    fs.writeFileSync(path.join(n.conf, '10-mesh.conflist'), list([{ type: 'bridge' }, ours]));
    expect(cniHookState(n.conf, [n.bin]).state.problem).toBe(`no hcnproxyctl executable in ${n.bin}`);
    fs.writeFileSync(path.join(n.conf, '10-mesh.conflist'), '{"cniVersion": "1.0.0", "name": "x"}');
    const refused = cniHookState(n.conf, [n.bin]).state;
    expect(refused.entry).toBe(false);
    expect(refused.problem).toMatch(/10-mesh\.conflist/);
    fs.rmSync(path.join(n.conf, '10-mesh.conflist'));
    expect(cniHookState(n.conf, [n.bin]).state).toEqual({ entry: false, problem: `no CNI configuration in ${n.conf}` });
    expect(cniHookState(path.join(n.conf, 'absent'), [n.bin]).state.entry).toBe(false);
  });
});
