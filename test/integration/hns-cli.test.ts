// The CLI end to end: bundled executable → koffi → HCN C double → HNS simulator (separate process).
import fs from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { expectGolden } from '../support/golden.js';
import { sampleSeed, startHnsSim } from '../support/hns-sim.js';
import { README_FLAGS } from '../fixtures/readme-example.js';

type Sim = Awaited<ReturnType<typeof startHnsSim>>;

const seed = sampleSeed();
const EP = seed.Endpoints[0]!.ID as string; // carries an OutBoundNAT policy

let sim: Sim;
beforeAll(async () => {
  sim = await startHnsSim(seed);
});
afterAll(async () => {
  await sim?.stop();
});
beforeEach(async () => {
  await sim.control({ op: 'reset', state: seed });
});

const cli = (...args: string[]) => runCli(args, sim.env);
async function endpointPolicies(id: string): Promise<unknown[]> {
  const state = (await sim.dump()) as { Endpoints: { ID: string; Policies?: unknown[] }[] };
  return state.Endpoints.find((e) => e.ID.toLowerCase() === id.toLowerCase())?.Policies ?? [];
}
async function counts(): Promise<Record<string, number>> {
  return ((await sim.control({ op: 'counts' })) as { counts: Record<string, number> }).counts;
}

describe('hcnproxyctl add / list / clear against the HNS simulator', () => {
  it('round-trips the README example: add → list → clear', async () => {
    await sim.control({ op: 'version', Major: 15, Minor: 1 });
    const add = cli('add', EP, ...README_FLAGS);
    expect(add.stderr).toBe('');
    expect(add).toMatchObject({ code: 0, stdout: 'Successfully added the policy\n' });

    const policies = await endpointPolicies(EP);
    expect(policies).toHaveLength(2);
    expectGolden('hns/readme-example.policy.json', `${JSON.stringify(policies[1])}\n`);

    const list = cli('list', EP);
    expect(list.code).toBe(0);
    expectGolden('cli/list-readme-example.txt', list.stdout.replaceAll(EP, '<endpoint>'));

    const json = cli('list', EP, '--output', 'json');
    expect(JSON.parse(json.stdout)).toEqual({ endpoint: EP, policies: [policies[1]] });

    expect(cli('clear', EP)).toMatchObject({ code: 0, stdout: 'Removed 1 policies\n' });
    expect(await endpointPolicies(EP)).toEqual([seed.Endpoints[0]!.Policies![0]]);
    expect(cli('list', EP).stdout).toBe(`No L4WFPPROXY policy on endpoint ${EP}\n`);
    expect(cli('clear', EP)).toMatchObject({ code: 0, stdout: 'Removed 0 policies\n' });
  });

  it('on HNS 13.2 (the first with L4WFPPROXY) exceptions get a warning: the schema documents them from 2.14', async () => {
    const add = cli('add', EP, ...README_FLAGS);
    expect(add.code).toBe(0);
    expect(add.stderr).toMatch(/^hcnproxyctl: warning: this host runs HNS 13\.2, .*InboundExceptions\/OutboundExceptions.* may ignore them/);
    expect(cli('add', EP, '--port', '8000', '--usersid', 'system', '--replace').stderr).toBe(''); // no exceptions, no warning
  });

  it('re-adding the identical policy is a no-op that sends no modify request', async () => {
    expect(cli('add', EP, ...README_FLAGS).code).toBe(0);
    const before = (await counts()).HcnModifyEndpoint ?? 0;
    const again = cli('add', EP, ...README_FLAGS, '--output', 'json');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ endpoint: EP, result: 'unchanged' });
    expect((await counts()).HcnModifyEndpoint ?? 0).toBe(before);
    expect(await endpointPolicies(EP)).toHaveLength(2);
  });

  it('a different policy conflicts, naming both; --replace swaps it', async () => {
    expect(cli('add', EP, ...README_FLAGS).code).toBe(0);
    const conflict = cli('add', EP, '--port', '15001', '--usersid', 'system');
    expect(conflict.code).toBe(1);
    expect(conflict.stderr).toContain(`HNS endpoint ${EP} already has a different L4WFPPROXY policy`);
    expect(conflict.stderr).toContain('existing {"InboundProxyPort":"9091"');
    expect(conflict.stderr).toContain(
      'requested {"InboundProxyPort":"15001","OutboundProxyPort":"15001","FilterTuple":{"Protocols":"6"},"UserSID":"S-1-5-18","InboundExceptions":{},"OutboundExceptions":{}}',
    );
    expect(conflict.stderr).toContain('use --replace');
    expect(conflict.stderr.trim().split('\n')).toHaveLength(1);

    const replaced = cli('add', EP, '--port', '15001', '--usersid', 'system', '--replace');
    expect(replaced).toMatchObject({ code: 0, stdout: 'Successfully replaced the existing policy\n' });
    const policies = await endpointPolicies(EP);
    expect(policies).toEqual([
      seed.Endpoints[0]!.Policies![0],
      {
        Type: 'L4WFPPROXY',
        Settings: {
          InboundProxyPort: '15001',
          OutboundProxyPort: '15001',
          FilterTuple: { Protocols: '6' },
          UserSID: 'S-1-5-18',
          InboundExceptions: {},
          OutboundExceptions: {},
        },
      },
    ]);
  });

  it("--port means what the original's did: both directions; a direction's own flag overrides or turns it off", async () => {
    const settings = async () => ((await endpointPolicies(EP))[1] as { Settings: Record<string, unknown> }).Settings;
    expect(cli('add', EP, '--port', '8000', '--usersid', 'system').code).toBe(0);
    expect(await settings()).toMatchObject({ InboundProxyPort: '8000', OutboundProxyPort: '8000' });
    expect(cli('add', EP, '--port', '8000', '--outbound-port', '15001', '--usersid', 'system', '--replace').code).toBe(0);
    expect(await settings()).toMatchObject({ InboundProxyPort: '8000', OutboundProxyPort: '15001' });
    expect(cli('add', EP, '--port', '8000', '--inbound-port', 'none', '--usersid', 'system', '--replace').code).toBe(0);
    const s = await settings();
    expect([s.InboundProxyPort, s.OutboundProxyPort]).toEqual([undefined, '8000']);
  });

  it('a policy stored with the older single Port field reads as both directions, and the same --port is unchanged', async () => {
    const legacy = { Type: 'L4WFPPROXY', Settings: { Port: '8000', FilterTuple: { Protocols: '6', LocalPorts: '80,443' }, UserSID: 'S-1-5-18' } };
    const state = structuredClone(seed);
    state.Endpoints[0]!.Policies = [...(state.Endpoints[0]!.Policies ?? []), legacy];
    await sim.control({ op: 'reset', state });
    const list = JSON.parse(cli('list', EP, '-o', 'json').stdout) as { policies: unknown[] };
    expect(list.policies).toEqual([legacy]);
    const text = cli('list', EP).stdout;
    expect(text).toContain('8000');
    expect(text).not.toContain('not understood');
    const again = cli('add', EP, '--port', '8000', '--usersid', 'system', '--localports', '80,443', '-o', 'json');
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ result: 'unchanged' });
  });

  it('clear leaves other policy types alone, on every endpoint', async () => {
    const other = seed.Endpoints[1]!.ID as string;
    expect(cli('add', EP, '--port', '15001').code).toBe(0);
    expect(cli('add', other, '--port', '15001').code).toBe(0);
    expect(cli('clear', EP).stdout).toBe('Removed 1 policies\n');
    expect(await endpointPolicies(EP)).toEqual(seed.Endpoints[0]!.Policies);
    expect(await endpointPolicies(other)).toHaveLength(1);
  });

  it('closes every handle it opens', async () => {
    cli('add', EP, ...README_FLAGS);
    cli('list', EP);
    cli('clear', EP);
    expect(await sim.control({ op: 'handles' })).toMatchObject({ handles: 0 });
  });

  it('prints version, commit, Node version and platform', () => {
    const v = runCli(['version']);
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/^hcnproxyctl \d+\.\d+\.\d+ \(commit [0-9a-f]{12}|unknown, node v22\.\d+\.\d+, linux-x64\)\n$/);
    expect(JSON.parse(runCli(['version', '-o', 'json']).stdout)).toMatchObject({ name: 'hcnproxyctl', platform: `${process.platform}-${process.arch}` });
  });
});

describe('bad input: refused with one clear line, exit 2, HNS untouched', () => {
  const G = EP;
  const cases: [string, string[], string][] = [
    [
      'README port 90001',
      ['add', G, '--port', '9191', '--exclude-ports', '90001'],
      '--exclude-ports: excluded port "90001" is out of range: ports are 1-65535',
    ],
    [
      'README port 90002 outbound',
      ['add', G, '--port', '9191', '--outbound-exclude-ports', '90002'],
      '--outbound-exclude-ports: outbound excluded port "90002" is out of range',
    ],
    // The flag a user of the original tool knows is named.
    ['no port', ['add', G], '--port: policy has no proxy port: give the proxy port (both directions), or an inbound and/or an outbound proxy port'],
    ['both directions off', ['add', G, '--port', '8000', '--inbound-port', 'none', '--outbound-port', 'none'], '--port: policy has no proxy port'],
    ['local port list with a bad item', ['add', G, '--port', '1', '--localports', '80,http'], '--localports: local ports "http" is not a port number'],
    ['port 0', ['add', G, '--port', '0'], '--port: proxy port "0" is out of range: ports are 1-65535'],
    ['port 65536', ['add', G, '--inbound-port', '65536'], '--inbound-port: inbound proxy port "65536" is out of range'],
    ['port word', ['add', G, '--outbound-port', 'envoy'], '--outbound-port: outbound proxy port "envoy" is not a port number (expected 1-65535)'],
    ['port hex', ['add', G, '--port', '0x50'], 'proxy port "0x50" is not a port number'],
    ['sid garbage', ['add', G, '--port', '1', '--usersid', 'root'], '--usersid: proxy user SID "root" is not a SID'],
    ['sid truncated', ['add', G, '--port', '1', '--usersid', 'S-1-5'], '--usersid: proxy user SID "S-1-5" is not a SID'],
    ['sid big sub-authority', ['add', G, '--port', '1', '--usersid', 'S-1-5-21-99999999999'], 'has a sub-authority above 4294967295'],
    ['sid revision', ['add', G, '--port', '1', '--usersid', 'S-2-5-18'], '"S-2-5-18" is not a SID'],
    ['IPv6 exception', ['add', G, '--port', '1', '--exclude-ips', '::1'], '--inbound-exclude-ips: ::1 is IPv6: HNS L4WFPPROXY redirects TCP over IPv4 only'],
    [
      'IPv6 outbound exception',
      ['add', G, '--port', '1', '--outbound-exclude-ips', 'fd00::/8'],
      '--outbound-exclude-ips: fd00::/8 is IPv6: HNS L4WFPPROXY redirects TCP over IPv4 only',
    ],
    ['IPv6 remote address', ['add', G, '--port', '1', '--remoteaddr', '2001:db8::1'], '--remoteaddr: 2001:db8::1 is IPv6'],
    ['IPv6 local address', ['add', G, '--port', '1', '--localaddr', 'fe80::/10'], '--localaddr: fe80::/10 is IPv6'],
    [
      'bad address',
      ['add', G, '--port', '1', '--exclude-ips', 'example.com'],
      '--exclude-ips: excluded address "example.com" is not an IPv4/IPv6 address or CIDR',
    ],
    ['bad octet', ['add', G, '--port', '1', '--remoteaddr', '10.0.0.300'], '--remoteaddr: remote address "10.0.0.300" is not an IPv4/IPv6 address or CIDR'],
    [
      'bad prefix',
      ['add', G, '--port', '1', '--inbound-exclude-ips', '10.0.0.0/40'],
      '--inbound-exclude-ips: inbound excluded address "10.0.0.0/40" has an invalid prefix length (0-32 for IPv4)',
    ],
    ['host bits', ['add', G, '--port', '1', '--outbound-exclude-ips', '192.168.1.1/24'], 'has host bits set: did you mean 192.168.1.0/24?'],
    ['duplicate port', ['add', G, '--port', '1', '--exclude-ports', '15020,15020'], '--exclude-ports: excluded port 15020 is listed twice'],
    ['duplicate address', ['add', G, '--port', '1', '--exclude-ips', '127.0.0.1,127.0.0.1'], '--exclude-ips: excluded address 127.0.0.1 is listed twice'],
    [
      'duplicate across flags',
      ['add', G, '--port', '1', '--exclude-ports', '80', '--outbound-exclude-ports', '80'],
      '--outbound-exclude-ports: outbound excluded port 80 is listed twice',
    ],
    ['reversed range', ['add', G, '--port', '1', '--localports', '200-100'], '--localports: local ports range "200-100" is reversed: write 100-200'],
    ['range end out of range', ['add', G, '--port', '1', '--remoteports', '80-70000'], '--remoteports: remote ports "70000" is out of range'],
    ['priority too big', ['add', G, '--port', '1', '--priority', '70000'], '--priority: priority "70000" is not a number 0-65535'],
    ['priority negative', ['add', G, '--port', '1', '--priority', '-5'], '--priority: priority "-5" is not a number 0-65535'],
    [
      'too many port exceptions',
      ['add', G, '--port', '1', '--exclude-ports', '1000-3000'],
      '2001 excluded ports after expanding ranges: HNS takes single ports, at most 512 per direction',
    ],
    ['endpoint not a GUID', ['add', 'not-a-guid', '--port', '1'], 'endpoint ID "not-a-guid" is not a GUID'],
    ['list endpoint not a GUID', ['list', '1234'], 'endpoint ID "1234" is not a GUID'],
    ['clear endpoint not a GUID', ['clear', '93f86a7f-e361-4362-b8a4'], 'is not a GUID'],
    ['missing endpoint argument', ['add', '--port', '1'], "error: missing required argument 'endpoint-id'"],
    ['unknown flag', ['add', G, '--port', '1', '--proxy-port', '2'], "error: unknown option '--proxy-port'"],
    ['flag without value', ['add', G, '--port'], "error: option '--port <value>' argument missing"],
    ['unknown command', ['remove', G], "error: unknown command 'remove'"],
    ['bad output format', ['list', G, '--output', 'yaml'], "error: option '-o, --output <format>' argument 'yaml' is invalid"],
    [
      'several problems at once',
      ['add', G, '--port', '90001', '--usersid', 'x'],
      '--port: proxy port "90001" is out of range: ports are 1-65535; --usersid: proxy user SID "x" is not a SID',
    ],
  ];

  it.each(cases)('%s', async (_name, args, message) => {
    const before = await counts();
    const r = cli(...args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(message);
    expect((await counts()).HcnModifyEndpoint ?? 0).toBe(before.HcnModifyEndpoint ?? 0);
  });

  it('has at least 30 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });
});

describe('HNS failures become clear errors (exit 1)', () => {
  it('unknown endpoint', () => {
    const r = cli('list', '01234567-89ab-cdef-0123-456789abcdef');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'hcnproxyctl: HNS endpoint 01234567-89ab-cdef-0123-456789abcdef not found (HNS endpoint 01234567-89ab-cdef-0123-456789abcdef: HcnOpenEndpoint failed: HRESULT 0x80070490 (element not found): Element not found.)\n',
    );
  });

  it('access denied', async () => {
    await sim.control({ op: 'fault', fn: 'HcnModifyEndpoint', hresult: 0x80070005, times: 1 });
    const r = cli('add', EP, '--port', '15001');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('HcnModifyEndpoint failed: HRESULT 0x80070005 (access denied: run as Administrator or SYSTEM)');
    expect(await endpointPolicies(EP)).toEqual(seed.Endpoints[0]!.Policies);
  });

  it('HNS too old for L4WFPPROXY: refused before any modify', async () => {
    await sim.control({ op: 'version', Major: 13, Minor: 1 });
    const r = cli('add', EP, '--port', '15001', '--usersid', 'S-1-5-32-556');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('hcnproxyctl: HNS 13.1 does not support L4WFPPROXY policies: HNS 13.2 or later is required (Windows Server 2022 or later)\n');
    expect((await counts()).HcnModifyEndpoint ?? 0).toBe(0);
  });

  it('HNS-side rejection keeps the HRESULT and the error record text', async () => {
    await sim.control({ op: 'fault', fn: 'HcnQueryEndpointProperties', hresult: 0x803b0013, record: 'port already exists', times: 1 });
    const r = cli('list', EP);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('HcnQueryEndpointProperties failed: HRESULT 0x803B0013: port already exists');
  });

  it('HNS unreachable', () => {
    const r = runCli(['list', EP], { ...sim.env, HCNPROXYCTL_HNS_SIM: '/nonexistent/hns.sock' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('HRESULT 0x800706BA (the HNS service is not reachable)');
  });

  it('on Linux without an HCN library the HNS commands say why', () => {
    const r = runCli(['list', EP]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'hcnproxyctl: HNS exists only on Windows: on linux, set HCNPROXYCTL_HCN_DLL to an HCN library (the project\'s test double, see "Try it without Windows" in the README)\n',
    );
  });

  it('a library path that does not load', () => {
    const r = runCli(['list', EP], { HCNPROXYCTL_HCN_DLL: '/nonexistent/computenetwork.dll' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cannot load the HCN library /nonexistent/computenetwork.dll');
  });

  it('a library without the HCN entry points', () => {
    const libc = ['/lib/x86_64-linux-gnu/libc.so.6', '/usr/lib/x86_64-linux-gnu/libc.so.6'].find((p) => fs.existsSync(p))!;
    const r = runCli(['list', EP], { HCNPROXYCTL_HCN_DLL: libc });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/has no (CoTaskMemFree|HcnEnumerateEndpoints)/);
  });
});
