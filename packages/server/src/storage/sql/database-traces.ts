/**
 * The trace tables (and rollup views) as Kysely table types; sql/database.ts combines them with
 * the product tables into `Database`. Times are integer microseconds, JSON is text, booleans are `Flag`.
 */
import type { Generated } from 'kysely';
import type { LatencyRollupDelta, SpanRollupDelta, SpanTypeRollupDelta, TraceRollupDelta } from '../rows.js';

/** A boolean column as the backends give it: 0/1 (SQLite INTEGER) or true/false (PostgreSQL BOOLEAN). */
export type Flag = number | boolean;

/** projects */
export interface ProjectsTable {
  project_id: string;
  name: string;
  created_at: number;
}

/** api_keys; `scopes` is JSON text. */
export interface ApiKeysTable {
  key_id: string;
  project_id: string;
  name: string;
  key_hash: string;
  key_prefix: string;
  scopes: string;
  created_at: number;
  revoked_at: number | null;
}

/** traces: one row per trace with its aggregates; `attributes`, `tags`, `decision` are JSON text. */
export interface TracesTable {
  project_id: string;
  trace_id: string;
  name: string | null;
  status: string;
  status_set: Generated<Flag>;
  start_time: number;
  end_time: number | null;
  model: string | null;
  environment: string | null;
  user_id: string | null;
  session_id: string | null;
  input_text: string | null;
  output_text: string | null;
  attributes: Generated<string>;
  tags: Generated<string>;
  release: string | null;
  version: string | null;
  user_review_passed: Flag | null;
  decision: string | null;
  decision_action: string | null;
  span_count: Generated<number>;
  open_span_count: Generated<number>;
  error_span_count: Generated<number>;
  input_tokens: Generated<number>;
  output_tokens: Generated<number>;
  total_tokens: Generated<number>;
  cost: Generated<number>;
  last_span_end: number | null;
  latency_ms: number | null;
  root_span_id: string | null;
  set_fields: Generated<string>;
  created_at: number;
  updated_at: number;
}

/** spans; `attributes` is JSON text. */
export interface SpansTable {
  project_id: string;
  trace_id: string;
  span_id: string;
  parent_span_id: string | null;
  name: string;
  span_type: string;
  status: string;
  start_time: number;
  end_time: number | null;
  model: string | null;
  input: string | null;
  output: string | null;
  attributes: Generated<string>;
  input_tokens: number | null;
  output_tokens: number | null;
  total_tokens: number | null;
  cached_input_tokens: number | null;
  cost: number | null;
  level: Generated<string>;
  status_message: string | null;
  idempotency_key: string | null;
  original: string | null;
  created_at: number;
  updated_at: number;
}

/** span_events; `payload` is JSON text. */
export interface SpanEventsTable {
  event_id: Generated<number>;
  project_id: string;
  trace_id: string;
  span_id: string | null;
  event_type: string;
  event_time: number;
  payload: string;
  idempotency_key: string | null;
  created_at: number;
}

/** evaluations; `comment` and `metadata` are JSON text. */
export interface EvaluationsTable {
  eval_id: string;
  project_id: string;
  trace_id: string;
  span_id: string | null;
  eval_name: string;
  eval_model: string | null;
  score: number | null;
  passed: Flag | null;
  label: string | null;
  comment: string | null;
  metadata: Generated<string>;
  source: string;
  user_review_passed: Flag | null;
  eval_time: number;
  idempotency_key: string | null;
  created_at: number;
}

/** idempotency_keys */
export interface IdempotencyKeysTable {
  project_id: string;
  key: string;
  created_at: number;
}

// Each rollup table holds exactly the deltas ingestion adds (storage/rows.ts): one description.
/** rollup_traces (SQLite table; PostgreSQL view over `_base` and `_pending`). */
export type RollupTracesTable = TraceRollupDelta;
/** rollup_spans (SQLite table; PostgreSQL view over `_base` and `_pending`). */
export type RollupSpansTable = SpanRollupDelta;
/** rollup_latency (SQLite table; PostgreSQL view over `_base` and `_pending`). */
export type RollupLatencyTable = LatencyRollupDelta;
/** rollup_span_types (SQLite table; PostgreSQL view over `_base` and `_pending`). */
export type RollupSpanTypesTable = SpanTypeRollupDelta;

/** The tables behind the rollups; the `_base`/`_pending` ones exist on PostgreSQL only. */
export interface RollupTables {
  rollup_traces: RollupTracesTable;
  rollup_traces_base: RollupTracesTable;
  rollup_traces_pending: RollupTracesTable;
  rollup_spans: RollupSpansTable;
  rollup_spans_base: RollupSpansTable;
  rollup_spans_pending: RollupSpansTable;
  rollup_latency: RollupLatencyTable;
  rollup_latency_base: RollupLatencyTable;
  rollup_latency_pending: RollupLatencyTable;
  rollup_span_types: RollupSpanTypesTable;
  rollup_span_types_base: RollupSpanTypesTable;
  rollup_span_types_pending: RollupSpanTypesTable;
}
