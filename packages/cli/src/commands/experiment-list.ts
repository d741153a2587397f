/** `tracehub experiment list`: runs under ./results (default) or on the server (`--server`). */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { ExperimentListResponse } from '@tracehub/core';
import { resultsPaths, type MetricsJson, type RunSpec } from '@tracehub/evals';
import { contextOf } from '../context.js';
import { printJson, printLine, printTable } from '../output.js';

interface ListFlags {
  out: string;
  server?: boolean;
  json?: boolean;
}

const pct = (v: unknown) => (typeof v === 'number' ? `${(v * 100).toFixed(1)}%` : '—');
const num = (v: unknown) => (typeof v === 'number' ? v.toFixed(3) : '—');

function localRuns(root: string) {
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(resultsPaths(path.join(root, e.name)).runConfig))
    .map((e) => {
      const p = resultsPaths(path.join(root, e.name));
      const spec = JSON.parse(fs.readFileSync(p.runConfig, 'utf8')) as RunSpec;
      const metrics = fs.existsSync(p.metrics) ? (JSON.parse(fs.readFileSync(p.metrics, 'utf8')) as MetricsJson) : null;
      const model = fs.existsSync(p.modelConfig) ? (JSON.parse(fs.readFileSync(p.modelConfig, 'utf8')) as { model?: string }).model : undefined;
      return {
        name: e.name, run_id: spec.run_id, dataset: spec.dataset.name, prompt: spec.prompt.name, model: model ?? spec.model.model,
        items: metrics?.counts.items ?? null, pass_rate: metrics?.pass_rate ?? null, mean_score: metrics?.aggregations.mean ?? null,
        finished: metrics ? fs.statSync(p.metrics).mtime.toISOString() : null,
      };
    })
    .sort((a, b) => (b.finished ?? '').localeCompare(a.finished ?? ''));
}

/** Adds `experiment list`. */
export function registerExperimentList(experiment: Command): void {
  experiment
    .command('list')
    .description('List runs: local results directories (default) or the runs stored on the server (--server)')
    .option('-o, --out <dir>', 'results root', 'results')
    .option('--server', 'list the runs stored on the Trace Hub server')
    .option('--json', 'print JSON')
    .action(async (flags: ListFlags, command: Command) => {
      if (flags.server) {
        const answer = await contextOf(command).traceHub().get<ExperimentListResponse>('/experiments', { page_size: 200 });
        if (flags.json) return printJson(answer);
        printTable(
          ['RUN ID', 'NAME', 'STATUS', 'DATASET', 'PROMPT', 'MODEL', 'ITEMS', 'PASS RATE', 'SCORE'],
          answer.items.map((r) => [r.run_id, r.name, r.status, `${r.dataset_name}@${r.dataset_version ?? '?'}`, `${r.prompt_name ?? ''}@${r.prompt_version ?? '?'}`, r.model_name, r.item_count, pct(r.summary.pass_rate), num(r.summary.mean_score)]),
        );
        return printLine(`${answer.items.length} of ${answer.total} runs`);
      }
      const runs = localRuns(path.resolve(flags.out));
      if (flags.json) return printJson(runs);
      if (runs.length === 0) return printLine(`No runs under ${flags.out}/ (tracehub experiment run … writes them there).`);
      printTable(
        ['NAME', 'RUN ID', 'DATASET', 'PROMPT', 'MODEL', 'ITEMS', 'PASS RATE', 'SCORE'],
        runs.map((r) => [r.name, r.run_id, r.dataset, r.prompt, r.model, r.items ?? '—', pct(r.pass_rate), num(r.mean_score)]),
      );
    });
}
