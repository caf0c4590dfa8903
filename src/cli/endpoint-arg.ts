import { UsageError } from './errors.js';

const GUID_RE = /^\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?$/i;

/** Checks the <endpoint-id> argument before anything is loaded. */
export function endpointArg(id: string): string {
  if (!GUID_RE.test(id.trim())) {
    throw new UsageError(`endpoint ID "${id}" is not a GUID (expected xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx, as "Get-HnsEndpoint" shows it)`);
  }
  return id.trim().replace(/^\{|\}$/g, '').toLowerCase();
}
