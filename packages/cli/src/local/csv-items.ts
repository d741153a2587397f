/** CSV → dataset items with a column mapping (id column, input columns, expected column, metadata columns). */
import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { canonicalJson } from '@tracehub/core';
import { CliError } from '../cli-error.js';
import type { UploadItem } from './dataset-files.js';
import { decodeText } from './text-encoding.js';

/** Which columns mean what. Input columns default to every column not named otherwise. */
export interface CsvMapping {
  idColumn?: string;
  inputColumns?: string[];
  expectedColumn?: string;
  metadataColumns?: string[];
  delimiter?: string;
  /** The file's encoding (`--encoding`); default: detected (decodeText). */
  encoding?: string;
}

/** The items of a CSV and the encoding it was read in. */
export interface CsvItems {
  items: UploadItem[];
  encoding: string;
}

/** Reads `file` into items; problems name the file, line and column. Rows without an id get one from the server. */
export function readCsvItems(file: string, mapping: CsvMapping): CsvItems {
  if (!fs.existsSync(file)) throw new CliError(`${file} does not exist.`);
  const { text, encoding } = decodeText(fs.readFileSync(file), file, mapping.encoding);
  let records: Array<{ record: Record<string, string>; info: { lines: number } }>;
  try {
    records = parse(text, {
      columns: true,
      bom: true,
      skip_empty_lines: true,
      delimiter: mapping.delimiter ?? ',',
      info: true,
    }) as unknown as Array<{ record: Record<string, string>; info: { lines: number } }>;
  } catch (error) {
    throw new CliError(`${file}: invalid CSV: ${(error as Error).message}`);
  }
  if (records.length === 0) throw new CliError(`${file} has no data rows.`);
  const columns = Object.keys(records[0].record);
  const check = (name: string | undefined, option: string) => {
    if (name !== undefined && !columns.includes(name)) throw new CliError(`${file}: ${option} names a column "${name}" that is not in the header (${columns.join(', ')}).`);
  };
  check(mapping.idColumn, '--id-column');
  check(mapping.expectedColumn, '--expected-column');
  for (const c of mapping.inputColumns ?? []) check(c, '--input-columns');
  for (const c of mapping.metadataColumns ?? []) check(c, '--metadata-columns');
  const named = new Set([mapping.idColumn, mapping.expectedColumn, ...(mapping.metadataColumns ?? [])]);
  const inputColumns = mapping.inputColumns ?? columns.filter((c) => !named.has(c));
  if (inputColumns.length === 0) throw new CliError(`${file}: no input columns; name them with --input-columns.`);
  const seen = new Map<string, number>();
  const items = records.map(({ record, info }) => {
    const line = info.lines;
    const item: UploadItem = {
      input: Object.fromEntries(inputColumns.map((c) => [c, record[c]])),
      expected_output: mapping.expectedColumn && record[mapping.expectedColumn] !== '' ? record[mapping.expectedColumn] : null,
      metadata: Object.fromEntries((mapping.metadataColumns ?? []).map((c) => [c, record[c]])),
    };
    if (mapping.idColumn) {
      const id = record[mapping.idColumn]?.trim();
      if (!id) throw new CliError(`${file} line ${line}: the id column "${mapping.idColumn}" is empty.`);
      const first = seen.get(id);
      if (first !== undefined) throw new CliError(`${file} line ${line}: id "${id}" repeats line ${first}; ids must be unique.`);
      seen.set(id, line);
      item.id = id;
    } else {
      // Without an id column the server derives each id from the input: two rows with the same input would be one item.
      const key = canonicalJson(item.input);
      const first = seen.get(key);
      if (first !== undefined) {
        throw new CliError(`${file} line ${line}: the same input as line ${first} (rows without an id get one from their input); remove one of them or give ids with --id-column.`);
      }
      seen.set(key, line);
    }
    return item;
  });
  return { items, encoding };
}
