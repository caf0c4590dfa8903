import type { PortRange } from './model.js';

export const PORT_MIN = 1;
export const PORT_MAX = 65535;

/** Parses one TCP/UDP port given as text or number; returns an error message instead of throwing. */
export function parsePort(value: string | number, what: string): number | string {
  const text = String(value).trim();
  if (!/^\d+$/.test(text)) return `${what} "${text}" is not a port number (expected ${PORT_MIN}-${PORT_MAX})`;
  const port = Number(text);
  if (port < PORT_MIN || port > PORT_MAX) {
    return `${what} "${text}" is out of range: ports are ${PORT_MIN}-${PORT_MAX}`;
  }
  return port;
}

/** Parses "P" or "A-B" (A <= B). */
export function parsePortRange(value: string | number, what: string): PortRange | string {
  const text = String(value).trim();
  const dash = text.indexOf('-');
  if (dash < 0) {
    const p = parsePort(text, what);
    return typeof p === 'string' ? p : { from: p, to: p };
  }
  const from = parsePort(text.slice(0, dash), what);
  if (typeof from === 'string') return `${from} (in range "${text}")`;
  const to = parsePort(text.slice(dash + 1), what);
  if (typeof to === 'string') return `${to} (in range "${text}")`;
  if (from > to) return `${what} range "${text}" is reversed: write ${to}-${from}`;
  return { from, to };
}

export function formatPortRange(r: PortRange): string {
  return r.from === r.to ? String(r.from) : `${r.from}-${r.to}`;
}

/** Splits "a,b c" or an array into trimmed, non-empty items. */
export function splitList(value: string | readonly (string | number)[] | undefined): string[] {
  if (value === undefined) return [];
  const items = typeof value === 'string' ? value.split(/[\s,]+/) : value.map((v) => String(v));
  return items.map((s) => s.trim()).filter((s) => s.length > 0);
}
