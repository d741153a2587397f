/** `tracehub experiment run|compare|report|list|upload`. */
import type { Command } from 'commander';
import { registerExperimentRun } from './experiment-run.js';
import { registerExperimentCompare } from './experiment-compare.js';
import { registerExperimentReport } from './experiment-report.js';
import { registerExperimentList } from './experiment-list.js';
import { registerExperimentUpload } from './experiment-upload.js';

/** Adds the `experiment` command group. */
export function registerExperimentCommands(program: Command): void {
  const experiment = program.command('experiment').description('Experiments: run prompts over datasets, score, report, compare, mirror to MLflow / Phoenix / Langfuse');
  registerExperimentRun(experiment);
  registerExperimentCompare(experiment);
  registerExperimentReport(experiment);
  registerExperimentList(experiment);
  registerExperimentUpload(experiment);
}
