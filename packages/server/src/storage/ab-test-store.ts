/** The storage seam of A/B tests: their definitions, and bounded reads of the traces and evaluations attributed to them. */

/** One test. `definition` is JSON text (variants, metrics, unit, salt, window; docs/ab-tests.md). */
export interface AbTestRow {
  project_id: string;
  test_id: string;
  name: string;
  definition: string;
  created_at: number;
  updated_at: number;
}

/** A trace attributed to a test (trace attributes `ab.test_id` and `ab.variant`). */
export interface AbTraceRow {
  trace_id: string;
  variant: string | null;
  session_id: string | null;
  user_id: string | null;
  status: string;
  latency_ms: number | null;
  total_tokens: number | null;
  cost: number | null;
  user_review_passed: boolean | null;
  decision_action: string | null;
}

/** An evaluation of such a trace. */
export interface AbEvalRow {
  trace_id: string;
  eval_name: string;
  score: number | null;
  passed: boolean | null;
}

/** Which traces of a test to read: started in [from, to) (microseconds), the newest `limit`. */
export interface AbTraceWindow {
  from?: number;
  to?: number;
  limit: number;
}

export interface AbTestStore {
  /** Creates a test; `conflict` when the project already has a test of that name. */
  create(row: AbTestRow): Promise<'created' | 'conflict'>;
  /** The project's tests, newest first. */
  list(projectId: string): Promise<AbTestRow[]>;
  /** A test by id, else by name. */
  get(projectId: string, idOrName: string): Promise<AbTestRow | null>;
  /** The traces attributed to the test in the window, newest first; `truncated` when more matched than `limit`. */
  traces(projectId: string, testId: string, window: AbTraceWindow): Promise<{ rows: AbTraceRow[]; truncated: boolean }>;
  /** The evaluations of the given traces (at most `limit`). */
  evals(projectId: string, traceIds: readonly string[], limit: number): Promise<AbEvalRow[]>;
}
