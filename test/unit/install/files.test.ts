// Choosing the primary configuration as go-cni does, and the atomic write.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ChangedUnderUsError,
  conflistName,
  fileStamp,
  goExt,
  listConfigFiles,
  orderConfigNames,
  primaryConfig,
  sameContent,
  writeFileAtomic,
} from '../../../src/cni/install/files.js';

const tmps: string[] = [];
const tmpDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'hcnproxyctl-files-'));
  tmps.push(d);
  return d;
};
afterEach(() => {
  for (const d of tmps.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('primary configuration', () => {
  it('extensions as Go sees them', () => {
    expect(goExt('10-x.conflist')).toBe('.conflist');
    expect(goExt('.conf')).toBe('.conf');
    expect(goExt('ZZZ-linkerd-cni-kubeconfig')).toBe('');
    expect(goExt('10-x.conf.bak')).toBe('.bak');
  });

  it('byte-wise order of *.conf, *.conflist, *.json; directories and other files ignored', () => {
    const names = [
      '10-calico.conflist',
      '05-cilium.conf',
      'Z.json',
      'a.conf',
      '10-calico.conf',
      '10-calico.json',
      'ZZZ-linkerd-cni-kubeconfig',
      'calico-kubeconfig',
      '.x.conflist',
      'é.conf',
      'z.conf',
      '00-dir.conf',
    ];
    const entries = names.map((name) => ({ name, isDirectory: name === '00-dir.conf' }));
    expect(orderConfigNames(entries)).toEqual([
      '.x.conflist',
      '05-cilium.conf',
      '10-calico.conf',
      '10-calico.conflist',
      '10-calico.json',
      'Z.json',
      'a.conf',
      'z.conf',
      'é.conf',
    ]);
  });

  it('reads the directory', () => {
    const d = tmpDir();
    expect(primaryConfig(d)).toBeUndefined();
    fs.writeFileSync(path.join(d, '99-loopback.conf'), '{}');
    fs.writeFileSync(path.join(d, '10-flannel.conflist'), '{}');
    fs.writeFileSync(path.join(d, '01-notes.txt'), '');
    fs.mkdirSync(path.join(d, '00-sub.conflist'));
    expect(listConfigFiles(d)).toEqual([path.join(d, '10-flannel.conflist'), path.join(d, '99-loopback.conf')]);
    expect(primaryConfig(d)).toBe(path.join(d, '10-flannel.conflist'));
  });

  it('the .conflist name of a .conf / .json', () => {
    expect(conflistName('/d/10-bridge.conf')).toBe('/d/10-bridge.conflist');
    expect(conflistName('/d/10-bridge.json')).toBe('/d/10-bridge.conflist');
    expect(conflistName('/d/10-bridge.conflist')).toBe('/d/10-bridge.conflist');
  });
});

describe('writeFileAtomic', () => {
  it('replaces the file with the given mode, leaving no temp file', () => {
    const d = tmpDir();
    const f = path.join(d, '10-x.conflist');
    fs.writeFileSync(f, 'old', { mode: 0o600 });
    writeFileAtomic(f, 'new', { mode: 0o640 });
    expect(fs.readFileSync(f, 'utf8')).toBe('new');
    expect(fs.statSync(f).mode & 0o777).toBe(0o640);
    expect(fs.readdirSync(d)).toEqual(['10-x.conflist']);
    expect(sameContent(f, Buffer.from('new'))).toBe(true);
    expect(sameContent(f, Buffer.from('newer'))).toBe(false);
    expect(sameContent(path.join(d, 'absent'), Buffer.from(''))).toBe(false);
  });

  it('a failed precondition (the file changed under us) writes nothing', () => {
    const d = tmpDir();
    const f = path.join(d, '10-x.conflist');
    fs.writeFileSync(f, 'theirs');
    const stamp = fileStamp(f);
    expect(fileStamp(f)).toBe(stamp);
    fs.writeFileSync(f, 'theirs, rewritten');
    expect(() => writeFileAtomic(f, 'ours', { precondition: () => fileStamp(f) === stamp })).toThrow(ChangedUnderUsError);
    expect(fs.readFileSync(f, 'utf8')).toBe('theirs, rewritten');
    expect(fs.readdirSync(d)).toEqual(['10-x.conflist']);
    expect(fileStamp(path.join(d, 'absent'))).toBe('absent');
  });

  it('a failed write leaves the old file and no temp file', () => {
    const d = tmpDir();
    const f = path.join(d, 'sub');
    fs.mkdirSync(f); // renaming a file over a directory fails
    expect(() => writeFileAtomic(f, 'x')).toThrow();
    expect(fs.readdirSync(d)).toEqual(['sub']);
  });
});
