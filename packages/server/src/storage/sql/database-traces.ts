/**
 * The trace tables (and rollup views) as Kysely table types; sql/database.ts combines them with
 * the product tables into `Database`. Times are integer microseconds, JSON is text, booleans are `Flag`.
 */
import type { Generated } from 'kysely';
import type {
  EvalRow, LatencyRollupDelta, SpanEventRow, SpanRollupDelta, SpanRow, SpanTypeRollupDelta, TraceRollupDelta, TraceRow,
} from '../rows.js';

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

/** A stored row type whose columns `K` have a DEFAULT (optional on insert). */
export type WithDefaults<Row, K extends keyof Row> = Omit<Row, K> & { [C in K]: Generated<Row[C]> };

/** A row type with its boolean columns `F` as the backends store them (`Flag`). */
export type WithFlags<Row, F extends keyof Row> = Omit<Row, F> & { [C in F]: null extends Row[C] ? Flag | null : Flag };

/** traces: the TraceRow of rows.ts; `attributes`, `tags`, `decision` are JSON text, `status` plain text. */
export type TracesTable = WithDefaults<
  WithFlags<Omit<TraceRow, 'status'> & { status: string }, 'status_set' | 'user_review_passed'>,
  'status_set' | 'attributes' | 'tags' | 'span_count' | 'open_span_count' | 'error_span_count' | 'input_tokens'
  | 'output_tokens' | 'total_tokens' | 'cost' | 'unpriced_span_count' | 'set_fields'
>;

/** spans: the SpanRow of rows.ts; `attributes` is JSON text, `status` plain text. */
export type SpansTable = WithDefaults<Omit<SpanRow, 'status'> & { status: string }, 'attributes' | 'level'>;

/** span_events: the SpanEventRow of rows.ts with the store-assigned id; `payload` is JSON text. */
export type SpanEventsTable = Omit<SpanEventRow, 'event_id'> & { event_id: Generated<number> };

/** evaluations: the EvalRow of rows.ts; `comment` and `metadata` are JSON text. */
export type EvaluationsTable = WithDefaults<WithFlags<EvalRow, 'passed' | 'user_review_passed'>, 'metadata'>;

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
