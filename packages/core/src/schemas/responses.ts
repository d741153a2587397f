import { z } from 'zod';
import { decisionViewSchema, judgeRunViewSchema } from '../policy/decision-responses.js';

const time = z.string();
const nullableTime = z.string().nullable();
const nullableNumber = z.number().nullable();

/** A trace as the list and detail endpoints show it. */
export const traceViewSchema = z.object({
  trace_id: z.string(),
  name: z.string().nullable(),
  status: z.string(),
  start_time: time,
  end_time: nullableTime,
  latency_ms: nullableNumber,
  model: z.string().nullable(),
  environment: z.string().nullable(),
  user_id: z.string().nullable(),
  session_id: z.string().nullable(),
  input_text: z.string().nullable(),
  output_text: z.string().nullable(),
  attributes: z.record(z.string(), z.unknown()),
  tags: z.array(z.string()),
  release: z.string().nullable(),
  version: z.string().nullable(),
  user_review_passed: z.boolean().nullable(),
  decision: z.record(z.string(), z.unknown()).nullable(),
  span_count: z.number(),
  open_span_count: z.number(),
  error_span_count: z.number(),
  has_open_spans: z.boolean(),
  completion_rate: z.number(),
  input_tokens: z.number(),
  output_tokens: z.number(),
  total_tokens: z.number(),
  /** USD of the priced spans; a lower bound when `cost_complete` is false. */
  cost: z.number(),
  /** Spans whose tokens count toward the trace but whose model has no price (their cost is unknown). */
  unpriced_span_count: z.number(),
  /** False when some counted span has tokens but no cost: the trace's cost is then unknown or partial. */
  cost_complete: z.boolean(),
  created_at: time,
  updated_at: time,
});
export type TraceView = z.infer<typeof traceViewSchema>;

/** One evaluation name's scores on a trace, as the trace list answers them. */
export const traceScoreSummarySchema = z.object({
  name: z.string(),
  /** Mean of the numeric scores; null when none of them has a score. */
  avg: nullableNumber,
  count: z.number(),
  passed: z.number(),
  failed: z.number(),
});
export type TraceScoreSummary = z.infer<typeof traceScoreSummarySchema>;

/** A trace list row: the trace and its scores by evaluation name. */
export const traceListItemSchema = traceViewSchema.extend({ scores: z.array(traceScoreSummarySchema) });
export type TraceListItem = z.infer<typeof traceListItemSchema>;

/** A span's current view (original plus every amendment merged). */
export const spanViewSchema = z.object({
  span_id: z.string(),
  trace_id: z.string(),
  parent_span_id: z.string().nullable(),
  name: z.string(),
  span_type: z.string(),
  status: z.string(),
  start_time: time,
  end_time: nullableTime,
  latency_ms: nullableNumber,
  model: z.string().nullable(),
  input: z.unknown(),
  output: z.unknown(),
  attributes: z.record(z.string(), z.unknown()),
  input_tokens: nullableNumber,
  output_tokens: nullableNumber,
  total_tokens: nullableNumber,
  cached_input_tokens: nullableNumber,
  /** USD; null when the model has no price (unknown, not free). */
  cost: nullableNumber,
  /** Input and output parts of the cost from the server's price table; null when it does not know the model. */
  input_cost: nullableNumber.optional(),
  output_cost: nullableNumber.optional(),
  level: z.string(),
  status_message: z.string().nullable(),
  idempotency_key: z.string().nullable(),
});
export type SpanView = z.infer<typeof spanViewSchema>;

/**
 * A span with its children, as the detail endpoint nests them; `depth` is the true depth (0 = root).
 * `children` nest at most MAX_TREE_NESTING levels: deeper spans are listed depth-first among the
 * children of their ancestor at the last nested level (see span-tree.ts).
 */
export type SpanTreeNode = SpanView & { depth: number; children: SpanTreeNode[] };

/** One stored span event. */
export const spanEventViewSchema = z.object({
  event_id: z.string(),
  trace_id: z.string(),
  span_id: z.string().nullable(),
  event_type: z.string(),
  event_time: time,
  payload: z.record(z.string(), z.unknown()),
  idempotency_key: z.string().nullable(),
});
export type SpanEventView = z.infer<typeof spanEventViewSchema>;

/** One stored evaluation result. */
export const evalViewSchema = z.object({
  eval_id: z.string(),
  trace_id: z.string(),
  span_id: z.string().nullable(),
  eval_name: z.string(),
  eval_model: z.string().nullable(),
  score: nullableNumber,
  passed: z.boolean().nullable(),
  label: z.string().nullable(),
  comment: z.unknown(),
  metadata: z.record(z.string(), z.unknown()),
  source: z.string(),
  user_review_passed: z.boolean().nullable(),
  eval_time: time,
  idempotency_key: z.string().nullable(),
});
export type EvalView = z.infer<typeof evalViewSchema>;

/**
 * A search (`search=`) counts at most this many matching traces (or up to the end of the requested
 * page, if further): counting every match of a common term would recheck each one.
 */
export const TRACE_SEARCH_TOTAL_CAP = 1000;

/** `GET /traces` answer; `total_is_lower_bound`: a search had more matches than it counted, so there are more than `total`. */
export const traceListResponseSchema = z.object({
  items: z.array(traceListItemSchema),
  page: z.number(),
  page_size: z.number(),
  total: z.number(),
  total_is_lower_bound: z.boolean().describe('True when a search had more matches than it counted: there are more than `total`.'),
});
export type TraceListResponse = z.infer<typeof traceListResponseSchema>;

/** One entry of a trace's timeline: a span start or end (`span_start`, `span_end`), or a stored event (`event`, with its id). */
export const timelineEntrySchema = z.object({
  time: time,
  kind: z.string(),
  span_id: z.string().nullable(),
  name: z.string().nullable(),
  event_type: z.string().nullable(),
  payload: z.unknown().optional(),
  event_id: z.string().optional(),
});
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

/** An amendment as the detail endpoint shows it: the patch in order, per span. */
export const amendmentViewSchema = z.object({
  span_id: z.string(),
  event_id: z.string(),
  event_time: time,
  patch: z.record(z.string(), z.unknown()),
  idempotency_key: z.string().nullable(),
});
export type AmendmentView = z.infer<typeof amendmentViewSchema>;

/** An amendment in the trace detail, with the span view before the first amendment and now. */
export const traceAmendmentSchema = amendmentViewSchema.extend({
  original: z.record(z.string(), z.unknown()),
  merged: z.record(z.string(), z.unknown()),
});
export type TraceAmendment = z.infer<typeof traceAmendmentSchema>;

/** `GET /traces/{trace_id}` answer. */
export const traceDetailSchema = z.object({
  trace: traceViewSchema,
  spans: z.array(z.unknown()),
  span_count: z.number(),
  timeline: z.array(timelineEntrySchema),
  evals: z.array(evalViewSchema),
  amendments: z.array(traceAmendmentSchema),
  decisions: z.array(decisionViewSchema),
  judge_runs: z.array(judgeRunViewSchema),
  has_open_spans: z.boolean(),
  completion_rate: z.number(),
});
/** The trace detail; `spans` is the span tree (the schema leaves its nodes unchecked, the tree nests up to 100 levels). */
export type TraceDetail = Omit<z.infer<typeof traceDetailSchema>, 'spans'> & { spans: SpanTreeNode[] };

const percentiles = z.object({ p50: nullableNumber, p90: nullableNumber, p95: nullableNumber, p99: nullableNumber });

/** `GET /traces/stats/overview` answer. */
/**
 * Every trace-level figure (traces, latency, tokens, cost, decisions, evals) counts the traces that
 * started in the window, and the decisions and evaluations of those traces, under the same filters.
 */
export const statsOverviewSchema = z.object({
  window: z.object({ from: time, to: time, last_hours: z.number(), bucket_seconds: z.number() }),
  filters: z.object({
    environment: z.string().nullable(),
    name: z.string().nullable(),
    include_experiments: z.boolean(),
    /** False when the span figures (spans, models, span types, LangGraph runs) cover every trace name: their rollups follow the environment and experiment filters but have no trace name. */
    span_figures_filtered: z.boolean(),
  }),
  /** Traces under the same filters that started outside the window, and the latest start of any of them. */
  outside: z.object({ before: z.number(), after: z.number(), latest: time.nullable() }),
  traces: z.object({
    total: z.number(),
    success: z.number(),
    error: z.number(),
    running: z.number(),
    error_rate: z.number(),
    open_span_traces: z.number(),
  }),
  latency_ms: percentiles,
  tokens: z.object({ input: z.number(), output: z.number(), total: z.number() }),
  /** `unpriced_traces`: traces whose spans include usage without a price, so `total` is a lower bound. */
  cost: z.object({ total: z.number(), unpriced_traces: z.number() }),
  spans: z.object({
    total: z.number(),
    error: z.number(),
    by_type: z.array(z.object({ span_type: z.string(), spans: z.number(), errors: z.number() })),
  }),
  /** LangGraph runs in the window (spans of type `graph`). */
  langgraph_runs: z.number(),
  models: z.array(
    z.object({
      model: z.string(),
      spans: z.number(),
      errors: z.number(),
      input_tokens: z.number(),
      output_tokens: z.number(),
      total_tokens: z.number(),
      /** Null when the model has no price and no span brought its own cost: unknown, not $0. */
      cost: nullableNumber,
      latency_ms: percentiles,
    }),
  ),
  decisions: z.object({ total: z.number(), by_action: z.record(z.string(), z.number()) }),
  evals: z.object({ total: z.number(), passed: z.number(), failed: z.number(), pass_rate: nullableNumber }),
  timeseries: z.array(
    z.object({
      bucket_start: time,
      traces: z.number(),
      errors: z.number(),
      spans: z.number(),
      total_tokens: z.number(),
      cost: z.number(),
      latency_p95_ms: nullableNumber,
    }),
  ),
});
export type StatsOverview = z.infer<typeof statsOverviewSchema>;

/** One conversation as `GET /sessions` lists it. */
export const sessionViewSchema = z.object({
  session_id: z.string(),
  trace_count: z.number(),
  first_time: time,
  last_time: time,
  /** The session's first users, in order of their first trace (at most 10); `user_count` counts every one. */
  user_ids: z.array(z.string()),
  user_count: z.number(),
  error_count: z.number(),
  total_tokens: z.number(),
  cost: z.number(),
  /** Spans of the session's traces with tokens but no price: `cost` is then a lower bound (or unknown at 0). */
  unpriced_span_count: z.number(),
});
export type SessionView = z.infer<typeof sessionViewSchema>;

/** `GET /sessions` answer. */
export const sessionListResponseSchema = z.object({
  items: z.array(sessionViewSchema),
  page: z.number(),
  page_size: z.number(),
  total: z.number(),
});
export type SessionListResponse = z.infer<typeof sessionListResponseSchema>;

/** `GET /sessions/{session_id}` answer: the conversation's traces in order (at most 1,000). */
export const sessionDetailSchema = z.object({
  session_id: z.string(),
  trace_count: z.number(),
  first_time: time,
  last_time: time,
  user_ids: z.array(z.string()),
  total_tokens: z.number(),
  cost: z.number(),
  unpriced_span_count: z.number(),
  traces: z.array(traceViewSchema),
});
export type SessionDetail = z.infer<typeof sessionDetailSchema>;
