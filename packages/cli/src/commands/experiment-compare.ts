/** `tracehub experiment compare <A> <B>`: B against A (baseline) over what both share — bootstrap intervals, McNemar, per-item changes — and what differs first. */
import type { Command } from 'commander';
import { compareRuns, createJsonGet, evaluateGate, loadRun, nothingToCompare } from '@tracehub/evals';
import { CliError } from '../cli-error.js';
import { positiveInt } from '../context.js';
import { traceHubSettings } from '../settings.js';
import { printJson, printLine } from '../output.js';
import { printComparison } from './experiment-output.js';

interface CompareFlags {
  out: string;
  resamples?: number;
  seed?: string;
  alpha?: string;
  limit?: number;
  failOnRegression?: boolean;
  allowPartialBaseline?: boolean;
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
    .option('--fail-on-regression', 'exit non-zero when B is significantly worse, or lacks evaluators or items A has')
    .option('--allow-partial-baseline', 'with --fail-on-regression: accept a B lacking some of A\'s evaluators or items (only what both share)')
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
      const unusable = nothingToCompare(comparison);
      if (unusable) throw new CliError(`${unusable}.`);
      if (flags.json) printJson(comparison);
      else {
        // What differs first: only what both runs share is compared.
        for (const line of comparison.differences.notes) printLine(`warning: ${line}`);
        printComparison(comparison, flags.limit ?? 20);
      }
      if (flags.failOnRegression) {
        const gate = evaluateGate({}, {}, comparison, { allowPartialBaseline: flags.allowPartialBaseline });
        if (!gate.passed) throw new CliError(gate.reasons.join('; '));
      }
    });
}
