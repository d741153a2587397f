/** A trace's row: merging client fields and keeping the span aggregates current. Pure functions. */
import { mergePatch, type TraceInput } from '@tracehub/core';
import type { SpanRow, TraceRow } from '../storage/rows.js';

/** A trace that does not exist yet; status is derived from its spans until a client sets one. */
export function newTrace(projectId: string, traceId: string, startTime: number, now: number): TraceRow {
  return {
    project_id: projectId, trace_id: traceId, name: null, status: 'running', status_set: false, start_time: startTime,
    end_time: null, model: null, environment: null, user_id: null, session_id: null, input_text: null, output_text: null,
    attributes: '{}', tags: '[]', release: null, version: null, user_review_passed: null, decision: null,
    decision_action: null, span_count: 0, open_span_count: 0, error_span_count: 0, input_tokens: 0, output_tokens: 0,
    total_tokens: 0, cost: 0, unpriced_span_count: 0, last_span_end: null, latency_ms: null, root_span_id: null, set_fields: '[]', created_at: now,
    updated_at: now,
  };
}

/** Trace fields derived from the root span (ingest/trace-fold.ts) unless a client sets them. */
export const DERIVED_FIELDS = ['name', 'input_text', 'output_text', 'start_time', 'model'] as const;

/**
 * Applies client-sent trace fields: sent fields replace, attributes deep-merge, tags union. A
 * derivable field sent with a value is remembered as client-set; sent as null, it stays derivable.
 */
export function applyTraceInput(trace: TraceRow, input: TraceInput): TraceRow {
  const t: TraceRow = { ...trace };
  const set = <K extends keyof TraceRow & keyof TraceInput>(key: K) => {
    if (input[key] !== undefined) (t as unknown as Record<string, unknown>)[key] = input[key];
  };
  for (const key of ['name', 'start_time', 'end_time', 'model', 'environment', 'user_id', 'session_id', 'input_text',
    'output_text', 'release', 'version', 'user_review_passed'] as const) set(key);
  const sent = DERIVED_FIELDS.filter((key) => input[key] != null);
  if (sent.length) t.set_fields = JSON.stringify([...new Set([...(JSON.parse(t.set_fields) as string[]), ...sent])]);
  if (input.status !== undefined) {
    t.status = input.status;
    t.status_set = true;
  }
  if (input.attributes && Object.keys(input.attributes).length) {
    t.attributes = JSON.stringify(mergePatch(JSON.parse(t.attributes), input.attributes));
  }
  if (input.tags?.length) {
    const tags = new Set<string>(JSON.parse(t.tags) as string[]);
    for (const tag of input.tags) tags.add(tag);
    t.tags = JSON.stringify([...tags]);
  }
  return t;
}

function spanSign(trace: TraceRow, span: SpanRow, sign: 1 | -1): void {
  trace.span_count += sign;
  if (span.end_time == null) trace.open_span_count += sign;
  if (span.status === 'error') trace.error_span_count += sign;
}

/** Moves the trace's span counts from the span's old view (if any) to its new one; usage is trace-fold.ts's. */
export function replaceSpanInTrace(trace: TraceRow, before: SpanRow | undefined, after: SpanRow): void {
  if (before) spanSign(trace, before, -1);
  spanSign(trace, after, 1);
  if (after.end_time != null && (trace.last_span_end == null || after.end_time > trace.last_span_end)) {
    trace.last_span_end = after.end_time;
  }
}

/** Recomputes what derives from the aggregates: latency, and status while no client set one. */
export function settleTrace(trace: TraceRow, now: number): TraceRow {
  trace.cost = Math.max(0, Math.round(trace.cost * 1e12) / 1e12);
  const closed = trace.span_count > 0 && trace.open_span_count === 0;
  const end = trace.end_time ?? (closed ? trace.last_span_end : null);
  trace.latency_ms = end != null ? Math.max(0, (end - trace.start_time) / 1000) : null;
  if (!trace.status_set) {
    trace.status = trace.open_span_count > 0 || trace.span_count === 0 ? 'running' : trace.error_span_count > 0 ? 'error' : 'success';
  }
  trace.updated_at = now;
  return trace;
}
