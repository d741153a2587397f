/**
 * `tracehub experiment run`: a prompt version over a dataset with a model, scored by evaluators,
 * written to results/<name>/ and mirrored to the trackers. `-c tracehub.eval.yaml` runs every
 * prompt × model of the file. `--baseline` / `--threshold` make it exit non-zero for CI.
 */
import path from 'node:path';
import { Option, type Command } from 'commander';
import {
  compareRuns,
  createJsonGet,
  describeSources,
  evaluateGate,
  findResultsDir,
  loadRun,
  parseThresholds,
  preflight,
  prepareRun,
  readEvalFile,
  readSnapshots,
  runExperiment,
  type LoadedRun,
  type RunResult,
  type RunSpec,
  REPORT_LANGS,
  reportLangFromEnv,
  type ReportLang,
} from '@tracehub/evals';
import { CliError } from '../cli-error.js';
import { positiveInt } from '../context.js';
import { traceHubSettings } from '../settings.js';
import { note, printJson, printLine } from '../output.js';
import { startRunProgress } from './experiment-progress.js';
import { printRunSummary } from './experiment-output.js';
import { defaultProvider, passAtKFlag, specFromFlags, trackerNames, withBackend, type RunFlags } from './experiment-run-spec.js';
import { checkResumeFlags } from './experiment-resume.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Runs one spec; answers the result and the gate's reasons (empty when it passed). */
async function runOne(spec: RunSpec, flags: RunFlags, command: Command, resumeDir?: string): Promise<{ result: RunResult; reasons: string[] }> {
  const cwd = process.cwd();
  const globals = command.optsWithGlobals<{ host?: string; apiKey?: string }>();
  const traceHub = traceHubSettings(process.env, globals);
  const get = createJsonGet(traceHub.host, traceHub.apiKey);
  const resultsRoot = resumeDir ? path.dirname(resumeDir) : spec.out_dir;
  let baseline: LoadedRun | null = null;
  if (spec.baseline) baseline = await loadRun(spec.baseline, { cwd, resultsRoot, get });
  const controller = new AbortController();
  const onSignal = () => {
    if (controller.signal.aborted) process.exit(130);
    note('\ninterrupted: finishing the items in flight (Ctrl-C again to stop at once)…');
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  const bar = startRunProgress(spec.name);
  let result: RunResult;
  try {
    const prepared = await prepareRun(spec, {
      cwd, env: process.env, traceHub, get, resumeDir, retryErrors: flags.retryErrors, overwrite: flags.overwrite,
      baselineOutputs: baseline?.outputs, onProgress: (p) => bar.update(p), signal: controller.signal,
    });
    // The header: exactly what is evaluated (server or local, version, sha256), before the first call.
    if (!flags.json) for (const [what, text] of Object.entries(describeSources(prepared.description))) printLine(`${what}: ${text}`);
    preflight(prepared);
    result = await runExperiment(prepared);
  } finally {
    bar.stop();
    process.off('SIGINT', onSignal);
  }
  const reasons: string[] = [];
  const m = result.metrics;
  const means = { score: m.aggregations.mean, pass_rate: m.pass_rate, ...m.scores };
  // The run as `experiment compare` would load it (with its dataset and prompt), so both say what differs alike.
  const comparison = baseline ? compareRuns(baseline.run, (await loadRun(result.dir, { cwd, resultsRoot })).run) : null;
  const gate = evaluateGate(means, spec.thresholds, comparison, { allowPartialBaseline: flags.allowPartialBaseline });
  reasons.push(...gate.reasons);
  const errored = m.counts.errors;
  if (errored) reasons.push(`${errored} of ${m.counts.items} items have errors (model call or evaluator); re-run them with --resume ${path.basename(result.dir)} --retry-errors`);
  if (result.status === 'interrupted') reasons.push(`interrupted after ${m.counts.items} items; continue with --resume ${path.basename(result.dir)}`);
  for (const problem of result.trackerErrors) reasons.push(`tracker ${problem}`);
  if (flags.json) printJson({ status: result.status, dir: result.dir, dataset: result.manifest.dataset, prompt: result.manifest.prompt, metrics: m, comparison, gate: { passed: reasons.length === 0, reasons } });
  else {
    printRunSummary(result, path.relative(cwd, result.dir) || result.dir);
    for (const line of comparison?.differences.notes ?? []) printLine(`warning: ${line}`);
    if (comparison) printLine(`baseline ${comparison.a.name}: ${comparison.verdict.replace(/_/g, ' ')} (score Δ ${comparison.metrics[0].delta}, CI [${comparison.metrics[0].ci_low}, ${comparison.metrics[0].ci_high}])`);
  }
  return { result, reasons };
}

function thresholdsOf(text: string): Record<string, number> {
  try {
    return parseThresholds(text);
  } catch (error) {
    throw new CliError(`--threshold: ${(error as Error).message}`);
  }
}

/** Adds `experiment run`. */
export function registerExperimentRun(experiment: Command): void {
  experiment
    .command('run')
    .description('Run a prompt version over a dataset with a model and evaluators; results/<name>/ and trackers')
    .option('-c, --config <file>', 'run every prompt × model of a tracehub.eval.yaml')
    .option('-d, --dataset <name[:version]>', 'dataset; name:version is always the server\'s, a bare name reads datasets/<name>/ when it exists, else the server\'s latest')
    .option('-p, --prompt <name[@label|:version]>', 'prompt; @label or :version is always the server\'s, a bare name reads targets/<name>/ when it exists, else the server\'s production')
    .option('-m, --model <model>', 'model name (default: the prompt config model)')
    .option('--model-version <v>', 'link key model_version (recorded in the manifest and sent to the trackers)')
    .option('--provider <provider>', 'offline | openai | ollama | vllm | lmstudio | llamacpp (default $TRACEHUB_PROVIDER or openai)')
    .option('--base-url <url>', 'OpenAI-compatible base URL including /v1 (default $OPENAI_BASE_URL or the provider default)')
    .option('--api-key-env <var>', 'environment variable holding the API key', 'OPENAI_API_KEY')
    .option('--param <key=value>', 'model parameter override (repeatable), e.g. --param seed=7', collect)
    .option('--temperature <t>', 'sampling temperature')
    .option('--max-tokens <n>', 'most output tokens')
    .option('-e, --evaluators <list>', 'keywords,forbidden,reference,regex,json_schema,similarity,llm_judge,latency,cost,custom:<module> (type=threshold allowed)')
    .option('--judge-model <model>', 'LLM judge model (default: the run model)')
    .option('--judge-provider <provider>', 'LLM judge provider (default: the run provider)')
    .option('--judge-base-url <url>', 'LLM judge base URL')
    .option('--rubric <text|@file>', 'LLM judge rubric')
    .option('--concurrency <n>', 'items in flight at once (default 4)', positiveInt('--concurrency'))
    .option('--repetitions <n>', 'run every item N times (default 1); metrics.json, report.md and the summary then give pass@k and flakiness', positiveInt('--repetitions'))
    .option('--pass-at-k <list>', 'k values of pass@k, e.g. 1,5 (default 1 and --repetitions; each at most --repetitions)')
    .option('--limit <n>', 'only the first N dataset items', positiveInt('--limit'))
    .option('--tracker <list>', 'any +-joined set of tracehub, mlflow, phoenix, langfuse, langsmith, or none (default $TRACEHUB_TRACKERS, else $TRACEHUB_REQUIRED_TRACKERS, else tracehub); a run lacking a tracker of $TRACEHUB_REQUIRED_TRACKERS or the file\'s required_trackers fails before any model call')
    .option('--backend <name>', 'langsmith, langfuse or both: adds those trackers to the run\'s (as seed 001\'s experiment --backend)')
    .option('-n, --name <name>', 'experiment name, the results directory (default <prompt>-<model>-<time>)')
    .option('--baseline <run>', 'exit non-zero when significantly worse than this run, or when it has evaluators or items this run lacks (results dir, name or server run id)')
    .option('--allow-partial-baseline', 'let --baseline compare a run lacking some of the baseline\'s evaluators or items (only what both share)')
    .option('--threshold <value>', 'exit non-zero below this mean score (0.8, or metric=value,…; metrics: score, pass_rate, evaluator names)')
    .option('--resume <run>', 'continue an interrupted run (results/<run>): only unfinished items call the model')
    .option('--retry-errors', 'with --resume: run errored items again too')
    .option('-o, --out <dir>', 'results root', 'results')
    .option('--local', 'read datasets/ and targets/ only (an error with :version or @label)')
    .option('--server', 'read the dataset and prompt from the server only')
    .option('--datasets-dir <dir>', 'local datasets directory (default datasets)')
    .option('--targets-dir <dir>', 'local prompts directory (default targets)')
    .option('--no-cache', 'do not use the response cache (.tracehub-cache/)')
    .option('--cache-dir <dir>', 'response cache directory (default $TRACEHUB_CACHE_DIR or .tracehub-cache)')
    .option('--group-by <fields>', 'item metadata fields for by_group (default dataset_split)')
    .option('--retrieval-version <v>', 'link key retrieval_version')
    .option('--evaluation-profile <p>', 'link key evaluation_profile (default $TRACEHUB_EVALUATION_PROFILE)')
    .option('--overwrite', 'replace an existing results/<name>/')
    .addOption(new Option('--report-lang <lang>', 'report.md, report.xlsx and the evaluators\' comments in ko or en (default: ko when LC_ALL or LANG starts with ko, else en)').choices(REPORT_LANGS))
    .option('--json', 'print the result as JSON')
    .action(async (flags: RunFlags, command: Command) => {
      const cwd = process.cwd();
      checkResumeFlags(command);
      let jobs: Array<{ spec: RunSpec; resumeDir?: string }>;
      if (flags.resume) {
        const dir = findResultsDir(flags.resume, cwd, flags.out);
        if (!dir) throw new CliError(`No results directory "${flags.resume}" (looked in ./ and ${flags.out}/); give the experiment name of an earlier run.`);
        const stored = (() => {
          try {
            return readSnapshots(dir).spec;
          } catch (error) {
            throw new CliError((error as Error).message);
          }
        })();
        jobs = [{
          spec: {
            ...stored,
            concurrency: flags.concurrency ?? stored.concurrency,
            cache: { enabled: flags.cache && stored.cache.enabled, dir: flags.cacheDir ?? stored.cache.dir },
            ...(flags.baseline ? { baseline: flags.baseline } : {}),
            ...(flags.threshold ? { thresholds: thresholdsOf(flags.threshold) } : {}),
            ...(flags.passAtK !== undefined ? { pass_at_k: passAtKFlag(flags, stored.repetitions) } : {}),
          },
          resumeDir: dir,
        }];
      } else if (flags.config) {
        const specs = (() => {
          try {
            return readEvalFile(flags.config!, { provider: defaultProvider(flags, process.env), env: process.env });
          } catch (error) {
            throw new CliError((error as Error).message);
          }
        })();
        jobs = specs.map((spec) => ({
          spec: {
            ...spec,
            ...(flags.tracker ? { trackers: trackerNames(flags, process.env) } : flags.backend ? { trackers: withBackend(spec.trackers, flags.backend) } : {}),
            ...(flags.concurrency ? { concurrency: flags.concurrency } : {}),
            ...(flags.baseline ? { baseline: flags.baseline } : {}),
            ...(flags.threshold ? { thresholds: thresholdsOf(flags.threshold) } : {}),
            ...(flags.passAtK !== undefined ? { pass_at_k: passAtKFlag(flags, spec.repetitions) } : {}),
            ...(flags.out !== 'results' ? { out_dir: flags.out } : {}),
            cache: { enabled: flags.cache && spec.cache.enabled, dir: flags.cacheDir ?? spec.cache.dir },
          },
        }));
      } else jobs = [{ spec: specFromFlags(flags, process.env) }];

      const failures: string[] = [];
      for (const job of jobs) {
        if (jobs.length > 1) note(`── ${job.spec.name}`);
        const reportLang = (flags as { reportLang?: ReportLang }).reportLang ?? job.spec.report_lang ?? reportLangFromEnv(process.env);
        const { reasons } = await runOne({ ...job.spec, report_lang: reportLang }, flags, command, job.resumeDir);
        for (const reason of reasons) failures.push(jobs.length > 1 ? `${job.spec.name}: ${reason}` : reason);
      }
      // One line on stderr, whatever failed: the gate, an interruption or a tracker.
      if (failures.length) throw new CliError(failures.join('; '));
    });
}
