import { normalizeGuid } from '../hns/guid.js';
import { UsageError } from './errors.js';

/** Checks the <endpoint-id> argument before anything is loaded (guid.ts is pure: no koffi). */
export function endpointArg(id: string): string {
  const guid = normalizeGuid(id);
  if (!guid) {
    throw new UsageError(`endpoint ID "${id}" is not a GUID (expected xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx, as "Get-HnsEndpoint" shows it)`);
  }
  return guid;
}
