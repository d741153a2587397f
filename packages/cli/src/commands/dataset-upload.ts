/**
 * `tracehub dataset upload --name <name>`: datasets/<name>/test_cases.json + expected.json (or a CSV
 * with a column mapping) → a new dataset version. Everything is checked before anything is sent.
 */
import type { Command } from 'commander';
import type { UploadResult } from '@tracehub/core';
import { CliError } from '../cli-error.js';
import { contextOf } from '../context.js';
import { readCsvItems } from '../local/csv-items.js';
import { datasetPaths, readDatasetItems, type UploadItem } from '../local/dataset-files.js';
import { note, printJson, printLine } from '../output.js';

interface UploadOptions {
  name: string;
  datasetsDir: string;
  csv?: string;
  idColumn?: string;
  inputColumns?: string;
  expectedColumn?: string;
  metadataColumns?: string;
  delimiter?: string;
  encoding?: string;
  mode: string;
  message?: string;
  json?: boolean;
}

const list = (value?: string) => value?.split(',').map((s) => s.trim()).filter(Boolean);

/** Adds `dataset upload`. */
export function registerDatasetUpload(dataset: Command): void {
  dataset
    .command('upload')
    .description('Upload datasets/<name>/ (or a CSV) as a new dataset version; unchanged content makes none')
    .requiredOption('-n, --name <name>', 'dataset name (also the directory under --datasets-dir)')
    .option('--datasets-dir <dir>', 'where dataset directories live', 'datasets')
    .option('--csv <file>', 'upload this CSV instead of the JSON files')
    .option('--id-column <column>', 'CSV: the id column (default: ids derived from the inputs)')
    .option('--input-columns <a,b>', 'CSV: input columns (default: every column not named otherwise)')
    .option('--expected-column <column>', 'CSV: the expected output column')
    .option('--metadata-columns <a,b>', 'CSV: columns kept as item metadata')
    .option('--delimiter <char>', 'CSV: field delimiter', ',')
    .option('--encoding <name>', 'CSV: utf-8, cp949 (euc-kr), utf-16le or utf-16be (default: UTF-8 or UTF-16 by BOM, UTF-8 when valid, else CP949)')
    .option('--mode <mode>', 'replace: the files are the whole dataset; merge: add and update only', 'replace')
    .option('-m, --message <text>', 'a note stored with the new version')
    .option('--json', 'print the result as JSON')
    .action(async (opts: UploadOptions, command: Command) => {
      if (opts.mode !== 'replace' && opts.mode !== 'merge') throw new CliError(`--mode must be replace or merge, got "${opts.mode}".`);
      const csvOnly = ['idColumn', 'inputColumns', 'expectedColumn', 'metadataColumns', 'encoding'].filter((k) => opts[k as keyof UploadOptions] !== undefined);
      if (!opts.csv && csvOnly.length) throw new CliError('--id-column, --input-columns, --expected-column, --metadata-columns and --encoding need --csv.');
      const csv = opts.csv
        ? readCsvItems(opts.csv, {
            idColumn: opts.idColumn,
            inputColumns: list(opts.inputColumns),
            expectedColumn: opts.expectedColumn,
            metadataColumns: list(opts.metadataColumns),
            delimiter: opts.delimiter,
            encoding: opts.encoding,
          })
        : null;
      if (csv && csv.encoding !== 'UTF-8' && !opts.encoding) note(`${opts.csv}: read as ${csv.encoding}.`);
      const items: UploadItem[] = csv ? csv.items : readDatasetItems(opts.datasetsDir, opts.name);
      const source = opts.csv ?? datasetPaths(opts.datasetsDir, opts.name).dir;
      const answer = await contextOf(command)
        .traceHub()
        .post<UploadResult>(`/datasets/${encodeURIComponent(opts.name)}/items`, {
          items,
          mode: opts.mode,
          message: opts.message ?? `Uploaded from ${source}`,
        });
      if (opts.json) {
        printJson({ name: opts.name, items: items.length, ...answer });
        return;
      }
      printLine(answer.message);
      if (answer.version) printLine(`version ${answer.version.version}: ${answer.version.item_count} items, sha256 ${answer.version.sha256}`);
    });
}
