/** The data an experiment run works on and produces: snapshots, model settings and per-item records. */
import type { ChatMessage, ExperimentScore } from '@tracehub/core';

/** One dataset item as the runner sees it. */
export interface DatasetItem {
  id: string;
  /** The prompt's variables (an object), or any JSON the prompt is rendered with as `{input}`. */
  input: unknown;
  /** expected.json entry (`{keywords, forbidden, reference}`) or any expected output. */
  expected: unknown;
  metadata: Record<string, unknown>;
}

/** An immutable copy of the dataset version a run used. */
export interface DatasetSnapshot {
  name: string;
  /** Server version number as text, or `local-<sha12>` for the local layout. */
  version: string;
  /** sha256 of the canonical JSON of the items. */
  sha256: string;
  source: 'server' | 'local';
  items: DatasetItem[];
}

/** An immutable copy of the prompt version a run used. */
export interface PromptSnapshot {
  name: string;
  /** Server version number as text, or `local-<sha12>`. */
  version: string;
  /** The label asked for, when the version was chosen by label. */
  label: string | null;
  type: 'text' | 'chat';
  template_format: 'fstring' | 'mustache';
  prompt: string | ChatMessage[];
  /** Model parameters stored with the prompt (model, temperature, max_tokens …). */
  config: Record<string, unknown>;
  content_hash: string;
  source: 'server' | 'local';
}

/** Which model to call and how. API keys are never part of it (they come from the environment). */
export interface ModelConfig {
  /** `openai` (any OpenAI-compatible endpoint), `offline`, or an alias such as `ollama`. */
  provider: string;
  model: string;
  model_version: string | null;
  base_url: string | null;
  /** Sampling parameters sent with every call (temperature, max_tokens, top_p, seed, stop …). */
  parameters: Record<string, unknown>;
}

/** The link keys of seed 004 that tie a run to its inputs. */
export interface LinkKeys {
  dataset_name: string;
  dataset_version: string;
  model_name: string;
  model_version: string | null;
  prompt_version: string;
  retrieval_version: string | null;
  evaluation_profile: string | null;
  git_commit: string | null;
  git_branch: string | null;
  pipeline_version: string;
}

/** Token counts of one model call. */
export interface TokenCounts {
  input_tokens: number | null;
  output_tokens: number | null;
  cached_input_tokens?: number | null;
}

/** One finished item (dataset item × repetition): a line of items.jsonl. */
export interface ItemRecord {
  run_id: string;
  /** `<item_id>` or `<item_id>#<repetition>` when the run repeats items. */
  key: string;
  item_id: string;
  repetition: number;
  trace_id: string | null;
  status: 'ok' | 'error';
  passed: boolean;
  /** Weighted mean of the evaluator scores (errors count 0, skipped ones are left out). */
  score: number | null;
  scores: Record<string, ExperimentScore>;
  input: unknown;
  messages: ChatMessage[] | null;
  output: string | null;
  expected: unknown;
  metadata: Record<string, unknown>;
  latency_ms: number | null;
  cost: number | null;
  input_tokens: number | null;
  output_tokens: number | null;
  /** Cost of judge calls made while scoring the item. */
  eval_cost: number | null;
  cached: boolean;
  error: string | null;
  started_at: string;
  finished_at: string;
}

/** How many items a run has seen so far, for progress bars. */
export interface RunProgress {
  total: number;
  done: number;
  passed: number;
  failed: number;
  errors: number;
  /** Items already finished before this process started (resume). */
  skipped: number;
  cost: number;
  startedAt: number;
}
