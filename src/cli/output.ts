import { Option } from 'commander';
import { out } from './io.js';

export type OutputFormat = 'text' | 'json';

export const outputOption = (): Option => new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text');

export function printJson(value: unknown): void {
  out(`${JSON.stringify(value, null, 2)}\n`);
}
