/**
 * A run's whole configuration as plain data: what the CLI flags or tracehub.eval.yaml say, written to
 * config/run_config.json and read back by `--resume`. Secrets never appear in it (API keys come from
 * the environment variables it names).
 */
import { randomBytes } from 'node:crypto';
import type { EvaluatorSpec } from '../evaluators/evaluator-spec.js';
import type { ReportLang } from '../report/report-lang.js';

/**
 * Where the dataset comes from. A version always means the server's; `auto` without one = local when
 * `datasets/<name>/test_cases.json` exists, else the server; `local` with a version is an error.
 */
export interface DatasetRef {
  name: string;
  version: number | null;
  source: 'server' | 'local' | 'auto';
  /** Directory holding `<name>/test_cases.json` (local), default `datasets`. */
  dir: string | null;
}

/**
 * Which prompt version: by label (default production on the server) or number, always the server's;
 * `auto` without either = `targets/<name>/` when it exists, else the server; `local` with either is an error.
 */
export interface PromptRef {
  name: string;
  label: string | null;
  version: number | null;
  source: 'server' | 'local' | 'auto';
  /** Directory holding `<name>/prompt.txt` (local), default `targets`. */
  dir: string | null;
}

/** A model endpoint: provider (offline, openai, ollama, vllm, lmstudio, llamacpp), model, base URL, parameters. */
export interface ProviderSpec {
  provider: string;
  model: string;
  base_url: string | null;
  /** Overrides of the prompt config's sampling parameters. */
  parameters: Record<string, unknown>;
  /** Environment variable holding the API key (default OPENAI_API_KEY). */
  api_key_env: string | null;
  model_version: string | null;
}

/** The whole run. */
export interface RunSpec {
  name: string;
  run_id: string;
  dataset: DatasetRef;
  prompt: PromptRef;
  model: ProviderSpec;
  judge: ProviderSpec | null;
  evaluators: EvaluatorSpec[];
  concurrency: number;
  /** Runs every item this many times (items.jsonl keys `<item_id>#<repetition>` when above 1). */
  repetitions: number;
  /** The k values of pass@k in metrics.json (default 1 and `repetitions`); each at most `repetitions`. */
  pass_at_k?: number[];
  /** Only the first N dataset items (quick runs); null = all. */
  limit: number | null;
  trackers: string[];
  /** Trackers this run must have (tracehub.eval.yaml `required_trackers`); with TRACEHUB_REQUIRED_TRACKERS, checked before anything runs. */
  required_trackers?: string[];
  cache: { enabled: boolean; dir: string | null };
  group_by: string[];
  link: { retrieval_version: string | null; evaluation_profile: string | null };
  /** A run to compare with (results dir, experiment name or server run id); null = none. */
  baseline: string | null;
  /** Minimum mean score per metric (`score` = the overall score); the run fails below them. */
  thresholds: Record<string, number>;
  /** Where results/<name>/ is written. */
  out_dir: string;
  /** Language of report.md and report.xlsx; absent = English (the CLI sets it from --report-lang or the locale). */
  report_lang?: ReportLang;
}

/**
 * The settings `--resume` may change: how the rest of the run proceeds (items in flight, the response
 * cache, the CI gate, the report language, the k values of pass@k), never what it evaluates (dataset, prompt, model, judge,
 * evaluators, repetitions, trackers …), which stay as config/run_config.json recorded them.
 */
export const RESUMABLE_SETTINGS = ['concurrency', 'cache', 'baseline', 'thresholds', 'report_lang', 'pass_at_k'] as const;

/** The spec a resumed run uses: the stored one, with the resumable settings of `requested`. */
export function resumedSpec(stored: RunSpec, requested: Pick<RunSpec, (typeof RESUMABLE_SETTINGS)[number]>): RunSpec {
  return {
    ...stored,
    concurrency: requested.concurrency || stored.concurrency,
    cache: requested.cache,
    baseline: requested.baseline,
    thresholds: requested.thresholds,
    ...(requested.report_lang ? { report_lang: requested.report_lang } : {}),
    ...(requested.pass_at_k?.length ? { pass_at_k: requested.pass_at_k } : {}),
  };
}

/** A new run id: UTC time and 8 random hex characters, e.g. `20260207T100000Z-1a2b3c4d`. */
export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${randomBytes(4).toString('hex')}`;
}

/** Turns text into a safe directory name (letters, digits, `_`, `-`, `.`; Korean kept). */
export function safeName(text: string): string {
  const cleaned = text.normalize('NFC').replace(/[^\p{L}\p{N}_.-]+/gu, '-').replace(/^[-.]+|-+$/g, '');
  return cleaned.slice(0, 120) || 'experiment';
}
