// The HCN double must also build as the computenetwork.dll that the Windows executable loads under
// Wine (packaging issue): the same entry points, undecorated, importing only system DLLs.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/cli.js';

const HCN_EXPORTS = [
  'HcnEnumerateEndpoints',
  'HcnOpenEndpoint',
  'HcnQueryEndpointProperties',
  'HcnModifyEndpoint',
  'HcnCloseEndpoint',
  'HcnEnumerateNamespaces',
  'HcnOpenNamespace',
  'HcnQueryNamespaceProperties',
  'HcnCloseNamespace',
  'HNSCall',
];

describe('HCN double, Windows build (mingw-w64)', () => {
  it('compiles without warnings and exports the HCN entry points', () => {
    const build = spawnSync(process.execPath, [path.join(ROOT, 'build', 'hcn-double.mjs'), '--windows', '--force'], { encoding: 'utf8' });
    expect(build.stderr).toBe('');
    expect(build.status).toBe(0);
    const dump = spawnSync('x86_64-w64-mingw32-objdump', ['-p', path.join(ROOT, 'dist', 'hcn-double', 'computenetwork.dll')], { encoding: 'utf8' });
    expect(dump.status).toBe(0);
    for (const name of HCN_EXPORTS) expect(dump.stdout).toMatch(new RegExp(`\\] ${name}\\n`));
    // Out-strings must come from ole32's allocator (production frees them with ole32's CoTaskMemFree).
    expect(dump.stdout).not.toMatch(/\] CoTaskMemFree\n/);
    const imports = [...dump.stdout.matchAll(/DLL Name: (\S+)/g)].map((m) => m[1]!.toLowerCase()).sort();
    expect(imports).toEqual(['kernel32.dll', 'msvcrt.dll', 'ole32.dll', 'ws2_32.dll']);
  });
});
