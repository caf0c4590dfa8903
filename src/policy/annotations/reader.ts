// Reads and validates annotation values one key at a time. Messages come from the shared parsers
// (ports.ts, addresses.ts, sid.ts) with `annotation <key>:` in front, so they quote key and value:
//   annotation traffic.kuma.io/exclude-inbound-ports: "abc" is not a port number (expected 1-65535)
// An annotation with any bad item yields no setting at all (lenient mode then drops it whole).
import { formatIpNet, parseIpNet } from '../addresses.js';
import type { PolicyIssue } from '../errors.js';
import { formatPortRange, parsePort, parsePortRange, splitList } from '../ports.js';
import { parseSid } from '../sid.js';
import type { Annotations, ExcludeField, IncludeField, ReadResult, ScalarField, Setting } from './types.js';

/** Same bound as buildPolicy: (uid_t)-1 means "no change" to the kernel. */
const MAX_ID = 4294967294;

const TUNING_SCALARS: ReadonlySet<ScalarField> = new Set(['inboundPort', 'outboundPort', 'dnsCapturePort']);

export const at = (key: string): string => `annotation ${key}:`;

const RANGE_RE = /^\d+\s*-\s*\d+$/;

export class AnnotationReader {
  private readonly settings: Setting[] = [];
  private readonly issues: PolicyIssue[] = [];
  private readonly warnings: string[] = [];

  constructor(private readonly a: Annotations) {}

  has(key: string): boolean {
    return Object.hasOwn(this.a, key);
  }

  get(key: string): string | undefined {
    return this.has(key) ? this.a[key] : undefined;
  }

  bad(key: string, message: string): void {
    this.issues.push({ field: key, message });
  }

  /** A value the pod cannot be redirected with at all: never dropped to redirect the rest (PolicyIssue.whole). */
  refuse(key: string, message: string): void {
    this.issues.push({ field: key, message, whole: true });
  }

  warn(message: string): void {
    this.warnings.push(message);
  }

  /** One port ("15006"); `what` prefixes the message (default `annotation <key>:`). */
  port(key: string, text: string, what = at(key)): string | undefined {
    const p = parsePort(text, what);
    if (typeof p === 'string') {
      this.bad(key, p);
      return undefined;
    }
    return String(p);
  }

  /**
   * A comma/space separated port list, as canonical items ("80", "8000-8010").
   * `single`: who takes single ports only (a range is then refused, naming them).
   */
  ports(key: string, text: string, opts: { what?: string; single?: string } = {}): string[] | undefined {
    const what = opts.what ?? at(key);
    const out: string[] = [];
    let ok = true;
    for (const item of splitList(text)) {
      if (opts.single && RANGE_RE.test(item)) {
        this.bad(key, `${what} "${item}" is a range: ${opts.single} takes single ports`);
        ok = false;
        continue;
      }
      const r = parsePortRange(item, what);
      if (typeof r === 'string') {
        this.bad(key, r);
        ok = false;
        continue;
      }
      out.push(formatPortRange(r));
    }
    return ok ? out : undefined;
  }

  /** A list of addresses or CIDRs, canonical ("10.0.0.0/8", "fd00::1"). */
  nets(key: string, text: string, what = at(key)): string[] | undefined {
    const out: string[] = [];
    let ok = true;
    for (const item of splitList(text)) {
      const n = parseIpNet(item, what);
      if (typeof n === 'string') {
        this.bad(key, n);
        ok = false;
        continue;
      }
      out.push(formatIpNet(n));
    }
    return ok ? out : undefined;
  }

  /** A numeric uid/gid. */
  id(key: string, text: string, what = at(key)): string | undefined {
    const t = text.trim();
    if (!/^\d+$/.test(t) || Number(t) > MAX_ID) {
      this.bad(key, `${what} "${t}" is not a numeric id (0-${MAX_ID})`);
      return undefined;
    }
    return String(Number(t));
  }

  sid(key: string, text: string): string | undefined {
    const s = parseSid(text, at(key));
    if (typeof s !== 'string') {
      this.bad(key, s.error);
      return undefined;
    }
    return s;
  }

  /** A boolean spelled one of `yes` / `no` (exact, as the mesh compares them). */
  bool(key: string, text: string, yes: readonly string[], no: readonly string[]): boolean | undefined {
    const t = text.trim();
    if (yes.includes(t)) return true;
    if (no.includes(t)) return false;
    this.bad(key, `${at(key)} "${t}" is not a boolean (${[...yes, ...no].join(', ')})`);
    return undefined;
  }

  set(key: string, field: ScalarField, value: string): void {
    this.settings.push({ op: 'set', key, field, value, kind: TUNING_SCALARS.has(field) ? 'tuning' : 'widening' });
  }

  /** Turns a direction off; `tuning` when the mesh itself asks for it (a Kuma gateway has no inbound proxy). */
  off(key: string, direction: 'inbound' | 'outbound', kind: 'tuning' | 'widening' = 'widening'): void {
    this.settings.push({ op: 'off', key, direction, kind });
  }

  exclude(key: string, field: ExcludeField, items: readonly string[]): void {
    if (items.length > 0) this.settings.push({ op: 'exclude', key, field, items, kind: 'widening' });
  }

  unexclude(key: string, field: ExcludeField, items: readonly string[]): void {
    this.settings.push({ op: 'unexclude', key, field, items, kind: 'tuning' });
  }

  /** '*' captures everything (tuning); a list may narrow what is captured (widening, resolve.ts checks). */
  include(key: string, field: IncludeField, items: readonly string[] | '*'): void {
    this.settings.push({ op: 'include', key, field, items, kind: items === '*' ? 'tuning' : 'widening' });
  }

  result(): ReadResult {
    const badKeys = new Set(this.issues.map((i) => i.field));
    return {
      settings: this.settings.filter((s) => !badKeys.has(s.key)),
      issues: this.issues,
      warnings: this.warnings,
    };
  }
}
