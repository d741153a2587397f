/**
 * `tracehub dataset collect --name <name> --source tracehub|langfuse|langsmith …`: production traces →
 * new cases in datasets/<name>/test_cases.json, stubs in expected.json (see case-collector.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { promptVariables } from '@tracehub/core';
import { langsmithSettings } from '@tracehub/evals';
import { CliError } from '../cli-error.js';
import { contextOf, positiveInt } from '../context.js';
import { CaseCollector } from '../collect/case-collector.js';
import { boundTime } from '../collect/collect-dates.js';
import { createLangfuseSource } from '../collect/langfuse-source.js';
import { createLangSmithSource } from '../collect/langsmith-source.js';
import { createTraceHubSource } from '../collect/tracehub-source.js';
import type { TraceSource } from '../collect/trace-source.js';
import { readDatasetConfig } from '../local/dataset-config.js';
import { datasetPaths, readExpected, readTestCases, writeDatasetFiles, type TestCase } from '../local/dataset-files.js';
import { PROMPT_FILE, readPromptDir } from '../local/prompt-dir.js';
import { note, printJson, printLine, warn } from '../output.js';
import { startProgress } from '../progress.js';

interface CollectOptions {
  name: string;
  source: string;
  limit: number;
  since?: string;
  until?: string;
  session?: string;
  project?: string;
  status?: string;
  traceName?: string;
  append?: boolean;
  overwrite?: boolean;
  dryRun?: boolean;
  includeUnmatched?: boolean;
  includeExperiments?: boolean;
  datasetsDir: string;
  targetsDir: string;
  json?: boolean;
}

/** The placeholders of targets/<prompt>/prompt.txt, or [] (with a warning) when there is none. */
function placeholdersOf(targetsDir: string, prompt: string): { placeholders: string[]; file: string | null } {
  const dir = path.join(targetsDir, prompt);
  if (!fs.existsSync(path.join(dir, PROMPT_FILE))) return { placeholders: [], file: null };
  const local = readPromptDir(dir);
  return { placeholders: promptVariables(local.prompt, local.template_format), file: path.join(dir, PROMPT_FILE) };
}

/** Adds `dataset collect`. */
export function registerDatasetCollect(dataset: Command): void {
  dataset
    .command('collect')
    .description('Collect production trace inputs as new test cases (duplicates skipped, expected.json stubs added)')
    .requiredOption('-n, --name <name>', 'dataset name (datasets/<name>/, placeholders from targets/<name>/prompt.txt)')
    .option('--source <source>', 'tracehub (this server), langfuse (LANGFUSE_HOST, LANGFUSE_PUBLIC_KEY, LANGFUSE_SECRET_KEY) or langsmith (LANGSMITH_ENDPOINT, LANGSMITH_API_KEY)', 'tracehub')
    .option('--project <name>', 'langsmith: the tracing project to read (default LANGSMITH_PROJECT, else "default")')
    .option('--limit <n>', 'most new cases to add', positiveInt('--limit'), 50)
    .option('--since <date>', 'traces from this date (YYYY-MM-DD, UTC) or time (ISO 8601)')
    .option('--until <date>', 'traces up to this date, inclusive (YYYY-MM-DD) or before this time')
    .option('--session <id>', 'only this session')
    .option('--status <status>', 'only success or error traces')
    .option('--trace-name <name>', 'only traces with this name')
    .option('--append', 'add to the existing cases (default)')
    .option('--overwrite', 'replace the existing cases with the collected ones (a trace collected again keeps its case id and expectations)')
    .option('--dry-run', 'print what would be added and removed; write nothing')
    .option('--include-unmatched', 'also add traces whose input keys do not match the placeholders, as they are')
    .option('--include-experiments', 'also collect traces written by `tracehub experiment run` (environment or tag "experiment"; skipped by default)')
    .option('--datasets-dir <dir>', 'where dataset directories live', 'datasets')
    .option('--targets-dir <dir>', 'where prompt directories live', 'targets')
    .option('--json', 'print the result as JSON')
    .action(async (opts: CollectOptions, command: Command) => {
      if (!['tracehub', 'langfuse', 'langsmith'].includes(opts.source)) throw new CliError(`--source must be tracehub, langfuse or langsmith, got "${opts.source}".`);
      if (opts.project !== undefined && opts.source !== 'langsmith') throw new CliError('--project is only used with --source langsmith (Trace Hub and Langfuse keys belong to one project).');
      if (opts.append && opts.overwrite) throw new CliError('Give --append or --overwrite, not both.');
      if (opts.status !== undefined && opts.status !== 'success' && opts.status !== 'error') throw new CliError(`--status must be success or error, got "${opts.status}".`);
      const since = boundTime('--since', opts.since);
      const until = boundTime('--until', opts.until);
      if (since && until && since >= until) throw new CliError('--since must be before --until.');

      const paths = datasetPaths(opts.datasetsDir, opts.name);
      const config = readDatasetConfig(paths.config);
      const promptName = config.prompt ?? opts.name;
      const { placeholders, file: promptFile } = placeholdersOf(opts.targetsDir, promptName);
      if (!promptFile) warn(`${path.join(opts.targetsDir, promptName, PROMPT_FILE)} not found: trace input keys are kept as they are (no placeholder check).`);
      const existing: TestCase[] = fs.existsSync(paths.testCases) ? readTestCases(paths.testCases) : [];
      const expected = readExpected(paths.expected, new Set(existing.map((c) => c.id)));

      const context = contextOf(command);
      const source: TraceSource =
        opts.source === 'langfuse'
          ? createLangfuseSource(context.langfuse())
          : opts.source === 'langsmith'
            ? createLangSmithSource(langsmithSettings(process.env), opts.project)
            : createTraceHubSource(context.traceHub());
      const collector = new CaseCollector({
        existing,
        expected,
        placeholders,
        mapping: config.inputMapping,
        mode: opts.overwrite ? 'overwrite' : 'append',
        limit: opts.limit,
        source: source.name,
        includeUnmatched: opts.includeUnmatched,
        includeExperiments: opts.includeExperiments,
      });
      const progress = startProgress(`reading ${source.name} traces`, opts.limit);
      try {
        const query = { since, until, sessionId: opts.session, status: opts.status as 'success' | 'error' | undefined, name: opts.traceName };
        outer: for await (const page of source.pages(query, (total) => progress.setTotal(total))) {
          for (const trace of page) {
            collector.offer(trace);
            progress.tick();
            if (collector.done) break outer;
          }
        }
      } finally {
        progress.stop();
      }

      for (const [from, to] of collector.automatic) note(`mapped trace input key "${from}" → placeholder "${to}" by name`);
      const where = config.inputMapping && Object.keys(config.inputMapping).length ? 'fix input_mapping in' : 'add input_mapping to';
      for (const m of collector.mismatches) {
        warn(
          `${m.traceIds.length} trace(s) (e.g. ${m.traceIds[0]}) have input keys that do not match the placeholders of ${promptFile}: ` +
            `missing placeholder(s) ${m.missing.map((k) => `"${k}"`).join(', ')}; unmatched trace key(s) ${m.unused.map((k) => `"${k}"`).join(', ') || '(none)'}. ` +
            `${opts.includeUnmatched ? 'Added as they are' : 'Skipped'}; ${where} ${paths.config} (trace key: placeholder).`,
        );
      }
      const files = collector.files();
      const overwrite = !!opts.overwrite;
      const recollected = new Set(files.recollected.map((c) => c.id));
      // Overwrite with nothing collected leaves the files alone rather than emptying them.
      const write = collector.added.length > 0;
      const summary = {
        name: opts.name,
        source: source.name,
        dry_run: !!opts.dryRun,
        mode: overwrite ? 'overwrite' : 'append',
        scanned: collector.scanned,
        added: collector.added.length - recollected.size,
        recollected: recollected.size,
        removed: write ? files.removed.length : 0,
        removed_ids: write ? files.removed.map((c) => c.id) : [],
        duplicates: collector.duplicates,
        without_input: collector.noInput,
        mismatched: collector.mismatches.reduce((n, m) => n + m.traceIds.length, 0),
        experiment_traces: collector.experiments,
        placeholders,
        cases: collector.added,
        files: opts.dryRun || !write ? null : { test_cases: paths.testCases, expected: paths.expected },
      };
      if (!opts.dryRun && write) writeDatasetFiles(opts.datasetsDir, opts.name, files.cases, files.expected);
      if (opts.json) {
        printJson(summary);
        return;
      }
      const changes = [
        `${summary.added} new case(s)`,
        ...(overwrite ? [`${summary.recollected} collected again (expectations kept)`, `${summary.removed} removed`] : []),
      ].join(', ');
      if (opts.dryRun) {
        printLine(
          overwrite
            ? `Dry run (--overwrite): would replace the cases of ${paths.testCases} with ${changes} (nothing written).`
            : `Dry run: would add ${summary.added} case(s) to ${paths.testCases} (nothing written).`,
        );
        for (const c of collector.added) printLine(`  ${recollected.has(c.id) ? '=' : '+'} ${c.id}: ${JSON.stringify(c.inputs).slice(0, 160)}`);
        for (const c of write ? files.removed : []) printLine(`  - ${c.id}: ${JSON.stringify(c.inputs).slice(0, 160)}`);
      } else if (write && overwrite) {
        printLine(`Replaced the cases of ${paths.testCases}: ${changes}; ${summary.added} stub(s) added to ${paths.expected}.`);
        if (files.removed.length) printLine(`Removed: ${files.removed.map((c) => c.id).join(', ')}`);
      } else if (write) {
        printLine(`Added ${summary.added} case(s) to ${paths.testCases} and ${summary.added} stub(s) to ${paths.expected}.`);
      } else {
        printLine(`No ${overwrite ? 'cases collected' : 'new cases'} for ${opts.name}; ${paths.testCases} is unchanged.`);
      }
      printLine(
        `Scanned ${summary.scanned} trace(s): ${summary.duplicates} duplicate(s), ${summary.without_input} without input, ${summary.mismatched} with mismatched keys` +
          `${summary.experiment_traces ? `, ${summary.experiment_traces} experiment trace(s) skipped (--include-experiments to collect them)` : ''}.`,
      );
    });
}
