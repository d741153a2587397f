/** `experiment run` flags → a RunSpec (the same shape tracehub.eval.yaml produces). */
import {
  checkPassAtK,
  newRunId,
  parseDatasetRef,
  parseEvaluatorList,
  parseParameters,
  parsePassAtK,
  parsePromptRef,
  parseThresholds,
  parseTrackerList,
  safeName,
  type ProviderSpec,
  type RunSpec,
} from '@tracehub/evals';
import { CliError } from '../cli-error.js';

/** The flags of `experiment run`. */
export interface RunFlags {
  config?: string;
  dataset?: string;
  prompt?: string;
  model?: string;
  provider?: string;
  baseUrl?: string;
  apiKeyEnv?: string;
  param?: string[];
  temperature?: string;
  maxTokens?: string;
  evaluators?: string;
  judgeModel?: string;
  judgeProvider?: string;
  judgeBaseUrl?: string;
  rubric?: string;
  concurrency?: number;
  repetitions?: number;
  passAtK?: string;
  limit?: number;
  tracker?: string;
  backend?: string;
  modelVersion?: string;
  name?: string;
  baseline?: string;
  allowPartialBaseline?: boolean;
  threshold?: string;
  resume?: string;
  retryErrors?: boolean;
  out: string;
  local?: boolean;
  server?: boolean;
  datasetsDir?: string;
  targetsDir?: string;
  cache: boolean;
  cacheDir?: string;
  groupBy?: string;
  retrievalVersion?: string;
  evaluationProfile?: string;
  overwrite?: boolean;
  json?: boolean;
}

const wrap = <T>(fn: () => T): T => {
  try {
    return fn();
  } catch (error) {
    throw new CliError((error as Error).message);
  }
};

const stamp = () => new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);

/** The default provider: --provider, then TRACEHUB_PROVIDER, then openai. */
export const defaultProvider = (flags: Pick<RunFlags, 'provider'>, env: NodeJS.ProcessEnv) => flags.provider ?? env.TRACEHUB_PROVIDER ?? 'openai';

const BACKENDS: Record<string, string[]> = { langsmith: ['langsmith'], langfuse: ['langfuse'], both: ['langfuse', 'langsmith'] };

/** The trackers `--backend langsmith|langfuse|both` (seed 001's experiment option) adds to a run's. */
export function withBackend(trackers: string[], backend: string | undefined): string[] {
  if (backend === undefined) return trackers;
  const added = BACKENDS[backend];
  if (!added) throw new CliError(`--backend must be langsmith, langfuse or both, got "${backend}".`);
  return [...new Set([...trackers, ...added])];
}

/** Trackers: --tracker, then TRACEHUB_TRACKERS, then TRACEHUB_REQUIRED_TRACKERS, then tracehub; plus --backend's. */
export const trackerNames = (flags: Pick<RunFlags, 'tracker' | 'backend'>, env: NodeJS.ProcessEnv) =>
  withBackend(wrap(() => parseTrackerList(flags.tracker ?? env.TRACEHUB_TRACKERS ?? env.TRACEHUB_REQUIRED_TRACKERS ?? 'tracehub')), flags.backend);

/** `--pass-at-k 1,5` checked against the run's repetitions (undefined when not given). */
export function passAtKFlag(flags: Pick<RunFlags, 'passAtK'>, repetitions: number): number[] | undefined {
  if (flags.passAtK === undefined) return undefined;
  return wrap(() => {
    try {
      const ks = parsePassAtK(flags.passAtK!);
      checkPassAtK(ks, repetitions);
      return ks;
    } catch (error) {
      throw new Error(`--pass-at-k: ${(error as Error).message}`);
    }
  });
}

/** Builds the spec of a flag-driven run (not --config, not --resume). */
export function specFromFlags(flags: RunFlags, env: NodeJS.ProcessEnv): RunSpec {
  if (!flags.dataset) throw new CliError('Give --dataset <name> (or -c tracehub.eval.yaml, or --resume <run>).');
  if (!flags.prompt) throw new CliError('Give --prompt <name>[@label|:version].');
  if (flags.local && flags.server) throw new CliError('Give --local or --server, not both.');
  const source = flags.local ? 'local' : flags.server ? 'server' : 'auto';
  const provider = defaultProvider(flags, env);
  const parameters = wrap(() => parseParameters(flags.param ?? []));
  if (flags.temperature !== undefined) parameters.temperature = Number(flags.temperature);
  if (flags.maxTokens !== undefined) parameters.max_tokens = Number(flags.maxTokens);
  for (const [key, value] of Object.entries(parameters)) {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new CliError(`--${key.replace('_', '-')} must be a number.`);
  }
  const model: ProviderSpec = {
    provider, model: flags.model ?? '', base_url: flags.baseUrl ?? (provider === 'openai' ? (env.OPENAI_BASE_URL ?? null) : null),
    parameters, api_key_env: flags.apiKeyEnv ?? null, model_version: flags.modelVersion ?? null,
  };
  const judge: ProviderSpec | null =
    flags.judgeModel || flags.judgeProvider || flags.judgeBaseUrl
      ? { provider: flags.judgeProvider ?? provider, model: flags.judgeModel ?? model.model, base_url: flags.judgeBaseUrl ?? (flags.judgeProvider ? null : model.base_url), parameters: {}, api_key_env: flags.apiKeyEnv ?? null, model_version: null }
      : null;
  const evaluators = wrap(() => parseEvaluatorList(flags.evaluators ?? 'keywords,forbidden,reference'));
  if (flags.rubric) for (const e of evaluators) if (e.type === 'llm_judge') e[flags.rubric.startsWith('@') ? 'rubric_file' : 'rubric'] = flags.rubric.replace(/^@/, '');
  const dataset = wrap(() => parseDatasetRef(flags.dataset!, source, flags.datasetsDir ?? null));
  const prompt = wrap(() => parsePromptRef(flags.prompt!, source, flags.targetsDir ?? null));
  return {
    name: safeName(flags.name ?? `${prompt.name}-${model.model || 'model'}-${stamp()}`),
    run_id: newRunId(),
    dataset,
    prompt,
    model,
    judge,
    evaluators,
    concurrency: flags.concurrency ?? 4,
    repetitions: flags.repetitions ?? 1,
    ...(flags.passAtK !== undefined ? { pass_at_k: passAtKFlag(flags, flags.repetitions ?? 1) } : {}),
    limit: flags.limit ?? null,
    trackers: trackerNames(flags, env),
    cache: { enabled: flags.cache, dir: flags.cacheDir ?? null },
    group_by: flags.groupBy ? flags.groupBy.split(',').map((s) => s.trim()).filter(Boolean) : ['dataset_split'],
    link: { retrieval_version: flags.retrievalVersion ?? null, evaluation_profile: flags.evaluationProfile ?? env.TRACEHUB_EVALUATION_PROFILE ?? null },
    baseline: flags.baseline ?? null,
    thresholds: flags.threshold ? wrap(() => parseThresholds(flags.threshold!)) : {},
    out_dir: flags.out,
  };
}
