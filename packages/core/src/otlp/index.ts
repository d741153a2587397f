// Public surface of the OTLP mapping; the helpers behind it stay internal to this folder.
export type * from './otlp-types.js';
export { mapOtlpTraces, type OtlpMappingResult, type OtlpRejectedSpan, type OtlpTraceBatch } from './otlp-mapper.js';
export type { MappedSpanInput } from './otlp-span.js';
export type { MappedTraceInput } from './otlp-trace.js';
export type { MappedSpanEvent } from './span-events.js';
export { langfuseSpanType } from './span-type.js';
export { spanUsageOf, type SpanUsage } from './span-usage.js';
