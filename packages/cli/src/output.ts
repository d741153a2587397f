/** Printing results: JSON for scripts (`--json`), aligned tables and notes for people. */

/** Prints a value as JSON on stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Prints a line on stdout. */
export function printLine(text = ''): void {
  process.stdout.write(`${text}\n`);
}

/** Prints a warning on stderr (so stdout stays clean for data). */
export function warn(text: string): void {
  process.stderr.write(`warning: ${text}\n`);
}

/** Prints a note on stderr. */
export function note(text: string): void {
  process.stderr.write(`${text}\n`);
}

/** Prints rows as a table with a header, columns padded to their widest cell. */
export function printTable(header: string[], rows: Array<Array<string | number | null | undefined>>): void {
  const cells = [header, ...rows.map((r) => r.map((c) => (c == null ? '' : String(c))))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => [...(r[i] ?? '')].length)));
  for (const row of cells) {
    printLine(row.map((c, i) => (i === row.length - 1 ? c : c + ' '.repeat(widths[i] - [...c].length))).join('  ').trimEnd());
  }
}
