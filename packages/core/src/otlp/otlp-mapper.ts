import type { OtlpExportTraceServiceRequest } from './otlp-types.js';
import { keyValuesToRecord } from './otlp-values.js';
import { mapOtlpSpan, type MappedOtlpSpan, type MappedSpanInput } from './otlp-span.js';
import { buildTraceInput, type MappedTraceInput } from './otlp-trace.js';
import type { MappedSpanEvent } from './span-events.js';

/**
 * Everything one trace id contributes to an OTLP export, ready for the ingest service: upsert
 * `trace`, upsert `spans` (no idempotency key, so a re-sent span replaces itself), then append
 * `events` (each with an idempotency key, so a re-sent event is a duplicate). Parents may live
 * in other exports, hence `allow_missing_parent`.
 */
export interface OtlpTraceBatch {
  trace: MappedTraceInput;
  spans: MappedSpanInput[];
  events: MappedSpanEvent[];
  allow_missing_parent: true;
}

/** A span that could not be mapped, with a one-sentence reason. */
export interface OtlpRejectedSpan {
  reason: string;
  trace_id?: string;
  span_id?: string;
}

/** Result of mapping an export: one batch per trace id (in order of appearance) and rejections. */
export interface OtlpMappingResult {
  batches: OtlpTraceBatch[];
  rejected: OtlpRejectedSpan[];
}

/**
 * Maps an OTLP/JSON `ExportTraceServiceRequest` onto Trace Hub traces, spans and span events,
 * grouped per trace id. Pure: no I/O, no clock. Spans with missing or malformed ids or times are
 * listed in `rejected` and the rest are kept. Resource attributes go to the trace's attributes.
 */
export function mapOtlpTraces(request: OtlpExportTraceServiceRequest): OtlpMappingResult {
  const byTrace = new Map<string, MappedOtlpSpan[]>();
  const rejected: OtlpRejectedSpan[] = [];
  const resourceSpans = Array.isArray(request?.resourceSpans) ? request.resourceSpans : [];
  resourceSpans.forEach((rs, r) => {
    const resource = keyValuesToRecord(rs?.resource?.attributes);
    const scopeSpans = Array.isArray(rs?.scopeSpans) ? rs.scopeSpans : [];
    scopeSpans.forEach((ss, s) => {
      const spans = Array.isArray(ss?.spans) ? ss.spans : [];
      spans.forEach((otlpSpan, i) => {
        const outcome = mapOtlpSpan(otlpSpan, resource, ss?.scope ?? undefined, `resourceSpans[${r}].scopeSpans[${s}].spans[${i}]`);
        if (!outcome.ok) {
          const { ok: _ok, ...rejection } = outcome;
          rejected.push(rejection);
          return;
        }
        const traceId = outcome.value.span.trace_id;
        const list = byTrace.get(traceId);
        if (list) list.push(outcome.value);
        else byTrace.set(traceId, [outcome.value]);
      });
    });
  });
  const batches = [...byTrace.entries()].map(
    ([traceId, spans]): OtlpTraceBatch => ({
      trace: buildTraceInput(traceId, spans),
      spans: spans.map((s) => s.span),
      events: spans.flatMap((s) => s.events),
      allow_missing_parent: true,
    }),
  );
  return { batches, rejected };
}
