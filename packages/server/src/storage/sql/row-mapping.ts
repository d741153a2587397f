/**
 * Turns raw database rows into the shared row shapes. SQLite answers booleans as 0/1; the
 * PostgreSQL pool is set up to answer BIGINT as numbers and JSON as text, so one mapping fits both.
 */
import type { ApiKeyRow, EvalRow, SpanEventRow, SpanLink, SpanRow, TraceRow } from '../rows.js';

import { flag, flagOrNull, num, numOrNull, textOrNull as str, type RawRow as Raw } from './row-values.js';

/** Raw row → TraceRow. */
export function toTraceRow(r: Raw): TraceRow {
  return {
    project_id: String(r.project_id),
    trace_id: String(r.trace_id),
    name: str(r.name),
    status: r.status as TraceRow['status'],
    status_set: flag(r.status_set),
    start_time: num(r.start_time),
    end_time: numOrNull(r.end_time),
    model: str(r.model),
    environment: str(r.environment),
    user_id: str(r.user_id),
    session_id: str(r.session_id),
    input_text: str(r.input_text),
    output_text: str(r.output_text),
    attributes: str(r.attributes) ?? '{}',
    tags: str(r.tags) ?? '[]',
    release: str(r.release),
    version: str(r.version),
    user_review_passed: flagOrNull(r.user_review_passed),
    decision: str(r.decision),
    decision_action: str(r.decision_action),
    span_count: num(r.span_count),
    open_span_count: num(r.open_span_count),
    error_span_count: num(r.error_span_count),
    input_tokens: num(r.input_tokens),
    output_tokens: num(r.output_tokens),
    total_tokens: num(r.total_tokens),
    cost: num(r.cost),
    unpriced_span_count: num(r.unpriced_span_count),
    last_span_end: numOrNull(r.last_span_end),
    latency_ms: numOrNull(r.latency_ms),
    root_span_id: str(r.root_span_id),
    set_fields: str(r.set_fields) ?? '[]',
    created_at: num(r.created_at),
    updated_at: num(r.updated_at),
  };
}

/** Raw row → SpanRow. */
export function toSpanRow(r: Raw): SpanRow {
  return {
    project_id: String(r.project_id),
    trace_id: String(r.trace_id),
    span_id: String(r.span_id),
    parent_span_id: str(r.parent_span_id),
    name: String(r.name),
    span_type: String(r.span_type),
    status: r.status as SpanRow['status'],
    start_time: num(r.start_time),
    end_time: numOrNull(r.end_time),
    model: str(r.model),
    input: str(r.input),
    output: str(r.output),
    attributes: str(r.attributes) ?? '{}',
    input_tokens: numOrNull(r.input_tokens),
    output_tokens: numOrNull(r.output_tokens),
    total_tokens: numOrNull(r.total_tokens),
    cached_input_tokens: numOrNull(r.cached_input_tokens),
    cost: numOrNull(r.cost),
    level: String(r.level ?? 'DEFAULT'),
    status_message: str(r.status_message),
    idempotency_key: str(r.idempotency_key),
    original: str(r.original),
    created_at: num(r.created_at),
    updated_at: num(r.updated_at),
  };
}

/** Columns of a SpanLink, in the order the link queries select them. */
export const SPAN_LINK_COLUMNS = [
  'project_id', 'trace_id', 'span_id', 'parent_span_id', 'span_type', 'status', 'start_time', 'end_time', 'model',
  'input_tokens', 'output_tokens', 'total_tokens', 'cost',
] as const;

/** Raw row → SpanLink. */
export function toSpanLink(r: Raw): SpanLink {
  return {
    project_id: String(r.project_id),
    trace_id: String(r.trace_id),
    span_id: String(r.span_id),
    parent_span_id: str(r.parent_span_id),
    span_type: String(r.span_type),
    status: r.status as SpanRow['status'],
    start_time: num(r.start_time),
    end_time: numOrNull(r.end_time),
    model: str(r.model),
    input_tokens: numOrNull(r.input_tokens),
    output_tokens: numOrNull(r.output_tokens),
    total_tokens: numOrNull(r.total_tokens),
    cost: numOrNull(r.cost),
  };
}

/** Raw row → SpanEventRow. */
export function toSpanEventRow(r: Raw): SpanEventRow {
  return {
    event_id: String(r.event_id),
    project_id: String(r.project_id),
    trace_id: String(r.trace_id),
    span_id: str(r.span_id),
    event_type: String(r.event_type),
    event_time: num(r.event_time),
    payload: str(r.payload) ?? '{}',
    idempotency_key: str(r.idempotency_key),
    created_at: num(r.created_at),
  };
}

/** Raw row → EvalRow. */
export function toEvalRow(r: Raw): EvalRow {
  return {
    project_id: String(r.project_id),
    eval_id: String(r.eval_id),
    trace_id: String(r.trace_id),
    span_id: str(r.span_id),
    eval_name: String(r.eval_name),
    eval_model: str(r.eval_model),
    score: numOrNull(r.score),
    passed: flagOrNull(r.passed),
    label: str(r.label),
    comment: str(r.comment),
    metadata: str(r.metadata) ?? '{}',
    source: String(r.source),
    user_review_passed: flagOrNull(r.user_review_passed),
    eval_time: num(r.eval_time),
    idempotency_key: str(r.idempotency_key),
    created_at: num(r.created_at),
  };
}

/** Raw row → ApiKeyRow. */
export function toApiKeyRow(r: Raw): ApiKeyRow {
  const scopes = typeof r.scopes === 'string' ? (JSON.parse(r.scopes) as string[]) : (r.scopes as string[]);
  return {
    key_id: String(r.key_id),
    project_id: String(r.project_id),
    name: String(r.name),
    key_hash: String(r.key_hash),
    key_prefix: String(r.key_prefix),
    scopes,
    created_at: num(r.created_at),
    revoked_at: numOrNull(r.revoked_at),
  };
}

/** Column order used when writing span rows. */
export const SPAN_COLUMNS = [
  'project_id', 'trace_id', 'span_id', 'parent_span_id', 'name', 'span_type', 'status', 'start_time',
  'end_time', 'model', 'input', 'output', 'attributes', 'input_tokens', 'output_tokens', 'total_tokens',
  'cached_input_tokens', 'cost', 'level', 'status_message', 'idempotency_key', 'original', 'created_at', 'updated_at',
] as const;

/** Column order used when writing trace rows. */
export const TRACE_COLUMNS = [
  'project_id', 'trace_id', 'name', 'status', 'status_set', 'start_time', 'end_time', 'model', 'environment',
  'user_id', 'session_id', 'input_text', 'output_text', 'attributes', 'tags', 'release', 'version',
  'user_review_passed', 'decision', 'decision_action', 'span_count', 'open_span_count', 'error_span_count',
  'input_tokens', 'output_tokens', 'total_tokens', 'cost', 'unpriced_span_count', 'last_span_end', 'latency_ms', 'root_span_id', 'set_fields',
  'created_at', 'updated_at',
] as const;

/** Column order used when writing evaluation rows. */
export const EVAL_COLUMNS = [
  'eval_id', 'project_id', 'trace_id', 'span_id', 'eval_name', 'eval_model', 'score', 'passed', 'label',
  'comment', 'metadata', 'source', 'user_review_passed', 'eval_time', 'idempotency_key', 'created_at',
] as const;
