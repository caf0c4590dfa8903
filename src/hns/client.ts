// Typed HCN calls: JSON in, JSON out, HCN errors turned into HnsError, handles always closed.
import { callError, HnsError } from './errors.js';
import type { HcnApi, RawResult } from './ffi.js';
import { guidToBytes, normalizeGuid } from './guid.js';
import {
  queryFor,
  type HnsCallResponse,
  type HostComputeEndpoint,
  type HostComputeNamespace,
  type ModifyEndpointSettingRequest,
  type SchemaVersion,
} from './schema.js';

/** hcsshim's rule: a call failed when the HRESULT is negative or an error record came back. */
function check(fn: string, r: RawResult, context: string): void {
  const record = r.strings[r.strings.length - 1] ?? null;
  if (r.hr < 0 || (record !== null && record !== '')) throw callError(fn, r.hr, record, context);
}

function parseJson<T>(fn: string, text: string | null | undefined, context: string): T {
  if (text === null || text === undefined || text === '') throw new HnsError('FAILED', `${context}: ${fn} returned no data`);
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new HnsError('FAILED', `${context}: ${fn} returned malformed JSON: ${text.slice(0, 200)}`);
  }
}

function guidArg(kind: string, id: string): Buffer {
  const n = normalizeGuid(id);
  if (!n) throw new HnsError('INVALID_ARGUMENT', `${kind} ID "${id}" is not a GUID (expected xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)`);
  return guidToBytes(n);
}

function notFound(e: unknown, what: string): unknown {
  if (e instanceof HnsError && e.code === 'NOT_FOUND') {
    return new HnsError('NOT_FOUND', `${what} not found (${e.message})`, e.hresult, e.record);
  }
  return e;
}

export class HcnClient {
  constructor(readonly api: HcnApi) {}

  enumerateEndpoints(filter?: Record<string, string>): string[] {
    const ctx = 'enumerate HNS endpoints';
    const r = this.api.enumerateEndpoints(JSON.stringify(queryFor(filter)));
    check('HcnEnumerateEndpoints', r, ctx);
    return parseJson<string[] | null>('HcnEnumerateEndpoints', r.strings[0] ?? '[]', ctx) ?? [];
  }

  enumerateNamespaces(filter?: Record<string, string>): string[] {
    const ctx = 'enumerate HNS namespaces';
    const r = this.api.enumerateNamespaces(JSON.stringify(queryFor(filter)));
    check('HcnEnumerateNamespaces', r, ctx);
    return parseJson<string[] | null>('HcnEnumerateNamespaces', r.strings[0] ?? '[]', ctx) ?? [];
  }

  /** Opens a resource by GUID, runs `body` with its handle, and closes it whatever happens. */
  private withOpen<T>(kind: 'endpoint' | 'namespace', id: string, body: (handle: bigint | null, ctx: string) => T): T {
    const ctx = `HNS ${kind} ${id}`;
    const [openFn, open, close] =
      kind === 'endpoint'
        ? (['HcnOpenEndpoint', this.api.openEndpoint, this.api.closeEndpoint] as const)
        : (['HcnOpenNamespace', this.api.openNamespace, this.api.closeNamespace] as const);
    const r = open(guidArg(kind, id));
    try {
      check(openFn, r, ctx);
    } catch (e) {
      throw notFound(e, ctx);
    }
    try {
      return body(r.handle ?? null, ctx);
    } finally {
      close(r.handle ?? null);
    }
  }

  getEndpoint(id: string): HostComputeEndpoint {
    return this.withOpen('endpoint', id, (h, ctx) => {
      const r = this.api.queryEndpointProperties(h, JSON.stringify(queryFor()));
      check('HcnQueryEndpointProperties', r, ctx);
      return parseJson<HostComputeEndpoint>('HcnQueryEndpointProperties', r.strings[0], ctx);
    });
  }

  modifyEndpoint(id: string, request: ModifyEndpointSettingRequest): void {
    this.withOpen('endpoint', id, (h, ctx) => {
      const r = this.api.modifyEndpoint(h, JSON.stringify(request));
      check('HcnModifyEndpoint', r, `${ctx}: ${request.RequestType} ${request.ResourceType}`);
    });
  }

  getNamespace(id: string): HostComputeNamespace {
    return this.withOpen('namespace', id, (h, ctx) => {
      const r = this.api.queryNamespaceProperties(h, JSON.stringify(queryFor()));
      check('HcnQueryNamespaceProperties', r, ctx);
      return parseJson<HostComputeNamespace>('HcnQueryNamespaceProperties', r.strings[0], ctx);
    });
  }

  /** The HNS version, from vmcompute.dll's HNSCall GET /globals/version (as hcsshim reads it). */
  hnsVersion(): SchemaVersion {
    const ctx = 'read the HNS version';
    const r = this.api.hnsCall('GET', '/globals/version', '');
    if (r.hr < 0) throw callError('HNSCall', r.hr, null, ctx);
    const resp = parseJson<HnsCallResponse<SchemaVersion>>('HNSCall', r.strings[0], ctx);
    if (!resp.Success || !resp.Output || typeof resp.Output.Major !== 'number') {
      throw new HnsError('FAILED', `${ctx}: HNSCall answered ${resp.Error ? `"${resp.Error}"` : 'without a version'}`);
    }
    return { Major: resp.Output.Major, Minor: resp.Output.Minor ?? 0 };
  }
}
