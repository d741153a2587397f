/** Reading JSON files whose errors name the file and the line and column. */
import fs from 'node:fs';
import { CliError } from '../cli-error.js';
import { lineColumn, scanJson, type JsonLayout } from './json-scan.js';

/** A parsed JSON file that can say where its top-level parts are. */
export interface JsonFile {
  path: string;
  value: unknown;
  layout: JsonLayout;
  /** "path line L, column C" of a top-level element (by index) or key (by name). */
  where(part: number | string): string;
}

/** Reads and parses `path`; a syntax error is a CliError with the file and position. */
export function readJsonFile(path: string): JsonFile {
  let text: string;
  try {
    text = fs.readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(code === 'ENOENT' ? `${path} does not exist.` : `Cannot read ${path}: ${(error as Error).message}`);
  }
  const scan = scanJson(text);
  if (!scan.ok) throw new CliError(`${path} ${lineColumn(text, scan.offset)}: invalid JSON: ${scan.message}.`);
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    // The scanner takes a few whitespace characters JSON does not (e.g. a no-break space).
    throw new CliError(`${path}: invalid JSON: ${(error as Error).message}.`);
  }
  return {
    path,
    value,
    layout: scan.layout,
    where(part) {
      const offset = typeof part === 'number' ? scan.layout.elements[part] : scan.layout.keys.get(part);
      return offset === undefined ? path : `${path} ${lineColumn(text, offset)}`;
    },
  };
}

/** Writes JSON the way the seed files look: two-space indent, UTF-8 as is, a final newline. */
export function writeJsonFile(path: string, value: unknown): void {
  fs.writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}
