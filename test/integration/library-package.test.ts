// The library as a user gets it: `npm pack` of this project, installed into a scratch project, a small
// TypeScript program type-checked against the shipped .d.ts and run (ESM, and CommonJS) against the
// HNS simulator: add → list → clear, and a policy HNS cannot express caught with `instanceof
// PolicyError` — thrown inside the HNS feature bundle, caught with the class the package exports.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/cli.js';
import { sampleSeed, startHnsSim } from '../support/hns-sim.js';

const seed = sampleSeed();
const EP = seed.Endpoints[0]!.ID as string;

const PROGRAM = `import { buildPolicy, loadHnsBackend, PolicyError, renderL4WfpProxy, type ProxyPolicy } from 'hcnproxyctl';

const endpoint: string = process.argv[2] ?? '';
const { openHns } = await loadHnsBackend();
const hns = openHns();
const policy: ProxyPolicy = buildPolicy({ port: 15001, proxySid: 'S-1-5-32-556', excludePorts: '15020' });
const added = hns.addProxyPolicy(endpoint, policy);
const listed = hns.listProxyPolicies(endpoint).map((l) => l.raw.Settings);
const cleared = hns.clearProxyPolicies(endpoint);
let rejected = 'not thrown';
try {
  hns.addProxyPolicy(endpoint, buildPolicy({ port: 15001, excludeIps: '::1' }));
} catch (e) {
  rejected = e instanceof PolicyError ? \`PolicyError \${e.issues[0]?.field ?? ''}\` : \`something else: \${String(e)}\`;
}
console.log(JSON.stringify({ added, listed, cleared, rejected, type: renderL4WfpProxy(policy).Type }));
`;

const CJS = `const { buildPolicy, loadHnsBackend, PolicyError } = require('hcnproxyctl');
loadHnsBackend().then(({ openHns }) => {
  try {
    openHns().addProxyPolicy(process.argv[2], buildPolicy({ port: 15001, excludeIps: '::1' }));
    console.log('not thrown');
  } catch (e) {
    console.log(e instanceof PolicyError ? 'PolicyError' : 'something else');
  }
});
`;

describe('the packed library, installed and used as a dependency', () => {
  let sim: Awaited<ReturnType<typeof startHnsSim>>;
  let dir: string;

  beforeAll(async () => {
    sim = await startHnsSim(seed);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hcnproxyctl-lib-'));
    // The bundles are built (npm test builds them first); the declarations are made here. prepack would
    // rebuild dist/ under the other suites' feet, so it is not run.
    execFileSync(path.join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', path.join(ROOT, 'tsconfig.types.json')], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const packed = JSON.parse(
      execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], {
        cwd: ROOT,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    ) as { filename: string; files: { path: string }[] }[];
    const tarball = path.join(dir, packed[0]!.filename);
    const app = path.join(dir, 'app');
    fs.mkdirSync(app);
    fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], { cwd: app, stdio: ['ignore', 'pipe', 'pipe'] });
    fs.writeFileSync(path.join(app, 'main.mts'), PROGRAM);
    fs.writeFileSync(path.join(app, 'main.cjs'), CJS);
    fs.writeFileSync(
      path.join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2023',
          strict: true,
          noEmit: true,
          types: ['node'],
          typeRoots: [path.join(ROOT, 'node_modules', '@types')],
        },
        files: ['main.mts'],
      }),
    );
  }, 180_000);

  afterAll(async () => {
    await sim?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('ships the bundles and the declarations, not the single executables or test bundles', () => {
    const files = fs.readdirSync(path.join(dir, 'app', 'node_modules', 'hcnproxyctl', 'dist')).sort();
    expect(files).toEqual([
      'cli.cjs',
      'cni.cjs',
      'core.cjs',
      'cri.cjs',
      'hns.cjs',
      'lib.cjs',
      'lib.mjs',
      'main.cjs',
      'nft.cjs',
      'nri.cjs',
      'types',
      'yaml.cjs',
    ]);
  });

  it('type-checks a program against the shipped declarations', () => {
    const r = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', path.join(dir, 'app')], { encoding: 'utf8' });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('runs it (ESM): add → list → clear; an inexpressible policy is an instanceof PolicyError', () => {
    const r = spawnSync(process.execPath, ['main.mts', EP], { cwd: path.join(dir, 'app'), encoding: 'utf8', env: { ...process.env, ...sim.env } });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({
      added: 'added',
      listed: [
        {
          InboundProxyPort: '15001',
          OutboundProxyPort: '15001',
          FilterTuple: { Protocols: '6' },
          UserSID: 'S-1-5-32-556',
          InboundExceptions: { PortExceptions: ['15020'] },
          OutboundExceptions: { PortExceptions: ['15020'] },
        },
      ],
      cleared: 1,
      rejected: 'PolicyError inboundExcludeIps',
      type: 'L4WFPPROXY',
    });
  });

  it('and from CommonJS', () => {
    const r = spawnSync(process.execPath, ['main.cjs', EP], { cwd: path.join(dir, 'app'), encoding: 'utf8', env: { ...process.env, ...sim.env } });
    expect(r.stdout).toBe('PolicyError\n');
  });
});
