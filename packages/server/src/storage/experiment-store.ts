/** The storage seam of experiments: a run with its link keys and summary, and its items with per-item scores. */

/** One run. JSON columns travel as JSON text. */
export interface ExperimentRow {
  project_id: string;
  run_id: string;
  name: string;
  status: string;
  dataset_name: string;
  dataset_version: string | null;
  dataset_sha256: string | null;
  model_name: string;
  model_version: string | null;
  provider: string | null;
  prompt_name: string | null;
  prompt_version: string | null;
  retrieval_version: string | null;
  evaluation_profile: string | null;
  git_commit: string | null;
  git_branch: string | null;
  pipeline_version: string | null;
  /** Microseconds. */
  started_at: number | null;
  finished_at: number | null;
  /** JSON text. */
  summary: string;
  /** JSON text (metrics.json). */
  metrics: string;
  /** JSON text (run config). */
  config: string;
  created_at: number;
  updated_at: number;
}

/** One item (dataset item × repetition) of a run; `item_key` is unique within the run. */
export interface ExperimentItemRow {
  project_id: string;
  run_id: string;
  item_key: string;
  item_id: string;
  repetition: number;
  trace_id: string | null;
  status: string;
  /** 1 or 0. */
  passed: number;
  score: number | null;
  /** JSON text: evaluator name → score. */
  scores: string;
  /** JSON text or null. */
  input: string | null;
  output: string | null;
  /** JSON text or null. */
  expected: string | null;
  /** JSON text. */
  metadata: string;
  latency_ms: number | null;
  cost: number | null;
  input_tokens: number | null;
  output_tokens: number | null;
  error: string | null;
  updated_at: number;
  /** Order of first arrival within the run (assigned by the store; ignored on write). */
  position: number;
}

/** A run with the number of items stored for it. */
export type ExperimentSummaryRow = ExperimentRow & { item_count: number };

/** Filters of the run list. */
export interface ExperimentFilter {
  name?: string;
  dataset_name?: string;
  prompt_name?: string;
  model_name?: string;
  status?: string;
  limit: number;
  offset: number;
}

/** Experiment runs and their items. */
export interface ExperimentStore {
  /**
   * Creates or updates the run (keeping its created_at) and adds or replaces items by key, in one
   * transaction. Answers whether the run was new.
   */
  upsert(run: ExperimentRow, items: ExperimentItemRow[]): Promise<{ created: boolean }>;
  /** Runs, newest first. */
  list(projectId: string, filter: ExperimentFilter): Promise<{ rows: ExperimentSummaryRow[]; total: number }>;
  get(projectId: string, runId: string): Promise<ExperimentSummaryRow | null>;
  /** The run's items, in the order they were first stored (`position`). */
  items(projectId: string, runId: string): Promise<ExperimentItemRow[]>;
  /** Deletes a run with its items, in one transaction; answers false when the project has no such run. */
  remove(projectId: string, runId: string): Promise<boolean>;
}
