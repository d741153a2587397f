/**
 * Turns a batch of queue records into wire objects (snake_case, ISO times, idempotency keys).
 * Runs in the background at flush time, never on the record path. Span records emit START on
 * their first occurrence and END on their second; spans that started their trace implicitly also
 * produce a trace upsert, merged per trace within the batch.
 */
import { compact } from './compact.js';
import { newIdempotencyKey } from './ids.js';
import { KIND_EVAL, KIND_EVENT, KIND_RUN, KIND_SPAN, KIND_TRACE } from './records.js';
import type { EventRecord, QueueItem } from './records.js';
import type { SpanRecord } from './span.js';
import { toWireTime } from './time.js';
import type { EndSpanOptions } from './types.js';

/** A batch ready to send, grouped by endpoint; each group keeps queue order. */
export interface WireBatch {
  /** Trace upserts, merged per trace id (one request each). */
  traces: Record<string, unknown>[];
  runs: Record<string, unknown>[];
  events: Record<string, unknown>[];
  evals: Record<string, unknown>[];
}

/** Client-wide values stamped on traces started implicitly by a root span. */
export interface SerializerDefaults {
  environment?: string;
  release?: string;
}

const TIME_FIELDS = ['start_time', 'end_time', 'eval_time', 'event_time'] as const;

/** Converts the raw time fields of a snake_case object to wire times, in place. */
export function convertTimes(target: Record<string, unknown>): Record<string, unknown> {
  for (const field of TIME_FIELDS) {
    const value = target[field];
    if (typeof value === 'number' || typeof value === 'string') target[field] = toWireTime(value);
  }
  return target;
}

function startEvent(span: SpanRecord): Record<string, unknown> {
  const startTime = toWireTime(span.startTime);
  return {
    trace_id: span.traceId,
    span_id: span.spanId,
    event_type: 'START',
    event_time: startTime,
    payload: compact({
      name: span.name,
      span_type: span.spanType,
      parent_span_id: span.parentSpanId ?? undefined,
      start_time: startTime,
      model: span.model,
      input: span.input,
      attributes: span.attributes,
    }),
    idempotency_key: newIdempotencyKey(),
  };
}

function endAttributes(span: SpanRecord, options: EndSpanOptions | undefined): Record<string, unknown> | undefined {
  const extra = span.extraAttributes;
  const given = options?.attributes;
  if (extra === undefined) return given;
  return given === undefined ? extra : { ...extra, ...given };
}

function endEvent(span: SpanRecord): Record<string, unknown> {
  const options = span.endOptions;
  const usage = options?.usage;
  const endTime = toWireTime(span.endTime);
  const event: Record<string, unknown> = {
    trace_id: span.traceId,
    span_id: span.spanId,
    event_type: 'END',
    event_time: endTime,
    payload: compact({
      status: options?.status ?? 'success',
      end_time: endTime,
      output: options?.output,
      model: options?.model,
      input_tokens: options?.inputTokens ?? usage?.inputTokens,
      output_tokens: options?.outputTokens ?? usage?.outputTokens,
      total_tokens: options?.totalTokens ?? usage?.totalTokens,
      cached_input_tokens: options?.cachedInputTokens ?? usage?.cachedInputTokens,
      cost: options?.cost,
      status_message: options?.statusMessage,
      attributes: endAttributes(span, options),
    }),
    idempotency_key: newIdempotencyKey(),
  };
  if (span.startDropped) {
    // START never left the process: let END create the span with its identity.
    event.name = span.name;
    event.span_type = span.spanType;
    if (span.parentSpanId !== null) event.parent_span_id = span.parentSpanId;
  }
  return event;
}

function eventObject(record: EventRecord): Record<string, unknown> {
  const event: Record<string, unknown> = {
    trace_id: record.traceId,
    event_type: record.eventType,
    event_time: toWireTime(record.time),
    payload: record.payload,
    idempotency_key: newIdempotencyKey(),
  };
  if (record.spanId !== null) event.span_id = record.spanId;
  return event;
}

function mergeTrace(traces: Map<string, Record<string, unknown>>, traceId: string, fields: Record<string, unknown>): void {
  const current = traces.get(traceId);
  if (current === undefined) {
    traces.set(traceId, { trace_id: traceId, ...compact(fields) });
    return;
  }
  for (const key in fields) {
    const value = fields[key];
    if (value === undefined) continue;
    const previous = current[key];
    if (key === 'attributes' && previous !== null && typeof previous === 'object' && value !== null && typeof value === 'object') {
      current[key] = { ...(previous as object), ...(value as object) };
    } else if (key === 'tags' && Array.isArray(previous) && Array.isArray(value)) {
      current[key] = [...new Set([...previous, ...value])];
    } else {
      current[key] = value;
    }
  }
}

function ownedTraceStart(span: SpanRecord, defaults: SerializerDefaults): Record<string, unknown> {
  return {
    name: span.name,
    status: 'running',
    start_time: span.startTime,
    model: span.traceModel ?? span.model,
    environment: defaults.environment,
    release: defaults.release,
    input_text: span.traceInputText ?? (typeof span.input === 'string' ? span.input : undefined),
  };
}

function ownedTraceEnd(span: SpanRecord): Record<string, unknown> {
  const output = span.endOptions?.output;
  return {
    name: span.name,
    start_time: span.startTime,
    status: span.endOptions?.status ?? 'success',
    end_time: span.endTime,
    model: span.traceModel,
    input_text: span.traceInputText,
    output_text: span.traceOutputText ?? (typeof output === 'string' ? output : undefined),
  };
}

function runBody(body: Record<string, unknown>): Record<string, unknown> {
  const run = convertTimes({ ...body });
  if (run.idempotency_key === undefined) run.idempotency_key = newIdempotencyKey();
  if (Array.isArray(run.nodes)) {
    run.nodes = run.nodes.map((node: Record<string, unknown>) => {
      const copy = convertTimes({ ...node });
      if (copy.idempotency_key === undefined) copy.idempotency_key = newIdempotencyKey();
      return copy;
    });
  }
  return run;
}

/** Serialises `batch` (in queue order) into per-endpoint wire objects. */
export function serializeBatch(batch: readonly QueueItem[], defaults: SerializerDefaults): WireBatch {
  const traces = new Map<string, Record<string, unknown>>();
  const out: WireBatch = { traces: [], runs: [], events: [], evals: [] };
  for (const item of batch) {
    switch (item.kind) {
      case KIND_SPAN:
        if (item.startQueued) {
          item.startQueued = false;
          out.events.push(startEvent(item));
          if (item.ownsTrace) mergeTrace(traces, item.traceId, ownedTraceStart(item, defaults));
        } else {
          out.events.push(endEvent(item));
          if (item.ownsTrace) mergeTrace(traces, item.traceId, ownedTraceEnd(item));
          item.endSerialized = true;
        }
        break;
      case KIND_EVENT:
        out.events.push(eventObject(item));
        break;
      case KIND_TRACE:
        item.serialized = true;
        mergeTrace(traces, item.traceId, item.fields);
        break;
      case KIND_EVAL:
        out.evals.push(convertTimes({ ...item.body, idempotency_key: newIdempotencyKey() }));
        break;
      case KIND_RUN:
        out.runs.push(runBody(item.body));
        break;
    }
  }
  for (const trace of traces.values()) out.traces.push(convertTimes(trace));
  return out;
}
