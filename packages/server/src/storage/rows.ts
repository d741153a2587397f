/**
 * Row shapes shared by every storage backend. Times are integer microseconds since the epoch;
 * JSON-valued columns travel as JSON text so a row can be copied without parsing large payloads.
 */
import type { Status } from '@tracehub/core';

/** A trace with its derived aggregates, kept current in the ingest transaction. */
export interface TraceRow {
  project_id: string;
  trace_id: string;
  name: string | null;
  status: Status;
  /** True once a client set the status; otherwise it is derived from the spans. */
  status_set: boolean;
  start_time: number;
  end_time: number | null;
  model: string | null;
  environment: string | null;
  user_id: string | null;
  session_id: string | null;
  input_text: string | null;
  output_text: string | null;
  attributes: string;
  tags: string;
  release: string | null;
  version: string | null;
  user_review_passed: boolean | null;
  decision: string | null;
  decision_action: string | null;
  span_count: number;
  open_span_count: number;
  error_span_count: number;
  input_tokens: number;
  output_tokens: number;
  total_tokens: number;
  cost: number;
  /** Counted spans that report tokens but no cost (a model without a price): `cost` is then a lower bound. */
  unpriced_span_count: number;
  last_span_end: number | null;
  latency_ms: number | null;
  /** The span the derived fields come from (docs/otlp-mapping.md#trace); null until a span arrives. */
  root_span_id: string | null;
  /** JSON array of the derivable fields a client set itself; those are never derived from the root. */
  set_fields: string;
  created_at: number;
  updated_at: number;
}

/** A span's current view: the original plus every event applied. */
export interface SpanRow {
  project_id: string;
  trace_id: string;
  span_id: string;
  parent_span_id: string | null;
  name: string;
  span_type: string;
  status: Status;
  start_time: number;
  end_time: number | null;
  model: string | null;
  input: string | null;
  output: string | null;
  attributes: string;
  input_tokens: number | null;
  output_tokens: number | null;
  total_tokens: number | null;
  cached_input_tokens: number | null;
  cost: number | null;
  level: string;
  status_message: string | null;
  idempotency_key: string | null;
  /** The view just before the first AMENDMENT (JSON text), null when never amended. */
  original: string | null;
  created_at: number;
  updated_at: number;
}

/**
 * What finding a trace's root and counting its usage need to know about a span, without its
 * payloads (IngestTx.getSpanLinks).
 */
export type SpanLink = Pick<SpanRow,
  'project_id' | 'trace_id' | 'span_id' | 'parent_span_id' | 'span_type' | 'status' | 'start_time' | 'end_time' | 'model'
  | 'input_tokens' | 'output_tokens' | 'total_tokens' | 'cost'>;

/** One append-only span event; `event_id` is assigned by the store. */
export interface SpanEventRow {
  event_id?: string;
  project_id: string;
  trace_id: string;
  span_id: string | null;
  event_type: string;
  event_time: number;
  payload: string;
  idempotency_key: string | null;
  created_at: number;
}

/** One evaluation result. */
export interface EvalRow {
  project_id: string;
  eval_id: string;
  trace_id: string;
  span_id: string | null;
  eval_name: string;
  eval_model: string | null;
  score: number | null;
  passed: boolean | null;
  label: string | null;
  comment: string | null;
  metadata: string;
  source: string;
  user_review_passed: boolean | null;
  eval_time: number;
  idempotency_key: string | null;
  created_at: number;
}

/** Additive per-minute counters for traces, keyed by minute, environment and model ('' = none). */
export interface TraceRollupDelta {
  project_id: string;
  bucket: number;
  environment: string;
  model: string;
  traces: number;
  success: number;
  errors: number;
  running: number;
  open_span_traces: number;
  input_tokens: number;
  output_tokens: number;
  total_tokens: number;
  cost: number;
}

/**
 * Additive per-minute counters for spans, keyed by minute, their trace's environment and model
 * ('' = none).
 */
export interface SpanRollupDelta {
  project_id: string;
  bucket: number;
  environment: string;
  model: string;
  spans: number;
  errors: number;
  input_tokens: number;
  output_tokens: number;
  total_tokens: number;
  cost: number;
}

/**
 * Additive latency histogram counts; `series` is `trace:<environment>` or `span:<model>`, and
 * `environment` is the (span's) trace's environment.
 */
export interface LatencyRollupDelta {
  project_id: string;
  bucket: number;
  environment: string;
  series: string;
  lat_bucket: number;
  count: number;
}

/** Additive per-minute span counts by trace environment and span type (LangGraph runs are the `graph` spans). */
export interface SpanTypeRollupDelta {
  project_id: string;
  bucket: number;
  environment: string;
  span_type: string;
  spans: number;
  errors: number;
}

/** Everything one ingest transaction adds to the rollups. */
export interface RollupDeltas {
  traces: TraceRollupDelta[];
  spans: SpanRollupDelta[];
  latency: LatencyRollupDelta[];
  /** Optional so callers that only touch the other series may leave it out. */
  spanTypes?: SpanTypeRollupDelta[];
}

/** A project (tenant). */
export interface ProjectRow {
  project_id: string;
  name: string;
  created_at: number;
}

/** An API key; only its sha256 hash is stored. */
export interface ApiKeyRow {
  key_id: string;
  project_id: string;
  name: string;
  key_hash: string;
  key_prefix: string;
  scopes: string[];
  created_at: number;
  revoked_at: number | null;
}
