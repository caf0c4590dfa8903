import { LOCAL_SYSTEM_SID } from './model.js';

const MAX_SUB_AUTHORITIES = 15;

/**
 * Checks Windows SID syntax (S-1-<authority>-<sub>…). Group and well-known SIDs are valid here:
 * HNS matches UserSID by prefix. `system` stands for LocalSystem, as in the original tool.
 */
export function parseSid(value: string, what: string): string | { error: string } {
  const text = value.trim();
  if (text.toLowerCase() === 'system') return LOCAL_SYSTEM_SID;
  const m = /^S-1-(\d+)((?:-\d+)+)$/i.exec(text);
  if (!m) return { error: `${what} "${text}" is not a SID (expected S-1-<authority>-<sub-authority>…, e.g. S-1-5-32-556, or "system")` };
  const authority = Number(m[1]);
  if (authority > 2 ** 48 - 1) return { error: `${what} "${text}" has an identifier authority above 2^48-1` };
  const subs = (m[2] ?? '').slice(1).split('-');
  if (subs.length > MAX_SUB_AUTHORITIES) return { error: `${what} "${text}" has more than ${MAX_SUB_AUTHORITIES} sub-authorities` };
  if (subs.some((s) => Number(s) > 0xffffffff)) return { error: `${what} "${text}" has a sub-authority above 4294967295` };
  return `S-1-${m[1]}${m[2]}`;
}
