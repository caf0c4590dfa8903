// Which containerd the e2e harness runs, chosen per run with HCNPROXYCTL_E2E_RUNTIME (`1.7`, the default,
// or `2.x`). Both are Debian packages unpacked into the e2e cache (packages.ts), each in its own folder:
//   1.7: containerd 1.7.24 from trixie; runc and the CNI plugins from the system's own suite (bookworm).
//   2.x: containerd 2.1.9 and the CNI plugins from forky; runc from the system's suite — forky's and
//        trixie's runc need glibc 2.38, and bookworm's runc 1.1.5 works with 2.1.9 (the e2e suites run
//        on it). Config version 3 (containerd.ts).
// build/run-vitest.mjs runs the e2e files once per runtime and sets the variable for each pass.

export type RuntimeId = '1.7' | '2.x';

export interface Runtime {
  id: RuntimeId;
  /** For titles and messages: `containerd 1.7.24`. */
  name: string;
  /** Upstream version, as `containerd --version` and `ctr version` print it. */
  version: string;
  /** What CRI `Version` answers as `runtime_version`. */
  criVersion: string;
  /** The Debian suite of the containerd package (a private apt source derived from the system's). */
  suite: string;
  /** Packages from `suite`, with the exact version to download. */
  fromSuite: Readonly<Record<string, string>>;
  /** Packages from the system's own suite (newest candidate). */
  fromSystem: readonly string[];
  /** The containerd config.toml schema: 2 for 1.7, 3 for 2.x. */
  configVersion: 2 | 3;
}

export const RUNTIMES: Readonly<Record<RuntimeId, Runtime>> = {
  '1.7': {
    id: '1.7',
    name: 'containerd 1.7.24',
    version: '1.7.24',
    criVersion: '1.7.24~ds1',
    suite: 'trixie',
    fromSuite: { containerd: '1.7.24~ds1-6+deb13u1' },
    fromSystem: ['runc', 'containernetworking-plugins'],
    configVersion: 2,
  },
  '2.x': {
    id: '2.x',
    name: 'containerd 2.1.9',
    version: '2.1.9',
    criVersion: '2.1.9+unknown',
    suite: 'forky',
    fromSuite: { containerd: '2.1.9+ds1-5', 'containernetworking-plugins': '1.9.1+ds1-1' },
    fromSystem: ['runc'],
    configVersion: 3,
  },
};

export const RUNTIME_ENV = 'HCNPROXYCTL_E2E_RUNTIME';

/** The runtime `HCNPROXYCTL_E2E_RUNTIME` names (`1.7` when unset); throws on anything else. */
export function selectedRuntime(env: NodeJS.ProcessEnv = process.env): Runtime {
  const v = env[RUNTIME_ENV]?.trim() || '1.7';
  if (v !== '1.7' && v !== '2.x') throw new Error(`${RUNTIME_ENV}=${v}: expected 1.7 or 2.x`);
  return RUNTIMES[v];
}
