/**
 * `tracehub dataset upload --name <name>`: datasets/<name>/test_cases.json + expected.json (or a CSV
 * with a column mapping) → a new dataset version. Everything is checked before anything is sent.
 * `--to langsmith+langfuse` re-uploads the same items (or, with --from-server, a server version) to
 * LangSmith / Langfuse datasets of the same name (dataset-upload-targets.ts).
 */
import type { Command } from 'commander';
import type { DatasetDetail, UploadResult } from '@tracehub/core';
import { reportLangFromEnv, textTranslator } from '@tracehub/evals';
import { CliError } from '../cli-error.js';
import { contextOf, positiveInt } from '../context.js';
import { readCsvItems } from '../local/csv-items.js';
import { datasetPaths, readDatasetItems, type UploadItem } from '../local/dataset-files.js';
import { note, printJson, printLine } from '../output.js';
import { uploadToLangfuse, uploadToLangSmith, type TargetItem, type TargetResult } from './dataset-upload-targets.js';

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
  to: string;
  fromServer?: boolean;
  version?: number;
  json?: boolean;
}

const TARGETS = ['tracehub', 'langsmith', 'langfuse'];

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
    .option('-m, --message <text>', 'a note stored with the new version (default: "Uploaded from <source>" in the locale\'s language, ko or en)')
    .option('--to <targets>', 'where to upload, +-joined: tracehub, langsmith (LANGSMITH_ENDPOINT, LANGSMITH_API_KEY), langfuse (LANGFUSE_HOST, LANGFUSE_PUBLIC_KEY, LANGFUSE_SECRET_KEY); langsmith/langfuse add and update items by id, deleting none', 'tracehub')
    .option('--from-server', 'upload the Trace Hub server\'s dataset (latest version, or --version) instead of local files; with --to langsmith/langfuse')
    .option('--version <n>', 'with --from-server: this dataset version', positiveInt('--version'))
    .option('--json', 'print the result as JSON')
    .action(async (opts: UploadOptions, command: Command) => {
      if (opts.mode !== 'replace' && opts.mode !== 'merge') throw new CliError(`--mode must be replace or merge, got "${opts.mode}".`);
      const targets = [...new Set(opts.to.split(/[+,]/).map((t) => t.trim().toLowerCase()).filter(Boolean))];
      const unknown = targets.filter((t) => !TARGETS.includes(t));
      if (unknown.length || !targets.length) throw new CliError(`--to takes a +-joined set of ${TARGETS.join(', ')}, got "${opts.to}".`);
      if (opts.version !== undefined && !opts.fromServer) throw new CliError('--version needs --from-server.');
      if (opts.fromServer && (opts.csv || targets.includes('tracehub'))) throw new CliError('--from-server uploads a server dataset to --to langsmith and/or langfuse; it takes no --csv and no tracehub target.');
      if (opts.fromServer) {
        const detail = await contextOf(command).traceHub().get<DatasetDetail>(`/datasets/${encodeURIComponent(opts.name)}`, { version: opts.version });
        if (!detail.version) throw new CliError(`Dataset "${opts.name}" has no version on the server yet; upload it first (tracehub dataset upload --name ${opts.name}).`);
        const items = detail.items.filter((i) => i.status === 'active').map((i) => ({ id: i.id, input: i.input, expected_output: i.expected_output, metadata: i.metadata ?? {} }));
        const description = opts.message ?? `Trace Hub dataset ${opts.name} v${detail.version.version} (sha256 ${detail.version.sha256})`;
        await reupload(command, opts, targets, description, items, []);
        return;
      }
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
      const external = targets.filter((t) => t !== 'tracehub');
      // The version note, in the user's language (the locale, as reports and evaluator texts).
      const versionNote = opts.message ?? textTranslator(reportLangFromEnv(process.env))('Uploaded from {source}', { source });
      if (external.length && items.some((i) => i.id === undefined)) throw new CliError(`--to ${external.join('+')} needs an id for every item; give --id-column.`);
      if (!targets.includes('tracehub')) {
        await reupload(command, opts, targets, versionNote, items as TargetItem[], []);
        return;
      }
      const answer = await contextOf(command)
        .traceHub()
        .post<UploadResult>(`/datasets/${encodeURIComponent(opts.name)}/items`, {
          items,
          mode: opts.mode,
          message: versionNote,
        });
      if (external.length) {
        const lines = [answer.message, ...(answer.version ? [`version ${answer.version.version}: ${answer.version.item_count} items, sha256 ${answer.version.sha256}`] : [])];
        await reupload(command, opts, external, versionNote, items as TargetItem[], lines, answer);
        return;
      }
      if (opts.json) {
        printJson({ name: opts.name, items: items.length, ...answer });
        return;
      }
      printLine(answer.message);
      if (answer.version) printLine(`version ${answer.version.version}: ${answer.version.item_count} items, sha256 ${answer.version.sha256}`);
    });
}

/** Uploads to the LangSmith / Langfuse targets and prints what each did (after `before`, the Trace Hub lines). */
async function reupload(command: Command, opts: UploadOptions, targets: string[], description: string, items: TargetItem[], before: string[], traceHub?: UploadResult): Promise<void> {
  const results: TargetResult[] = [];
  for (const target of targets) {
    if (target === 'langsmith') results.push(await uploadToLangSmith(opts.name, description, items));
    if (target === 'langfuse') results.push(await uploadToLangfuse(contextOf(command).langfuse(), opts.name, description, items));
  }
  if (opts.json) {
    printJson({ name: opts.name, items: items.length, ...(traceHub ?? {}), targets: results });
    return;
  }
  for (const line of before) printLine(line);
  for (const r of results) {
    const service = r.target === 'langsmith' ? 'LangSmith' : 'Langfuse';
    printLine(
      `${service} dataset "${r.dataset}" at ${r.at}${r.created ? ' (created)' : ''}: ${r.added} added, ${r.updated} updated, ${r.unchanged} unchanged` +
        `${r.not_in_upload ? `; ${r.not_in_upload} item(s) there are not in this upload (left as they are)` : ''}.`,
    );
  }
}
