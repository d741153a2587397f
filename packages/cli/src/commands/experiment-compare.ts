/** `tracehub experiment compare <A> <B>`: B against A (baseline) — bootstrap intervals, McNemar, per-item changes. */
import type { Command } from 'commander';
import { compareRuns, createJsonGet, loadRun } from '@tracehub/evals';
import { CliError } from '../cli-error.js';
import { positiveInt } from '../context.js';
import { traceHubSettings } from '../settings.js';
import { printJson } from '../output.js';
import { printComparison } from './experiment-output.js';

interface CompareFlags {
  out: string;
  resamples?: number;
  seed?: string;
  alpha?: string;
  limit?: number;
  failOnRegression?: boolean;
  json?: boolean;
}

/** Adds `experiment compare`. */
export function registerExperimentCompare(experiment: Command): void {
  experiment
    .command('compare')
    .description('Compare run B with run A: per-metric deltas with paired-bootstrap CIs, McNemar for pass/fail, regressions')
    .argument('<a>', 'baseline run: a results directory, an experiment name under --out, or a server run id')
    .argument('<b>', 'candidate run, the same way')
    .option('-o, --out <dir>', 'results root to look names up in', 'results')
    .option('--resamples <n>', 'bootstrap resamples (default 2000)', positiveInt('--resamples'))
    .option('--seed <n>', 'bootstrap seed (default 42)')
    .option('--alpha <a>', 'significance level (default 0.05)')
    .option('--limit <n>', 'regressions and improvements to list (default 20)', positiveInt('--limit'))
    .option('--fail-on-regression', 'exit non-zero when B is significantly worse')
    .option('--json', 'print the comparison as JSON')
    .action(async (a: string, b: string, flags: CompareFlags, command: Command) => {
      const seed = flags.seed === undefined ? 42 : Number(flags.seed);
      const alpha = flags.alpha === undefined ? 0.05 : Number(flags.alpha);
      if (!Number.isInteger(seed) || seed < 0) throw new CliError(`--seed must be a whole number, got "${flags.seed}".`);
      if (!(alpha > 0 && alpha < 0.5)) throw new CliError(`--alpha must be between 0 and 0.5, got "${flags.alpha}".`);
      const settings = traceHubSettings(process.env, command.optsWithGlobals<{ host?: string; apiKey?: string }>());
      const get = createJsonGet(settings.host, settings.apiKey);
      const load = async (ref: string) => {
        try {
          return await loadRun(ref, { cwd: process.cwd(), resultsRoot: flags.out, get });
        } catch (error) {
          throw new CliError((error as Error).message);
        }
      };
      const [runA, runB] = await Promise.all([load(a), load(b)]);
      const comparison = compareRuns(runA.run, runB.run, { resamples: flags.resamples, seed, alpha });
      if (comparison.paired === 0) throw new CliError(`Runs ${a} and ${b} share no items; compare runs over the same dataset.`);
      if (flags.json) printJson(comparison);
      else printComparison(comparison, flags.limit ?? 20);
      if (flags.failOnRegression && (comparison.verdict === 'worse' || comparison.verdict === 'mixed')) {
        throw new CliError(`${comparison.b.name} is significantly worse than ${comparison.a.name}.`);
      }
    });
}
