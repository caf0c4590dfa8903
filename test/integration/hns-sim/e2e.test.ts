// End to end: the C double built with gcc, loaded with koffi, talking to the bundled simulator running as its
// own process. koffi calls block this thread, so nothing the C side talks to may live in this process.
// The double reads HCNPROXYCTL_HNS_SIM with getenv at every call, so this file sets process.env (which reaches
// the C environment in vitest's default `forks` pool; it would not in a worker thread).
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import * as esbuild from 'esbuild';
import koffi from 'koffi';
import type { LibraryHandle } from 'koffi';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sampleSeed, startHnsSim } from '../../support/hns-sim.js';
import type { HnsSim } from '../../support/hns-sim.js';
import { guidToBytes } from '../../support/hns-sim/guid.js';

const HERE = import.meta.dirname;
const seed = sampleSeed();
const [EP_A1, EP_A2] = seed.Endpoints.map((e) => e.ID) as [string, string, string];
const NS_A = seed.Namespaces[0]!.ID;
const VECTOR_GUID = '01234567-89ab-cdef-0123-456789abcdef';
const PROXY = {
  Type: 'L4WFPPROXY',
  Settings: { InboundProxyPort: '15006', OutboundProxyPort: '15001', FilterTuple: { Protocols: '6' }, UserSID: 'S-1-5-32-556' },
};
const ENV = 'HCNPROXYCTL_HNS_SIM';

let tmp: string;
let sim: HnsSim;
let tcpSim: HnsSim;
let api: ReturnType<typeof bind>;
const savedEnv = process.env[ENV];

type NativeFunction = ReturnType<LibraryHandle['func']>;

function bind(lib: LibraryHandle) {
  return {
    HcnEnumerateEndpoints: lib.func('int32_t HcnEnumerateEndpoints(const char16_t *query, _Out_ void **endpoints, _Out_ void **errorRecord)'),
    HcnOpenEndpoint: lib.func('int32_t HcnOpenEndpoint(const uint8_t *id, _Out_ void **endpoint, _Out_ void **errorRecord)'),
    HcnQueryEndpointProperties: lib.func(
      'int32_t HcnQueryEndpointProperties(void *endpoint, const char16_t *query, _Out_ void **properties, _Out_ void **errorRecord)',
    ),
    HcnModifyEndpoint: lib.func('int32_t HcnModifyEndpoint(void *endpoint, const char16_t *settings, _Out_ void **errorRecord)'),
    HcnCloseEndpoint: lib.func('int32_t HcnCloseEndpoint(void *endpoint)'),
    HcnEnumerateNamespaces: lib.func('int32_t HcnEnumerateNamespaces(const char16_t *query, _Out_ void **namespaces, _Out_ void **errorRecord)'),
    HcnOpenNamespace: lib.func('int32_t HcnOpenNamespace(const uint8_t *id, _Out_ void **ns, _Out_ void **errorRecord)'),
    HcnQueryNamespaceProperties: lib.func(
      'int32_t HcnQueryNamespaceProperties(void *ns, const char16_t *query, _Out_ void **properties, _Out_ void **errorRecord)',
    ),
    HcnCloseNamespace: lib.func('int32_t HcnCloseNamespace(void *ns)'),
    HNSCall: lib.func('int32_t HNSCall(const char16_t *method, const char16_t *path, const char16_t *request, _Out_ void **response)'),
    CoTaskMemFree: lib.func('void CoTaskMemFree(void *p)'),
    HcnDoubleOutstandingAllocations: lib.func('int64_t HcnDoubleOutstandingAllocations(void)'),
  };
}

/** Reads and frees an out-string (the way production code must). */
function take(p: unknown): string | null {
  if (p === null) return null;
  const s = koffi.decode(p, 'char16_t', -1) as string;
  api.CoTaskMemFree(p);
  return s;
}

interface Result {
  hr: number;
  value: string | null;
  record: string | null;
}

function twoOuts(fn: NativeFunction, ...args: unknown[]): Result {
  const value: unknown[] = [null];
  const record: unknown[] = [null];
  const hr = (fn(...args, value, record) as number) >>> 0;
  return { hr, value: take(value[0]), record: take(record[0]) };
}

function openEndpoint(id: string | Buffer): { hr: number; handle: unknown; record: string | null } {
  const h: unknown[] = [null];
  const record: unknown[] = [null];
  const hr = (api.HcnOpenEndpoint(typeof id === 'string' ? guidToBytes(id) : id, h, record) as number) >>> 0;
  return { hr, handle: h[0], record: take(record[0]) };
}

function modify(handle: unknown, request: object): { hr: number; record: string | null } {
  const record: unknown[] = [null];
  const hr = (api.HcnModifyEndpoint(handle, JSON.stringify(request), record) as number) >>> 0;
  return { hr, record: take(record[0]) };
}

const query = (filter: object): string => JSON.stringify({ SchemaVersion: { Major: 2, Minor: 0 }, Flags: 0, Filter: JSON.stringify(filter) });
const outstanding = (): number => Number(api.HcnDoubleOutstandingAllocations());

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hcn-double-e2e-'));
  const so = path.join(tmp, 'libhcn_double.so');
  const cc = spawnSync(
    'gcc',
    [
      '-std=c11',
      '-O2',
      '-Wall',
      '-Wextra',
      '-fPIC',
      '-shared',
      '-fvisibility=hidden',
      '-o',
      so,
      path.join(HERE, '..', '..', 'support', 'hcn-double', 'hcn_double.c'),
    ],
    { encoding: 'utf8' },
  );
  expect(cc.status, cc.stderr).toBe(0);
  expect(cc.stderr, 'gcc warnings').toBe('');
  const bundle = path.join(tmp, 'hns-sim.cjs');
  await esbuild.build({
    entryPoints: [path.join(HERE, '..', '..', 'support', 'hns-sim', 'main.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    outfile: bundle,
    logLevel: 'error',
  });
  sim = await startHnsSim(seed, { simBundle: bundle, hcnLib: so });
  tcpSim = await startHnsSim(seed, { simBundle: bundle, hcnLib: so, tcp: true });
  api = bind(koffi.load(so));
  process.env[ENV] = sim.addr;
}, 60_000);

afterAll(async () => {
  if (savedEnv === undefined) delete process.env[ENV];
  else process.env[ENV] = savedEnv;
  await sim?.stop();
  await tcpSim?.stop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

afterEach(async () => {
  process.env[ENV] = sim.addr;
  await sim.control({ op: 'reset', state: seed });
  expect(outstanding(), 'out-strings not freed').toBe(0);
});

describe('HCN double → simulator', () => {
  it('enumerate → open by GUID bytes → query → modify add/remove → close', async () => {
    const list = twoOuts(api.HcnEnumerateEndpoints, query({ HostComputeNamespace: NS_A }));
    expect(list).toEqual({ hr: 0, value: JSON.stringify([EP_A1, EP_A2]), record: null });

    const { hr, handle, record } = openEndpoint(EP_A1);
    expect({ hr, record }).toEqual({ hr: 0, record: null });
    expect(koffi.address(handle)).toBeGreaterThan(0n);

    const props = twoOuts(api.HcnQueryEndpointProperties, handle, query({ ID: EP_A1 }));
    expect(props.hr).toBe(0);
    expect(JSON.parse(props.value!)).toMatchObject({ ID: EP_A1, Policies: seed.Endpoints[0]!.Policies });

    const add = { ResourceType: 'Policy', RequestType: 'Add', Settings: { Policies: [PROXY] } };
    expect(modify(handle, add)).toEqual({ hr: 0, record: null });
    const after = twoOuts(api.HcnQueryEndpointProperties, handle, null);
    expect(JSON.parse(after.value!).Policies).toEqual([...seed.Endpoints[0]!.Policies!, PROXY]);
    expect(modify(handle, { ...add, RequestType: 'Remove' })).toEqual({ hr: 0, record: null });
    expect((await sim.dump()).Endpoints[0].Policies).toEqual(seed.Endpoints[0]!.Policies);

    expect(await sim.control({ op: 'handles' })).toMatchObject({ handles: 1 });
    expect(api.HcnCloseEndpoint(handle)).toBe(0);
    expect(await sim.control({ op: 'handles' })).toMatchObject({ handles: 0 });
    expect((await sim.control({ op: 'counts' })).counts).toEqual({
      HcnEnumerateEndpoints: 1,
      HcnOpenEndpoint: 1,
      HcnQueryEndpointProperties: 2,
      HcnModifyEndpoint: 2,
      HcnCloseEndpoint: 1,
    });
  });

  it('passes the GUID as the 16 bytes in memory (Windows layout)', async () => {
    const state = structuredClone(seed);
    state.Endpoints.push({ ID: VECTOR_GUID.toUpperCase(), Name: 'vector' });
    await sim.control({ op: 'reset', state });
    const { hr, handle } = openEndpoint(Buffer.from('67452301ab89efcd0123456789abcdef', 'hex'));
    expect(hr).toBe(0);
    expect(JSON.parse(twoOuts(api.HcnQueryEndpointProperties, handle, null).value!)).toMatchObject({ ID: VECTOR_GUID.toUpperCase(), Name: 'vector' });
    api.HcnCloseEndpoint(handle);
  });

  it('unknown GUID → 0x80070490 with an error record and a NULL handle', () => {
    const { hr, handle, record } = openEndpoint(VECTOR_GUID);
    expect(hr).toBe(0x80070490);
    expect(handle).toBeNull();
    expect(JSON.parse(record!)).toEqual({ Success: false, Error: 'Element not found.', ErrorCode: 0x80070490 });
  });

  it('a NULL error-record pointer is allowed', () => {
    const h: unknown[] = [null];
    expect((api.HcnOpenEndpoint(guidToBytes(VECTOR_GUID), h, null) as number) >>> 0).toBe(0x80070490);
    expect(h[0]).toBeNull();
  });

  it('a closed handle → E_HANDLE', () => {
    const { handle } = openEndpoint(EP_A2);
    expect(api.HcnCloseEndpoint(handle)).toBe(0);
    expect(api.HcnCloseEndpoint(handle) >>> 0).toBe(0x80070006);
    const r = twoOuts(api.HcnQueryEndpointProperties, handle, null);
    expect(r.hr).toBe(0x80070006);
    expect(r.value).toBeNull();
    expect(JSON.parse(r.record!)).toMatchObject({ Success: false, ErrorCode: 0x80070006 });
  });

  it('namespaces: enumerate, open, query Resources, close', () => {
    expect(twoOuts(api.HcnEnumerateNamespaces, null).value).toBe(JSON.stringify(seed.Namespaces.map((n) => n.ID)));
    const h: unknown[] = [null];
    expect(api.HcnOpenNamespace(guidToBytes(NS_A), h, null)).toBe(0);
    const props = JSON.parse(twoOuts(api.HcnQueryNamespaceProperties, h[0], null).value!);
    expect(props.Resources.map((r: { Data: { ID: string } }) => r.Data.ID)).toEqual([EP_A1, EP_A2]);
    expect(api.HcnCloseNamespace(h[0])).toBe(0);
  });

  it('HNSCall GET /globals/version', async () => {
    await sim.control({ op: 'version', Major: 13, Minor: 1 });
    const out: unknown[] = [null];
    expect(api.HNSCall('GET', '/globals/version', null, out)).toBe(0);
    expect(JSON.parse(take(out[0])!)).toEqual({ Success: true, Error: '', Output: { Major: 13, Minor: 1 } });
  });

  it('UTF-16 both ways, including characters outside the BMP, and a large response', async () => {
    const state = structuredClone(seed);
    const name = 'pod-ëñ-😀-端点';
    state.Endpoints[1]!.Name = name;
    state.Endpoints[1]!.Policies = [{ Type: 'ACL', Settings: { Blob: 'x'.repeat(300_000) } }];
    await sim.control({ op: 'reset', state });
    expect(twoOuts(api.HcnEnumerateEndpoints, query({ Name: name })).value).toBe(JSON.stringify([EP_A2]));
    const { handle } = openEndpoint(EP_A2);
    const props = JSON.parse(twoOuts(api.HcnQueryEndpointProperties, handle, null).value!);
    expect(props.Name).toBe(name);
    expect(props.Policies[0].Settings.Blob).toHaveLength(300_000);
    api.HcnCloseEndpoint(handle);
  });

  it('an injected fault comes back as the HRESULT with its record', async () => {
    await sim.control({ op: 'fault', fn: 'HcnEnumerateEndpoints', hresult: '0x80070005', record: 'Access is denied.' });
    expect(twoOuts(api.HcnEnumerateEndpoints, null)).toEqual({
      hr: 0x80070005,
      value: null,
      record: JSON.stringify({ Success: false, Error: 'Access is denied.', ErrorCode: 0x80070005 }),
    });
    expect(twoOuts(api.HcnEnumerateEndpoints, null).hr).toBe(0);
  });

  it('works over TCP (127.0.0.1:PORT) as the Windows build does', () => {
    process.env[ENV] = tcpSim.addr;
    expect(tcpSim.addr).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(twoOuts(api.HcnEnumerateEndpoints, null).value).toBe(JSON.stringify(seed.Endpoints.map((e) => e.ID)));
  });
});

describe('HCN double without a simulator', () => {
  it('unreachable simulator → 0x800706BA with a record naming the address, on every entry point', () => {
    const addr = path.join(tmp, 'nobody "here".sock');
    process.env[ENV] = addr;
    const record = JSON.stringify({ Success: false, Error: `hcn double: HNS simulator not reachable at ${addr} (HCNPROXYCTL_HNS_SIM)`, ErrorCode: 0x800706ba });
    expect(twoOuts(api.HcnEnumerateEndpoints, null)).toEqual({ hr: 0x800706ba, value: null, record });
    expect(openEndpoint(EP_A1)).toEqual({ hr: 0x800706ba, handle: null, record });
    expect(modify(null, {})).toEqual({ hr: 0x800706ba, record });
    expect(api.HcnCloseEndpoint(null) >>> 0).toBe(0x800706ba);
    const out: unknown[] = ['sentinel'];
    expect(api.HNSCall('GET', '/globals/version', null, out) >>> 0).toBe(0x800706ba);
    expect(out[0]).toBeNull();
    process.env[ENV] = '127.0.0.1:1';
    expect(JSON.parse(twoOuts(api.HcnEnumerateNamespaces, null).record!).Error).toBe(
      'hcn double: HNS simulator not reachable at 127.0.0.1:1 (HCNPROXYCTL_HNS_SIM)',
    );
  });

  it('HCNPROXYCTL_HNS_SIM not set', () => {
    delete process.env[ENV];
    expect(twoOuts(api.HcnEnumerateEndpoints, null)).toEqual({
      hr: 0x800706ba,
      value: null,
      record: JSON.stringify({ Success: false, Error: 'hcn double: HCNPROXYCTL_HNS_SIM is not set', ErrorCode: 0x800706ba }),
    });
  });
});

describe('HCN double against a peer that answers badly', () => {
  // A stand-in "simulator" in its own process that reads one request and answers with fixed raw bytes.
  const RESPONDER = `
    const net = require('node:net'), fs = require('node:fs');
    const [sock, file] = process.argv.slice(1);
    net.createServer((c) => {
      let got = Buffer.alloc(0);
      c.on('error', () => {});
      c.on('data', (d) => {
        got = Buffer.concat([got, d]);
        if (got.length >= 4 && got.length >= 4 + got.readUInt32LE(0)) c.end(Buffer.from(fs.readFileSync(file, 'utf8'), 'hex'));
      });
    }).listen(sock, () => console.log('ready'));`;
  let child: ChildProcess;
  let sock: string;
  let answerFile: string;

  beforeAll(async () => {
    sock = path.join(tmp, 'bad.sock');
    answerFile = path.join(tmp, 'answer.hex');
    child = spawn(process.execPath, ['-e', RESPONDER, sock, answerFile], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => readline.createInterface({ input: child.stdout! }).once('line', () => resolve()));
  });
  afterAll(() => {
    if (child?.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGTERM');
  });

  const frame = (body: string): string => {
    const b = Buffer.from(body.replace(/\s+/g, ''), 'hex');
    const head = Buffer.alloc(4);
    head.writeUInt32LE(b.length);
    return head.toString('hex') + b.toString('hex');
  };

  it.each<[string, string, number, string]>([
    ['too few out-parameters', frame('00000000 01 00'), 0x8007000d, 'malformed response from'],
    ['string longer than the message', frame('00000000 02 01 64000000 4100 00'), 0x8007000d, 'malformed response from'],
    ['odd string length', frame('00000000 02 01 03000000 410042 00'), 0x8007000d, 'malformed response from'],
    ['handle where a string belongs', frame('00000000 02 03 0100000000000000 00'), 0x8007000d, 'malformed response from'],
    ['unknown tag', frame('00000000 02 07 00'), 0x8007000d, 'malformed response from'],
    ['trailing bytes', frame('00000000 02 00 00 ff'), 0x8007000d, 'malformed response from'],
    ['good string, then a bad second out (the first is freed)', frame('00000000 02 01 04000000 5b005d00 01 ffffff7f'), 0x8007000d, 'malformed response from'],
    ['oversized length header', 'ffffffff', 0x8007000d, 'oversized response from'],
    ['frame cut short', `${frame('00000000 02 00 00').slice(0, 12)}`, 0x800706be, 'lost the connection to'],
    ['no answer at all', '', 0x800706be, 'lost the connection to'],
  ])('%s: outs NULL, nothing leaked', (_name, answer, hr, message) => {
    fs.writeFileSync(answerFile, answer);
    process.env[ENV] = sock;
    const r = twoOuts(api.HcnEnumerateEndpoints, null);
    expect(r.hr).toBe(hr);
    expect(r.value).toBeNull();
    expect(JSON.parse(r.record!)).toEqual({ Success: false, Error: `hcn double: ${message} the HNS simulator at ${sock}`, ErrorCode: hr });
  });

  it('a well-formed answer from the same peer passes through', () => {
    fs.writeFileSync(answerFile, frame('05400780 02 01 04000000 5b005d00 00'));
    process.env[ENV] = sock;
    expect(twoOuts(api.HcnEnumerateEndpoints, null)).toEqual({ hr: 0x80074005, value: '[]', record: null });
  });
});
