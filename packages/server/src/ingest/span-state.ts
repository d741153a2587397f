/**
 * Building a span's current view from whole spans and from events. Pure functions over SpanRow;
 * JSON columns stay as text unless a change needs them parsed.
 */
import { mergePatch, type PriceTable, type SpanEventFields, type SpanInput } from '@tracehub/core';
import type { SpanRow } from '../storage/rows.js';

const toJson = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value));
const parse = (text: string | null): unknown => (text == null ? null : JSON.parse(text));
const mergeJson = (current: string, patch: Record<string, unknown> | undefined): string =>
  patch && Object.keys(patch).length ? JSON.stringify(mergePatch(parse(current) ?? {}, patch)) : current;

/** A new, empty span in `trace_id`. */
export function newSpan(projectId: string, traceId: string, spanId: string, startTime: number, now: number): SpanRow {
  return {
    project_id: projectId, trace_id: traceId, span_id: spanId, parent_span_id: null, name: 'span', span_type: 'span',
    status: 'running', start_time: startTime, end_time: null, model: null, input: null, output: null, attributes: '{}',
    input_tokens: null, output_tokens: null, total_tokens: null, cached_input_tokens: null, cost: null,
    level: 'DEFAULT', status_message: null, idempotency_key: null, original: null, created_at: now, updated_at: now,
  };
}

/** Fills total tokens and, when `recompute` (usage changed, no cost sent), the cost from the price table. */
function settleUsage(span: SpanRow, prices: PriceTable, recompute: boolean): SpanRow {
  if (span.total_tokens == null && (span.input_tokens != null || span.output_tokens != null)) {
    span.total_tokens = (span.input_tokens ?? 0) + (span.output_tokens ?? 0);
  }
  if (recompute) {
    const computed = prices.cost(span.model, {
      input_tokens: span.input_tokens,
      output_tokens: span.output_tokens,
      cached_input_tokens: span.cached_input_tokens,
    });
    if (computed != null) span.cost = Math.round(computed * 1e12) / 1e12;
  }
  return span;
}

/** A whole span whose name may be left out (kept as stored, `span` for a new span): Langfuse updates. */
export type SpanUpsert = Omit<SpanInput, 'name'> & { name?: string };

/**
 * Applies a whole span from `POST /ingest/traces` over the stored one (fields sent replace stored
 * ones). A running span that gets an end time and no status becomes `success`.
 */
export function applySpanInput(current: SpanRow | undefined, input: SpanUpsert, base: SpanRow, prices: PriceTable): SpanRow {
  const span: SpanRow = { ...(current ?? base) };
  if (input.name !== undefined) span.name = input.name;
  if (input.parent_span_id !== undefined) span.parent_span_id = input.parent_span_id;
  if (input.span_type !== undefined) span.span_type = input.span_type;
  if (input.start_time !== undefined) span.start_time = input.start_time;
  if (input.end_time !== undefined) span.end_time = input.end_time;
  if (input.status !== undefined) span.status = input.status;
  else if (!current || (input.end_time != null && span.status === 'running')) span.status = span.end_time != null ? 'success' : 'running';
  if (input.model !== undefined) span.model = input.model;
  if (input.input !== undefined) span.input = toJson(input.input);
  if (input.output !== undefined) span.output = toJson(input.output);
  span.attributes = mergeJson(span.attributes, input.attributes);
  if (input.input_tokens !== undefined) span.input_tokens = input.input_tokens;
  if (input.output_tokens !== undefined) span.output_tokens = input.output_tokens;
  if (input.total_tokens !== undefined) span.total_tokens = input.total_tokens;
  if (input.cached_input_tokens !== undefined) span.cached_input_tokens = input.cached_input_tokens;
  if (input.cost !== undefined) span.cost = input.cost;
  if (input.level !== undefined) span.level = input.level;
  else if (span.status === 'error' && span.level === 'DEFAULT') span.level = 'ERROR';
  if (input.status_message !== undefined) span.status_message = input.status_message;
  if (input.idempotency_key !== undefined) span.idempotency_key = input.idempotency_key;
  span.updated_at = base.updated_at;
  const usageSent = input.model != null || input.input_tokens != null || input.output_tokens != null;
  return settleUsage(span, prices, input.cost == null && usageSent);
}

/** Span fields an event names at the top level or in its payload (payload wins). */
export interface EventSpanFields extends SpanEventFields {
  event_time: number;
}

/** START: creates the span or fills in what an earlier END could not know. */
export function applyStart(current: SpanRow | undefined, f: EventSpanFields, base: SpanRow, prices: PriceTable): SpanRow {
  const span: SpanRow = { ...(current ?? base) };
  span.start_time = f.start_time ?? f.event_time;
  if (f.name !== undefined) span.name = f.name;
  if (f.span_type !== undefined) span.span_type = f.span_type;
  if (f.parent_span_id !== undefined) span.parent_span_id = f.parent_span_id;
  if (f.model !== undefined) span.model = f.model;
  if (f.input !== undefined) span.input = toJson(f.input);
  if (f.status !== undefined && span.end_time == null) span.status = f.status;
  if (f.level !== undefined) span.level = f.level;
  span.attributes = mergeJson(span.attributes, f.attributes);
  span.updated_at = base.updated_at;
  return settleUsage(span, prices, f.cost == null && f.model != null && span.cost == null);
}

/** END: closes the span with its end time, status, output and usage. */
export function applyEnd(current: SpanRow | undefined, f: EventSpanFields, base: SpanRow, prices: PriceTable): SpanRow {
  const span: SpanRow = { ...(current ?? { ...base, start_time: f.start_time ?? f.event_time }) };
  if (!current) {
    if (f.name !== undefined) span.name = f.name;
    if (f.span_type !== undefined) span.span_type = f.span_type;
    if (f.parent_span_id !== undefined) span.parent_span_id = f.parent_span_id;
    if (f.input !== undefined) span.input = toJson(f.input);
  }
  span.end_time = f.end_time ?? f.event_time;
  span.status = f.status ?? (span.status === 'error' ? 'error' : 'success');
  if (span.status === 'error' && span.level === 'DEFAULT') span.level = 'ERROR';
  if (f.output !== undefined) span.output = toJson(f.output);
  if (f.model !== undefined) span.model = f.model;
  const usage = f.usage ?? {};
  const input = f.input_tokens ?? usage.input_tokens ?? usage.prompt_tokens;
  const output = f.output_tokens ?? usage.output_tokens ?? usage.completion_tokens;
  const total = f.total_tokens ?? usage.total_tokens;
  const cached = f.cached_input_tokens ?? usage.cached_input_tokens;
  if (input !== undefined) span.input_tokens = input;
  if (output !== undefined) span.output_tokens = output;
  if (total !== undefined) span.total_tokens = total;
  if (cached !== undefined) span.cached_input_tokens = cached;
  if (f.cost !== undefined) span.cost = f.cost;
  if (f.status_message !== undefined) span.status_message = f.status_message;
  else if (f.message !== undefined && span.status === 'error') span.status_message = f.message;
  if (f.level !== undefined) span.level = f.level;
  span.attributes = mergeJson(span.attributes, f.attributes);
  span.updated_at = base.updated_at;
  const usageSent = f.model != null || input != null || output != null;
  return settleUsage(span, prices, f.cost == null && usageSent);
}

/** ERROR: marks the span failed; it stays open until END. */
export function applyError(current: SpanRow, f: EventSpanFields, now: number): SpanRow {
  return {
    ...current,
    status: 'error',
    level: 'ERROR',
    status_message: f.message ?? f.status_message ?? current.status_message ?? 'error',
    updated_at: now,
  };
}

/** The span as an object of its patchable fields, for showing the original and merged views. */
export function spanViewObject(span: SpanRow): Record<string, unknown> {
  return {
    name: span.name, span_type: span.span_type, status: span.status, model: span.model, input: parse(span.input),
    output: parse(span.output), attributes: parse(span.attributes), input_tokens: span.input_tokens,
    output_tokens: span.output_tokens, total_tokens: span.total_tokens, cost: span.cost, level: span.level,
    status_message: span.status_message,
  };
}

/** AMENDMENT: deep-merges `patch` into the view; the pre-amendment view is kept in `original` once. */
export function applyAmendment(current: SpanRow, patch: Record<string, unknown>, now: number, prices: PriceTable): SpanRow {
  const view = spanViewObject(current);
  const merged = mergePatch(view, patch) as Record<string, unknown>;
  const span: SpanRow = { ...current, original: current.original ?? JSON.stringify(view), updated_at: now };
  const text = (v: unknown) => (v == null ? null : String(v));
  const count = (v: unknown) => (typeof v === 'number' ? v : null);
  if ('name' in patch) span.name = text(merged.name) ?? current.name;
  if ('span_type' in patch) span.span_type = text(merged.span_type) ?? current.span_type;
  if ('status' in patch && (merged.status === 'running' || merged.status === 'success' || merged.status === 'error')) {
    span.status = merged.status;
  }
  if ('model' in patch) span.model = text(merged.model);
  if ('input' in patch) span.input = toJson(merged.input ?? null);
  if ('output' in patch) span.output = toJson(merged.output ?? null);
  if ('attributes' in patch) span.attributes = JSON.stringify(merged.attributes ?? {});
  if ('input_tokens' in patch) span.input_tokens = count(merged.input_tokens);
  if ('output_tokens' in patch) span.output_tokens = count(merged.output_tokens);
  if ('total_tokens' in patch) span.total_tokens = count(merged.total_tokens);
  if ('cost' in patch) span.cost = count(merged.cost);
  if ('level' in patch) span.level = text(merged.level) ?? 'DEFAULT';
  if ('status_message' in patch) span.status_message = text(merged.status_message);
  const usageSent = 'model' in patch || 'input_tokens' in patch || 'output_tokens' in patch;
  return settleUsage(span, prices, !('cost' in patch) && usageSent);
}
