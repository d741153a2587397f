/**
 * `tracehub experiment compare <A> <B> [C …]`. Two runs: B against A (baseline) over what both share —
 * bootstrap intervals, McNemar, per-item changes — and what differs first. More runs (or `--matrix`):
 * a prompts × models matrix per metric with the best marked and every run tested against the
 * baseline (the first run, or `--baseline`), over the items and evaluators all runs share, with
 * pass@k and flakiness for runs of the same prompt × model.
 */
import type { Command } from 'commander';
import { compareMatrix, compareRuns, createJsonGet, evaluateGate, loadRun, matrixGate, nothingToCompare, parsePassAtK, type LoadedRun } from '@tracehub/evals';
import { CliError } from '../cli-error.js';
import { positiveInt } from '../context.js';
import { traceHubSettings } from '../settings.js';
import { printJson, printLine } from '../output.js';
import { printComparison, printMatrix } from './experiment-output.js';

interface CompareFlags {
  out: string;
  baseline?: string;
  matrix?: boolean;
  passAtK?: string;
  resamples?: number;
  seed?: string;
  alpha?: string;
  limit?: number;
  failOnRegression?: boolean;
  allowPartialBaseline?: boolean;
  json?: boolean;
}

/** Which of `refs` / `loaded` runs `baseline` names: the reference as given, the run's name or its run id. */
function baselineIndex(baseline: string | undefined, refs: string[], loaded: LoadedRun[]): number {
  if (baseline === undefined) return 0;
  const index = refs.findIndex((ref, i) => ref === baseline || loaded[i].run.name === baseline || loaded[i].run.run_id === baseline);
  if (index < 0) throw new CliError(`--baseline ${baseline} is none of the compared runs (${refs.join(', ')}).`);
  return index;
}

/** Adds `experiment compare`. */
export function registerExperimentCompare(experiment: Command): void {
  experiment
    .command('compare')
    .description('Compare runs: two — B against A with paired-bootstrap CIs, McNemar and regressions; more — a prompts × models matrix against a baseline')
    .argument('<runs...>', 'runs (two or more): results directories, experiment names under --out, or server run ids; the first is the baseline')
    .option('-o, --out <dir>', 'results root to look names up in', 'results')
    .option('--baseline <run>', 'the run the others are tested against (default the first)')
    .option('--matrix', 'print the prompts × models matrix for two runs too')
    .option('--pass-at-k <list>', 'matrix: k values of pass@k for runs of the same prompt × model, e.g. 1,3 (default 1 and n)')
    .option('--resamples <n>', 'bootstrap resamples (default 2000)', positiveInt('--resamples'))
    .option('--seed <n>', 'bootstrap seed (default 42)')
    .option('--alpha <a>', 'significance level (default 0.05)')
    .option('--limit <n>', 'regressions and improvements (two runs) or flakiest items (matrix) to list (default 20 and 5)', positiveInt('--limit'))
    .option('--fail-on-regression', 'exit non-zero when a run is significantly worse than the baseline, or lacks evaluators or items it has')
    .option('--allow-partial-baseline', 'with --fail-on-regression: accept runs lacking some of the baseline\'s evaluators or items (only what both share)')
    .option('--json', 'print the comparison as JSON')
    .action(async (refs: string[], flags: CompareFlags, command: Command) => {
      if (refs.length < 2) throw new CliError(`compare needs at least two runs, got ${refs.length}.`);
      const seed = flags.seed === undefined ? 42 : Number(flags.seed);
      const alpha = flags.alpha === undefined ? 0.05 : Number(flags.alpha);
      if (!Number.isInteger(seed) || seed < 0) throw new CliError(`--seed must be a whole number, got "${flags.seed}".`);
      if (!(alpha > 0 && alpha < 0.5)) throw new CliError(`--alpha must be between 0 and 0.5, got "${flags.alpha}".`);
      const passAtK = flags.passAtK === undefined ? undefined : (() => {
        try {
          return parsePassAtK(flags.passAtK!);
        } catch (error) {
          throw new CliError(`--pass-at-k: ${(error as Error).message}`);
        }
      })();
      const settings = traceHubSettings(process.env, command.optsWithGlobals<{ host?: string; apiKey?: string }>());
      const get = createJsonGet(settings.host, settings.apiKey);
      const load = async (ref: string) => {
        try {
          return await loadRun(ref, { cwd: process.cwd(), resultsRoot: flags.out, get });
        } catch (error) {
          throw new CliError((error as Error).message);
        }
      };
      const loaded = await Promise.all(refs.map(load));
      const baseline = baselineIndex(flags.baseline, refs, loaded);
      const options = { resamples: flags.resamples, seed, alpha };

      if (refs.length === 2 && !flags.matrix) {
        const [runA, runB] = baseline === 0 ? loaded : [loaded[1], loaded[0]];
        const comparison = compareRuns(runA.run, runB.run, options);
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
        return;
      }

      const runs = loaded.map((l) => l.run);
      const matrix = (() => {
        try {
          return compareMatrix(runs, baseline, { ...options, passAtK, flakiest: flags.limit ?? 5 });
        } catch (error) {
          throw new CliError((error as Error).message);
        }
      })();
      if (flags.json) printJson(matrix);
      else {
        for (const line of matrix.notes) printLine(`warning: ${line}`);
        printMatrix(matrix, flags.limit ?? 5);
      }
      if (flags.failOnRegression) {
        const gate = matrixGate(runs, baseline, { ...options, allowPartialBaseline: flags.allowPartialBaseline });
        if (!gate.passed) throw new CliError(gate.reasons.join('; '));
      }
    });
}
