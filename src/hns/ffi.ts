// koffi declarations of the HCN C API (computenetwork.dll) and HNSCall (vmcompute.dll).
// The only module that knows about pointers and UTF-16: everything it returns is plain JS.
import koffi, { type LibraryHandle } from 'koffi';

type KoffiFunction = ReturnType<LibraryHandle['func']>;
import { HnsError } from './errors.js';

type Ptr = bigint | null;

/** Result of one HCN call: the HRESULT and the out-strings, already decoded and freed. */
export interface RawResult {
  hr: number;
  /** Decoded out-strings in declaration order (null where the service returned none). */
  strings: (string | null)[];
  handle?: Ptr;
}

export interface HcnApi {
  readonly path: string;
  enumerateEndpoints(query: string): RawResult;
  openEndpoint(id: Buffer): RawResult;
  queryEndpointProperties(handle: Ptr, query: string): RawResult;
  modifyEndpoint(handle: Ptr, settings: string): RawResult;
  closeEndpoint(handle: Ptr): number;
  enumerateNamespaces(query: string): RawResult;
  openNamespace(id: Buffer): RawResult;
  queryNamespaceProperties(handle: Ptr, query: string): RawResult;
  closeNamespace(handle: Ptr): number;
  /** HNSCall from vmcompute.dll (the HNS version lives there, not in computenetwork.dll). */
  hnsCall(method: string, path: string, request: string): RawResult;
}

export const HCN_DLL_ENV = 'HCNPROXYCTL_HCN_DLL';
export const VMCOMPUTE_DLL_ENV = 'HCNPROXYCTL_VMCOMPUTE_DLL';

/**
 * Where the HCN library is: $HCNPROXYCTL_HCN_DLL, else computenetwork.dll on Windows. Elsewhere HNS
 * does not exist and only a stand-in (the project's test double) can be named.
 */
export function hcnLibraryPath(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  const configured = env[HCN_DLL_ENV];
  if (configured) return configured;
  if (platform === 'win32') return 'computenetwork.dll';
  throw new HnsError(
    'UNAVAILABLE',
    `HNS exists only on Windows: on ${platform}, set ${HCN_DLL_ENV} to an HCN library (the project's test double, see "Try it without Windows" in the README)`,
  );
}

function vmcomputeLibraryPath(hcnPath: string, env: NodeJS.ProcessEnv, platform: string): string {
  return env[VMCOMPUTE_DLL_ENV] || (platform === 'win32' && !env[HCN_DLL_ENV] ? 'vmcompute.dll' : hcnPath);
}

function loadLibrary(path: string): LibraryHandle {
  try {
    return koffi.load(path);
  } catch (e) {
    throw new HnsError('UNAVAILABLE', `cannot load the HCN library ${path}: ${(e as Error).message}`);
  }
}

function declare(lib: LibraryHandle, path: string, signature: string): KoffiFunction {
  try {
    return lib.func(signature);
  } catch (e) {
    const name = /\s(\w+)\(/.exec(signature)?.[1] ?? signature;
    throw new HnsError('UNAVAILABLE', `${path} has no ${name} (Windows Server 2019 / 1809 or later is required): ${(e as Error).message}`);
  }
}

function bind(hcnPath: string, vmPath: string): HcnApi {
  const lib = loadLibrary(hcnPath);
  const vm = vmPath === hcnPath ? lib : loadLibrary(vmPath);
  // Out-strings are allocated by the service and freed by us with CoTaskMemFree: ole32's on Windows,
  // the stand-in library's own elsewhere.
  const ole32 = process.platform === 'win32' ? loadLibrary('ole32.dll') : lib;
  const coTaskMemFree = declare(ole32, 'ole32.dll', 'void __stdcall CoTaskMemFree(void *pv)');
  const f = (l: LibraryHandle, p: string, sig: string) => declare(l, p, sig);
  const S = '_Out_ void **';
  const fn = {
    enumerateEndpoints: f(lib, hcnPath, `int32_t __stdcall HcnEnumerateEndpoints(const char16_t *query, ${S}endpoints, ${S}errorRecord)`),
    openEndpoint: f(lib, hcnPath, `int32_t __stdcall HcnOpenEndpoint(const uint8_t *id, ${S}endpoint, ${S}errorRecord)`),
    queryEndpoint: f(lib, hcnPath, `int32_t __stdcall HcnQueryEndpointProperties(void *endpoint, const char16_t *query, ${S}properties, ${S}errorRecord)`),
    modifyEndpoint: f(lib, hcnPath, `int32_t __stdcall HcnModifyEndpoint(void *endpoint, const char16_t *settings, ${S}errorRecord)`),
    closeEndpoint: f(lib, hcnPath, 'int32_t __stdcall HcnCloseEndpoint(void *endpoint)'),
    enumerateNamespaces: f(lib, hcnPath, `int32_t __stdcall HcnEnumerateNamespaces(const char16_t *query, ${S}namespaces, ${S}errorRecord)`),
    openNamespace: f(lib, hcnPath, `int32_t __stdcall HcnOpenNamespace(const uint8_t *id, ${S}namespace, ${S}errorRecord)`),
    queryNamespace: f(lib, hcnPath, `int32_t __stdcall HcnQueryNamespaceProperties(void *namespace, const char16_t *query, ${S}properties, ${S}errorRecord)`),
    closeNamespace: f(lib, hcnPath, 'int32_t __stdcall HcnCloseNamespace(void *namespace)'),
  };
  let hnsCallFn: KoffiFunction | undefined;

  /** Decodes and frees each out-string; NULL stays null. */
  const take = (cells: Ptr[][]): (string | null)[] =>
    cells.map(([p]) => {
      if (p === null || p === undefined || p === 0n) return null;
      try {
        return koffi.decode(p, 'char16_t', -1) as string;
      } finally {
        coTaskMemFree(p);
      }
    });
  const cell = (): Ptr[] => [null];
  const live = (p: Ptr): Ptr | undefined => (p === null || p === 0n ? undefined : p);

  const withStrings = (call: (...cells: Ptr[][]) => number, n: number): RawResult => {
    const cells = Array.from({ length: n }, cell);
    const hr = call(...cells);
    return { hr, strings: take(cells) };
  };
  const open = (call: KoffiFunction, id: Buffer): RawResult => {
    const h = cell();
    const rec = cell();
    const hr = call(id, h, rec) as number;
    const out: RawResult = { hr, strings: take([rec]) };
    const handle = live(h[0] ?? null);
    if (handle !== undefined) out.handle = handle;
    return out;
  };

  return {
    path: hcnPath,
    enumerateEndpoints: (q) => withStrings((a, b) => fn.enumerateEndpoints(q, a, b) as number, 2),
    openEndpoint: (id) => open(fn.openEndpoint, id),
    queryEndpointProperties: (h, q) => withStrings((a, b) => fn.queryEndpoint(h, q, a, b) as number, 2),
    modifyEndpoint: (h, s) => withStrings((a) => fn.modifyEndpoint(h, s, a) as number, 1),
    closeEndpoint: (h) => fn.closeEndpoint(h) as number,
    enumerateNamespaces: (q) => withStrings((a, b) => fn.enumerateNamespaces(q, a, b) as number, 2),
    openNamespace: (id) => open(fn.openNamespace, id),
    queryNamespaceProperties: (h, q) => withStrings((a, b) => fn.queryNamespace(h, q, a, b) as number, 2),
    closeNamespace: (h) => fn.closeNamespace(h) as number,
    hnsCall: (method, path, request) => {
      hnsCallFn ??= declare(vm, vmPath, `int32_t __stdcall HNSCall(const char16_t *method, const char16_t *path, const char16_t *request, ${S}response)`);
      const call = hnsCallFn;
      return withStrings((a) => call(method, path, request, a) as number, 1);
    },
  };
}

let cached: { key: string; api: HcnApi } | undefined;

/** Loads (once per library path) and returns the HCN API. */
export function hcnApi(env: NodeJS.ProcessEnv = process.env): HcnApi {
  const hcnPath = hcnLibraryPath(env);
  const vmPath = vmcomputeLibraryPath(hcnPath, env, process.platform);
  const key = `${hcnPath}\0${vmPath}`;
  if (cached?.key !== key) cached = { key, api: bind(hcnPath, vmPath) };
  return cached.api;
}
