// How the demo talks to a person: sections, commands and their output, indented.
const tty = process.stdout.isTTY;
export const bold = (s: string): string => (tty ? `\x1b[1m${s}\x1b[0m` : s);

export function section(title: string): void {
  console.log(`\n${bold(`== ${title}`)}`);
}

export function show(label: string, text: string): void {
  console.log(`\n${label}`);
  if (text.trim()) console.log(text.trimEnd().replace(/^/gm, '  '));
}
