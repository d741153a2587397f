/**
 * The OTLP/JSON shape of an `ExportTraceServiceRequest` (opentelemetry-proto
 * `collector/trace/v1`). Ids are hex strings, times are unix nanoseconds as decimal strings (or
 * numbers), 64-bit integers may arrive as strings. Every field is optional because senders omit
 * proto3 defaults; the mapper validates what it needs.
 */
export interface OtlpExportTraceServiceRequest {
  resourceSpans?: OtlpResourceSpans[];
}

/** Spans of one resource (one process or service), grouped by instrumentation scope. */
export interface OtlpResourceSpans {
  resource?: OtlpResource;
  scopeSpans?: OtlpScopeSpans[];
  schemaUrl?: string;
}

/** The entity that produced the spans, e.g. `service.name`, `deployment.environment.name`. */
export interface OtlpResource {
  attributes?: OtlpKeyValue[];
  droppedAttributesCount?: number;
}

/** Spans of one instrumentation library. */
export interface OtlpScopeSpans {
  scope?: OtlpInstrumentationScope;
  spans?: OtlpSpan[];
  schemaUrl?: string;
}

/** Name and version of the instrumentation library that created the spans. */
export interface OtlpInstrumentationScope {
  name?: string;
  version?: string;
  attributes?: OtlpKeyValue[];
  droppedAttributesCount?: number;
}

/** One OTLP span. `kind` and `status.code` may be enum numbers or enum names. */
export interface OtlpSpan {
  traceId?: string;
  spanId?: string;
  traceState?: string;
  parentSpanId?: string;
  flags?: number;
  name?: string;
  kind?: number | string;
  startTimeUnixNano?: OtlpUnixNanos;
  endTimeUnixNano?: OtlpUnixNanos;
  attributes?: OtlpKeyValue[];
  droppedAttributesCount?: number;
  events?: OtlpSpanEvent[];
  droppedEventsCount?: number;
  links?: OtlpSpanLink[];
  droppedLinksCount?: number;
  status?: OtlpStatus;
}

/** A time-stamped annotation of a span, such as an `exception`. */
export interface OtlpSpanEvent {
  timeUnixNano?: OtlpUnixNanos;
  name?: string;
  attributes?: OtlpKeyValue[];
  droppedAttributesCount?: number;
}

/** A pointer from a span to another span, possibly in another trace. */
export interface OtlpSpanLink {
  traceId?: string;
  spanId?: string;
  traceState?: string;
  attributes?: OtlpKeyValue[];
  droppedAttributesCount?: number;
  flags?: number;
}

/** Final status of a span: code 0 unset, 1 ok, 2 error (or `STATUS_CODE_*` names). */
export interface OtlpStatus {
  code?: number | string;
  message?: string;
}

/** Unix epoch nanoseconds: a decimal string (exact) or a number (may have lost precision). */
export type OtlpUnixNanos = string | number;

/** One attribute. */
export interface OtlpKeyValue {
  key?: string;
  value?: OtlpAnyValue;
}

/** An attribute value: exactly one member is set; none set means an empty value. */
export interface OtlpAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  /** int64: a decimal string or a number. */
  intValue?: string | number;
  /** double: a number, or "NaN" / "Infinity" / "-Infinity" in proto3 JSON. */
  doubleValue?: number | string;
  arrayValue?: { values?: OtlpAnyValue[] };
  kvlistValue?: { values?: OtlpKeyValue[] };
  /** bytes: base64. */
  bytesValue?: string;
}
