// The input's fields parsed one by one, every problem collected (not only the first): ports, ids, lists
// merged across fields with duplicates refused, filter-tuple texts. buildPolicy (build.ts) uses it.
import { formatIpNet, parseIpNet } from './addresses.js';
import { IssueList } from './errors.js';
import { FIELD_NAMES, type ListInput, type PolicyInput, type ScalarInput } from './input.js';
import type { IpNet, PortRange } from './model.js';
import { formatPortRange, parsePort, parsePortRange, splitList } from './ports.js';

const MAX_ID = 4294967294; // (uid_t)-1 means "no change" to the kernel, so it is not a usable id

export function present(v: ScalarInput | undefined): v is ScalarInput {
  return v !== undefined && String(v).trim() !== '';
}

export class Builder {
  readonly issues = new IssueList();

  port(field: keyof PolicyInput, value: ScalarInput | undefined): number | undefined {
    if (!present(value)) return undefined;
    const p = parsePort(value, FIELD_NAMES[field]);
    if (typeof p === 'string') {
      this.issues.add(field, p);
      return undefined;
    }
    return p;
  }

  /** A direction's proxy port: its own value, "none" (that direction is not redirected), or the fallback. */
  directionPort(field: 'inboundPort' | 'outboundPort', value: ScalarInput | undefined, fallback: number | undefined): number | undefined {
    if (present(value) && String(value).trim().toLowerCase() === 'none') return undefined;
    return present(value) ? this.port(field, value) : fallback;
  }

  id(field: keyof PolicyInput, value: ScalarInput | undefined): number | undefined {
    if (!present(value)) return undefined;
    const text = String(value).trim();
    if (!/^\d+$/.test(text) || Number(text) > MAX_ID) {
      this.issues.add(field, `${FIELD_NAMES[field]} "${text}" is not a numeric id (0-${MAX_ID})`);
      return undefined;
    }
    return Number(text);
  }

  /**
   * Items of several fields merged into one list, each parsed by `parse` (which returns an error
   * message or a value); a value listed twice, by its canonical text, is an error.
   */
  list<T>(
    fields: ReadonlyArray<[keyof PolicyInput, ListInput | undefined]>,
    parse: (item: string, what: string) => T | string,
    canonical: (value: T) => string,
  ): T[] {
    const out: T[] = [];
    const seen = new Set<string>();
    for (const [field, value] of fields) {
      for (const item of splitList(value)) {
        const v = parse(item, FIELD_NAMES[field]);
        if (typeof v === 'string') {
          this.issues.add(field, v);
          continue;
        }
        const key = canonical(v);
        if (seen.has(key)) {
          this.issues.add(field, `${FIELD_NAMES[field]} ${key} is listed twice`);
          continue;
        }
        seen.add(key);
        out.push(v);
      }
    }
    return out;
  }

  portList(fields: ReadonlyArray<[keyof PolicyInput, ListInput | undefined]>): PortRange[] {
    return this.list(fields, parsePortRange, formatPortRange);
  }

  netList(fields: ReadonlyArray<[keyof PolicyInput, ListInput | undefined]>): IpNet[] {
    return this.list(fields, parseIpNet, formatIpNet);
  }

  /** A filter-tuple address field: validated, kept as canonical comma-separated text. */
  addressText(field: 'localAddresses' | 'remoteAddresses', value: ListInput | undefined): string | undefined {
    const nets = this.netList([[field, value]]);
    return nets.length > 0 ? nets.map(formatIpNet).join(',') : undefined;
  }

  /** A filter-tuple ports field: ports and A-B ranges, comma-separated as HNS takes them (the original passed them through). */
  portRangeText(field: 'localPorts' | 'remotePorts', value: ListInput | undefined): string | undefined {
    const ranges = this.portList([[field, value]]);
    return ranges.length > 0 ? ranges.map(formatPortRange).join(',') : undefined;
  }
}
