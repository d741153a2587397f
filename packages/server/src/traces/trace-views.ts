/** Row → API view conversions for traces, spans, events and evals. */
import { microsToIso, microsToIsoOrNull, type EvalView, type SpanEventView, type SpanView, type TraceView } from '@tracehub/core';
import type { EvalRow, SpanEventRow, SpanRow, TraceRow } from '../storage/rows.js';

const parse = (text: string | null): unknown => (text == null ? null : JSON.parse(text));

/** A trace as the API shows it. */
export function traceView(t: TraceRow): TraceView {
  return {
    trace_id: t.trace_id,
    name: t.name,
    status: t.status,
    start_time: microsToIso(t.start_time),
    end_time: microsToIsoOrNull(t.end_time ?? (t.latency_ms != null ? t.last_span_end : null)),
    latency_ms: t.latency_ms,
    model: t.model,
    environment: t.environment,
    user_id: t.user_id,
    session_id: t.session_id,
    input_text: t.input_text,
    output_text: t.output_text,
    attributes: parse(t.attributes) as Record<string, unknown>,
    tags: parse(t.tags) as string[],
    release: t.release,
    version: t.version,
    user_review_passed: t.user_review_passed,
    decision: parse(t.decision) as Record<string, unknown> | null,
    span_count: t.span_count,
    open_span_count: t.open_span_count,
    error_span_count: t.error_span_count,
    has_open_spans: t.open_span_count > 0,
    completion_rate: completionRate(t),
    input_tokens: t.input_tokens,
    output_tokens: t.output_tokens,
    total_tokens: t.total_tokens,
    cost: t.cost,
    unpriced_span_count: t.unpriced_span_count,
    cost_complete: t.unpriced_span_count === 0,
    created_at: microsToIso(t.created_at),
    updated_at: microsToIso(t.updated_at),
  };
}

/** Closed spans / all spans; 1 for a trace without spans. */
export function completionRate(t: TraceRow): number {
  return t.span_count === 0 ? 1 : Math.round(((t.span_count - t.open_span_count) / t.span_count) * 10_000) / 10_000;
}

/** The price table's input/output split of a span's cost (trace-query-service.ts answers it in the detail). */
export type CostSplit = (model: string | null, usage: { input_tokens: number | null; output_tokens: number | null; cached_input_tokens: number | null }) =>
  { input: number; output: number } | null;

/** A span's current view; with `split`, its input and output cost where the price table knows the model. */
export function spanView(s: SpanRow, split?: CostSplit): SpanView {
  const parts = split?.(s.model, s);
  return {
    span_id: s.span_id,
    trace_id: s.trace_id,
    parent_span_id: s.parent_span_id,
    name: s.name,
    span_type: s.span_type,
    status: s.status,
    start_time: microsToIso(s.start_time),
    end_time: microsToIsoOrNull(s.end_time),
    latency_ms: s.end_time != null ? Math.max(0, (s.end_time - s.start_time) / 1000) : null,
    model: s.model,
    input: parse(s.input),
    output: parse(s.output),
    attributes: parse(s.attributes) as Record<string, unknown>,
    input_tokens: s.input_tokens,
    output_tokens: s.output_tokens,
    total_tokens: s.total_tokens,
    cached_input_tokens: s.cached_input_tokens,
    cost: s.cost,
    ...(split ? { input_cost: parts?.input ?? null, output_cost: parts?.output ?? null } : {}),
    level: s.level,
    status_message: s.status_message,
    idempotency_key: s.idempotency_key,
  };
}

/** A stored span event. */
export function eventView(e: SpanEventRow): SpanEventView {
  return {
    event_id: String(e.event_id),
    trace_id: e.trace_id,
    span_id: e.span_id,
    event_type: e.event_type,
    event_time: microsToIso(e.event_time),
    payload: parse(e.payload) as Record<string, unknown>,
    idempotency_key: e.idempotency_key,
  };
}

/** A stored evaluation result. */
export function evalView(e: EvalRow): EvalView {
  return {
    eval_id: e.eval_id,
    trace_id: e.trace_id,
    span_id: e.span_id,
    eval_name: e.eval_name,
    eval_model: e.eval_model,
    score: e.score,
    passed: e.passed,
    label: e.label,
    comment: parse(e.comment),
    metadata: parse(e.metadata) as Record<string, unknown>,
    source: e.source,
    user_review_passed: e.user_review_passed,
    eval_time: microsToIso(e.eval_time),
    idempotency_key: e.idempotency_key,
  };
}
