// Every command file is a registered command, and the CLI's header names each one (a list that must agree
// with the folder it describes).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const CLI = path.resolve(import.meta.dirname, '..', '..', 'src', 'cli');

describe('the CLI’s commands', () => {
  const program = fs.readFileSync(path.join(CLI, 'program.ts'), 'utf8');
  const header = program
    .split('\n')
    .filter((l) => l.startsWith('//'))
    .join(' ');
  const names = fs
    .readdirSync(path.join(CLI, 'commands'))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.slice(0, -3));

  it.each(names)('%s: imported, registered and named in program.ts’s header', (name) => {
    const fn = `${name.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())}Command`;
    expect(program).toContain(`import { ${fn} } from './commands/${name}.js';`);
    expect(program).toMatch(new RegExp(`\\b${fn}\\(\\)`));
    expect(header).toMatch(new RegExp(`\\b${name}\\b`));
  });
});
