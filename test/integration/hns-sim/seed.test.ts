import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleSeed } from '../../support/hns-sim.js';
import { SeedError, loadSeedFile, parseSeed } from '../../support/hns-sim/seed.js';
import { dumpState } from '../../support/hns-sim/state.js';

type Mutate = (s: any) => void;

function errorOf(mutate: Mutate): string {
  const seed = structuredClone(sampleSeed()) as any;
  mutate(seed);
  try {
    parseSeed(seed);
  } catch (e) {
    expect(e).toBeInstanceOf(SeedError);
    return (e as Error).message;
  }
  throw new Error('expected a SeedError');
}

describe('seed validation names the offending field', () => {
  const NS_A = sampleSeed().Namespaces[0]!.ID;
  it.each<[string, Mutate, string]>([
    [
      'not an object',
      (s) => {
        s.Endpoints = 'x';
      },
      'Endpoints: must be an array',
    ],
    [
      'unknown top-level key',
      (s) => {
        s.Endpoint = [];
      },
      'Endpoint: unknown key (a seed has Version, Networks, Namespaces, Endpoints)',
    ],
    [
      'missing Version',
      (s) => {
        delete s.Version;
      },
      'Version: missing',
    ],
    [
      'bad Version.Minor',
      (s) => {
        s.Version.Minor = '2';
      },
      'Version.Minor: must be an integer 0–65535',
    ],
    [
      'endpoint ID not a GUID',
      (s) => {
        s.Endpoints[1].ID = 'ep-1';
      },
      'Endpoints[1].ID: "ep-1" is not a GUID',
    ],
    [
      'duplicate endpoint ID (other case)',
      (s) => {
        s.Endpoints[2].ID = s.Endpoints[0].ID.toUpperCase();
      },
      'Endpoints[2].ID: duplicate ID',
    ],
    [
      'dangling namespace link',
      (s) => {
        s.Endpoints[0].HostComputeNamespace = '00000000-0000-0000-0000-000000000001';
      },
      'Endpoints[0].HostComputeNamespace: no namespace with ID 00000000-0000-0000-0000-000000000001 in Namespaces',
    ],
    [
      'dangling network link',
      (s) => {
        s.Endpoints[2].HostComputeNetwork = '00000000-0000-0000-0000-000000000001';
      },
      'Endpoints[2].HostComputeNetwork: no network with ID',
    ],
    [
      'unknown policy type',
      (s) => {
        s.Endpoints[0].Policies[0].Type = 'OutboundNat';
      },
      'Endpoints[0].Policies[0].Type: unknown policy type "OutboundNat"',
    ],
    [
      'policy Settings as a string',
      (s) => {
        s.Endpoints[0].Policies[0].Settings = '{}';
      },
      'Endpoints[0].Policies[0].Settings: must be a JSON object',
    ],
    [
      'extra policy key',
      (s) => {
        s.Endpoints[0].Policies[0].Name = 'x';
      },
      'Endpoints[0].Policies[0].Name: unknown key',
    ],
    [
      'bad IP',
      (s) => {
        s.Endpoints[1].IpConfigurations[0].IpAddress = '10.0.0.256';
      },
      'Endpoints[1].IpConfigurations[0].IpAddress: "10.0.0.256" is not an IP address',
    ],
    [
      'bad prefix',
      (s) => {
        s.Endpoints[1].IpConfigurations[0].PrefixLength = 33;
      },
      'Endpoints[1].IpConfigurations[0].PrefixLength: must be an integer 0–32',
    ],
    [
      'bad MAC',
      (s) => {
        s.Endpoints[0].MacAddress = '00-15-5D-6A-01';
      },
      'Endpoints[0].MacAddress: "00-15-5D-6A-01" is not a MAC address',
    ],
    [
      'bad namespace Type',
      (s) => {
        s.Namespaces[0].Type = 'Pod';
      },
      'Namespaces[0].Type: must be one of Host, HostDefault, Guest, GuestDefault',
    ],
    [
      'resource for an unknown endpoint',
      (s) => {
        s.Namespaces[1].Resources = [{ Type: 'Endpoint', Data: { ID: '00000000-0000-0000-0000-000000000002' } }];
      },
      'Namespaces[1].Resources[0].Data.ID: no endpoint with ID',
    ],
    [
      'resource contradicting HostComputeNamespace',
      (s) => {
        s.Namespaces[1].Resources = [{ Type: 'Endpoint', Data: { ID: s.Endpoints[0].ID } }];
      },
      `belongs to namespace ${NS_A}`,
    ],
    [
      'resource of unknown type',
      (s) => {
        s.Namespaces[1].Resources = [{ Type: 'Nic', Data: { ID: s.Endpoints[2].ID } }];
      },
      'Namespaces[1].Resources[0].Type: must be "Endpoint" or "Container"',
    ],
  ])('%s', (_name, mutate, message) => {
    expect(errorOf(mutate)).toContain(message);
  });

  it('a file error names the file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hns-seed-'));
    try {
      const f = path.join(dir, 'seed.json');
      fs.writeFileSync(f, '{"Version":');
      expect(() => loadSeedFile(f)).toThrow(`${f}: not JSON`);
      fs.writeFileSync(f, JSON.stringify({ Version: { Major: 13 } }));
      expect(() => loadSeedFile(f)).toThrow(`${f}: Version.Minor: must be an integer`);
      expect(() => loadSeedFile(path.join(dir, 'none.json'))).toThrow(/none\.json: ENOENT/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('seed loading and dump', () => {
  it('derives namespace Resources from the endpoints and keeps the GUIDs as stored', () => {
    const seed = sampleSeed();
    const dump = dumpState(parseSeed(seed)) as any;
    expect(dump.Namespaces[0].Resources).toEqual([
      { Type: 'Endpoint', Data: { ID: seed.Endpoints[0]!.ID } },
      { Type: 'Endpoint', Data: { ID: seed.Endpoints[1]!.ID } },
    ]);
    expect(dump.Namespaces[1].Resources).toEqual([{ Type: 'Endpoint', Data: { ID: seed.Endpoints[2]!.ID } }]);
  });

  it('a dump is a valid seed and loads to the same dump (no duplicated resources)', () => {
    const once = dumpState(parseSeed(sampleSeed()));
    expect(dumpState(parseSeed(once))).toEqual(once);
  });

  it('keeps unknown HNS fields, defaults SchemaVersion, and accepts a minimal seed', () => {
    const state = parseSeed({ Version: { Major: 13, Minor: 2 }, Endpoints: [{ ID: '01234567-89AB-CDEF-0123-456789ABCDEF', Dns: { Search: ['a'] } }] });
    expect(dumpState(state)).toEqual({
      Version: { Major: 13, Minor: 2 },
      Networks: [],
      Namespaces: [],
      Endpoints: [{ ID: '01234567-89AB-CDEF-0123-456789ABCDEF', Policies: [], Dns: { Search: ['a'] }, SchemaVersion: { Major: 2, Minor: 0 } }],
    });
  });

  it('does not share objects with the seed it was given', () => {
    const seed = sampleSeed();
    const state = parseSeed(seed);
    seed.Endpoints[0]!.Policies![0]!.Settings!.Exceptions = [];
    expect((dumpState(state) as any).Endpoints[0].Policies[0].Settings.Exceptions).toHaveLength(3);
  });
});
