import { isWireMicrosInRange, microsToIso } from '../time.js';
import type { OtlpSpanEvent } from './otlp-types.js';
import { keyValuesToRecord, parseUnixNanos, toText } from './otlp-values.js';

/** A span event mapped for `POST /ingest/spans` (parses with `spanEventInputSchema`). */
export interface MappedSpanEvent {
  trace_id: string;
  span_id: string;
  event_type: 'LOG' | 'ERROR';
  event_time: string;
  payload: Record<string, unknown>;
  idempotency_key: string;
}

/** The first `exception` event of a span, summarised for the span's status. */
export interface SpanException {
  message: string;
  type?: string;
}

const EXCEPTION_KEYS = ['exception.message', 'exception.type', 'exception.stacktrace'];

/**
 * Maps a span's OTLP events: `exception` becomes an ERROR event (`message`, `type`, `stacktrace`
 * from `exception.*`, other attributes under `attributes`), anything else a LOG event
 * `{message: <event name>, attributes}`. Each gets the idempotency key
 * `otlp:<trace>:<span>:<index>:<time nanos>`, so a re-sent export is a duplicate. Events without
 * a valid time take `fallbackMicros` (the span's start).
 */
export function mapSpanEvents(
  traceId: string,
  spanId: string,
  events: OtlpSpanEvent[] | null | undefined,
  fallbackMicros: number,
): { events: MappedSpanEvent[]; exception?: SpanException } {
  const mapped: MappedSpanEvent[] = [];
  let exception: SpanException | undefined;
  (Array.isArray(events) ? events : []).forEach((event, index) => {
    if (event == null || typeof event !== 'object') return;
    const time = parseUnixNanos(event.timeUnixNano);
    // A missing, malformed or out-of-window event time falls back to the span's start.
    const micros = time.kind === 'ok' && isWireMicrosInRange(time.micros) ? time.micros : fallbackMicros;
    const attributes = keyValuesToRecord(event.attributes);
    const name = toText(event.name, 512) ?? 'event';
    const base = {
      trace_id: traceId,
      span_id: spanId,
      event_time: microsToIso(micros),
      idempotency_key: `otlp:${traceId}:${spanId}:${index}:${time.kind === 'ok' ? time.nanos : '0'}`,
    };
    if (name === 'exception') {
      const type = toText(attributes['exception.type'], 512);
      const message = toText(attributes['exception.message'], 10_000) ?? type ?? 'exception';
      const rest = Object.fromEntries(Object.entries(attributes).filter(([k]) => !EXCEPTION_KEYS.includes(k)));
      const payload: Record<string, unknown> = { message };
      if (type !== undefined) payload.type = type;
      if (typeof attributes['exception.stacktrace'] === 'string') payload.stacktrace = attributes['exception.stacktrace'];
      if (Object.keys(rest).length > 0) payload.attributes = rest;
      exception ??= type === undefined ? { message } : { message, type };
      mapped.push({ ...base, event_type: 'ERROR', payload });
    } else {
      mapped.push({ ...base, event_type: 'LOG', payload: { message: name, attributes } });
    }
  });
  return exception ? { events: mapped, exception } : { events: mapped };
}
