import { isWireMicrosInRange, microsToIso } from '../time.js';
import type { OtlpInstrumentationScope, OtlpSpan } from './otlp-types.js';
import { keyValuesToRecord, normalizeHexId, parseUnixNanos, toText } from './otlp-values.js';
import { mapSpanEvents, type MappedSpanEvent } from './span-events.js';
import { spanPayloadOf } from './span-payload.js';
import { spanTypeOf } from './span-type.js';
import { spanUsageOf } from './span-usage.js';
import { traceHintsOf, type TraceHints } from './trace-hints.js';

/** A span mapped for `POST /ingest/traces` (parses with `spanInputSchema`). */
export interface MappedSpanInput {
  span_id: string;
  trace_id: string;
  parent_span_id: string | null;
  name: string;
  span_type: string;
  status: 'running' | 'success' | 'error';
  start_time: string;
  end_time: string | null;
  model?: string;
  input?: unknown;
  output?: unknown;
  attributes: Record<string, unknown>;
  input_tokens?: number;
  output_tokens?: number;
  total_tokens?: number;
  cached_input_tokens?: number;
  cost?: number;
  level?: string;
  status_message?: string;
}

/** A mapped span with what the trace-level mapping needs to know about it. */
export interface MappedOtlpSpan {
  span: MappedSpanInput;
  events: MappedSpanEvent[];
  startMicros: number;
  /** False when the OTLP span had no name and `name` is the placeholder `unknown`. */
  named: boolean;
  hints: TraceHints;
  resource: Record<string, unknown>;
}

/** Outcome of mapping one span: the mapped span, or why it was rejected. */
export type MapSpanOutcome =
  | { ok: true; value: MappedOtlpSpan }
  | { ok: false; reason: string; trace_id?: string; span_id?: string };

const SPAN_KINDS = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];

/**
 * Maps one OTLP span (ids, times, status, events, attributes and the GenAI / OpenInference /
 * Langfuse conventions) onto a Trace Hub span. Rejects a span whose ids or times are missing or
 * malformed; `where` names the span in the reason.
 */
export function mapOtlpSpan(
  otlp: OtlpSpan,
  resource: Record<string, unknown>,
  scope: OtlpInstrumentationScope | undefined,
  where: string,
): MapSpanOutcome {
  if (otlp == null || typeof otlp !== 'object') return { ok: false, reason: `${where} is not a span object` };
  const label = `${where} ("${String(otlp.name ?? '').slice(0, 80)}")`;
  const traceId = normalizeHexId(otlp.traceId, 16);
  if (!traceId) return { ok: false, reason: `${label}: trace id ${describe(otlp.traceId)} is not 32 hex digits (16 non-zero bytes)` };
  const spanId = normalizeHexId(otlp.spanId, 8);
  if (!spanId) {
    return { ok: false, trace_id: traceId, reason: `${label}: span id ${describe(otlp.spanId)} is not 16 hex digits (8 non-zero bytes)` };
  }
  const reject = (reason: string): MapSpanOutcome => ({ ok: false, trace_id: traceId, span_id: spanId, reason: `${label}: ${reason}` });
  const parentId = normalizeHexId(otlp.parentSpanId, 8);
  if (parentId === null) return reject(`parent span id ${describe(otlp.parentSpanId)} is not 16 hex digits`);
  const start = parseUnixNanos(otlp.startTimeUnixNano);
  if (start.kind !== 'ok') return reject(`start time ${describe(otlp.startTimeUnixNano)} is not unix nanoseconds`);
  const end = parseUnixNanos(otlp.endTimeUnixNano);
  if (end.kind === 'invalid') return reject(`end time ${describe(otlp.endTimeUnixNano)} is not unix nanoseconds`);
  if (end.kind === 'ok' && end.micros < start.micros) return reject('end time is before start time');
  // The same window as every other ingest path (time.ts): a span in 1970 or 2300 is refused alone.
  if (!isWireMicrosInRange(start.micros)) return reject(`start time ${describe(otlp.startTimeUnixNano)} is not between 2000-01-01 and 2100-01-01 in unix nanoseconds`);
  if (end.kind === 'ok' && !isWireMicrosInRange(end.micros)) return reject(`end time ${describe(otlp.endTimeUnixNano)} is not between 2000-01-01 and 2100-01-01 in unix nanoseconds`);

  const attributes = keyValuesToRecord(otlp.attributes);
  const mappedEvents = mapSpanEvents(traceId, spanId, otlp.events, start.micros);
  const payloadEvents = (Array.isArray(otlp.events) ? otlp.events : []).map((e) => ({
    name: String(e?.name ?? ''),
    attributes: keyValuesToRecord(e?.attributes),
  }));
  const payload = spanPayloadOf(attributes, payloadEvents);
  const usage = spanUsageOf(attributes);

  const code = statusCodeOf(otlp.status?.code);
  const exception = mappedEvents.exception;
  const langfuseLevel = toText(attributes['langfuse.observation.level'], 32)?.toUpperCase();
  // Langfuse (and its OpenAI wrapper) report a failure as level ERROR, often with no OTLP status.
  const errored = code === 2 || (code === 0 && exception !== undefined) || langfuseLevel === 'ERROR';
  const status = errored ? 'error' : code === 1 || end.kind === 'ok' ? 'success' : 'running';
  const statusMessage =
    toText(otlp.status?.message, 10_000) ??
    (errored ? toText(exception?.message, 10_000) : undefined) ??
    toText(attributes['langfuse.observation.status_message'], 10_000);

  const span: MappedSpanInput = {
    span_id: spanId,
    trace_id: traceId,
    parent_span_id: parentId && parentId !== spanId ? parentId : null,
    name: toText(otlp.name, 512) ?? 'unknown',
    span_type: spanTypeOf(attributes),
    status,
    start_time: microsToIso(start.micros),
    end_time: end.kind === 'ok' ? microsToIso(end.micros) : null,
    ...usage,
    attributes: spanAttributes(otlp, attributes, payload.consumed, resource, scope),
  };
  if ('input' in payload) span.input = payload.input;
  if ('output' in payload) span.output = payload.output;
  const level = errored ? 'ERROR' : langfuseLevel;
  if (level !== undefined) span.level = level;
  if (statusMessage !== undefined) span.status_message = statusMessage;
  return {
    ok: true,
    value: {
      span,
      events: mappedEvents.events,
      startMicros: start.micros,
      named: toText(otlp.name, 512) !== undefined,
      hints: traceHintsOf(attributes),
      resource,
    },
  };
}

/** OTLP status code as a number: 1 ok, 2 error, 0 unset (also for enum names). */
function statusCodeOf(code: unknown): 0 | 1 | 2 {
  if (code === 2 || code === '2' || code === 'STATUS_CODE_ERROR') return 2;
  if (code === 1 || code === '1' || code === 'STATUS_CODE_OK') return 1;
  return 0;
}

/** The span's attributes without those moved into input/output, plus OTLP envelope facts. */
function spanAttributes(
  otlp: OtlpSpan,
  attributes: Record<string, unknown>,
  consumed: string[],
  resource: Record<string, unknown>,
  scope: OtlpInstrumentationScope | undefined,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const put = (key: string, value: unknown) => {
    if (value !== undefined && value !== null && value !== '' && value !== 0 && !(key in attributes)) out[key] = value;
  };
  put('service.name', resource['service.name']);
  put('otel.scope.name', scope?.name);
  put('otel.scope.version', scope?.version);
  const scopeAttributes = keyValuesToRecord(scope?.attributes);
  if (Object.keys(scopeAttributes).length > 0) put('otel.scope.attributes', scopeAttributes);
  put('otel.span_kind', spanKindOf(otlp.kind));
  put('otel.trace_state', otlp.traceState);
  put('otel.dropped_attributes_count', otlp.droppedAttributesCount);
  put('otel.dropped_events_count', otlp.droppedEventsCount);
  put('otel.dropped_links_count', otlp.droppedLinksCount);
  if (Array.isArray(otlp.links) && otlp.links.length > 0) {
    put(
      'otel.links',
      otlp.links.map((link) => ({
        trace_id: typeof link?.traceId === 'string' ? link.traceId.toLowerCase() : null,
        span_id: typeof link?.spanId === 'string' ? link.spanId.toLowerCase() : null,
        attributes: keyValuesToRecord(link?.attributes),
      })),
    );
  }
  const skip = new Set(consumed);
  for (const [key, value] of Object.entries(attributes)) if (!skip.has(key)) out[key] = value;
  return out;
}

function spanKindOf(kind: unknown): string | undefined {
  if (typeof kind === 'number') return kind > 0 ? SPAN_KINDS[kind] : undefined;
  if (typeof kind === 'string') {
    const name = kind.replace(/^SPAN_KIND_/i, '').toLowerCase();
    return name === 'unspecified' || name === '' ? undefined : name;
  }
  return undefined;
}

function describe(value: unknown): string {
  if (value === undefined || value === null || value === '') return '(missing)';
  return `"${String(value).slice(0, 40)}"`;
}
