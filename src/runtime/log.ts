// Structured logs for the faces that run unattended (CNI plugin, NRI daemon): one JSON object per line
// on stderr (libcni copies a plugin's to the runtime's log) and, if configured, appended to a log file.
// Never stdout: that belongs to the CNI result.
import { appendFileSync } from 'node:fs';
import { writeFd } from './fd-io.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  log(level: LogLevel, msg: string, fields?: Record<string, unknown>): void;
  with(fields: Record<string, unknown>): Logger;
}

export interface LoggerOptions {
  level?: LogLevel;
  file?: string;
  fields?: Record<string, unknown>;
  /** Where lines go besides the file; default stderr. */
  write?: (line: string) => void;
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  const min = RANK[opts.level ?? 'info'];
  const write = opts.write ?? ((line: string) => writeFd(2, line));
  const base = opts.fields ?? {};
  return {
    log(level, msg, fields) {
      if (RANK[level] < min) return;
      const line = `${JSON.stringify({ ts: new Date().toISOString(), level, msg, ...base, ...fields })}\n`;
      write(line);
      if (opts.file) {
        try {
          appendFileSync(opts.file, line, { mode: 0o640 });
        } catch {
          // a broken log file must not break pod networking; stderr still has the line
        }
      }
    },
    with(fields) {
      return createLogger({ ...opts, fields: { ...base, ...fields } });
    },
  };
}

export const isLogLevel = (v: unknown): v is LogLevel => typeof v === 'string' && v in RANK;
