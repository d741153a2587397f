/** `tracehub experiment report <run>`: prints report.md of a local run, or a summary of a server run. */
import fs from 'node:fs';
import type { Command } from 'commander';
import type { ExperimentDetail } from '@tracehub/core';
import { findResultsDir, resultsPaths } from '@tracehub/evals';
import { CliError } from '../cli-error.js';
import { contextOf } from '../context.js';
import { printJson, printLine, printTable } from '../output.js';

/** Adds `experiment report`. */
export function registerExperimentReport(experiment: Command): void {
  experiment
    .command('report')
    .description('Show the report of a run: report.md of results/<run>/, or the summary of a run stored on the server')
    .argument('<run>', 'a results directory, an experiment name under --out, or a server run id')
    .option('-o, --out <dir>', 'results root', 'results')
    .option('--json', 'print metrics.json (local) or the stored run (server) as JSON')
    .action(async (run: string, flags: { out: string; json?: boolean }, command: Command) => {
      const dir = findResultsDir(run, process.cwd(), flags.out);
      if (dir) {
        const p = resultsPaths(dir);
        const file = flags.json ? p.metrics : p.report;
        if (!fs.existsSync(file)) throw new CliError(`${file} does not exist yet; the run did not finish (continue it with --resume ${run}).`);
        process.stdout.write(fs.readFileSync(file, 'utf8'));
        return;
      }
      const answer = await contextOf(command).traceHub().get<ExperimentDetail>(`/experiments/${encodeURIComponent(run)}`);
      if (flags.json) return printJson(answer);
      const e = answer.experiment;
      printLine(`${e.name} (${e.run_id}): ${e.status}; dataset ${e.dataset_name}@${e.dataset_version}; prompt ${e.prompt_name}@${e.prompt_version}; model ${e.model_name}`);
      printLine(`summary: ${JSON.stringify(e.summary)}`);
      const failed = answer.items.filter((i) => !i.passed);
      printLine(`failed items (${failed.length}):`);
      printTable(['KEY', 'SCORE', 'TRACE', 'ERROR'], failed.map((i) => [i.key, i.score ?? '—', i.trace_id ?? '—', i.error ?? '']));
    });
}
