/**
 * Protobuf encoding of the OTLP trace request built by otlp-request.ts. Phoenix's `/v1/traces`
 * accepts only `application/x-protobuf`; the message types are the ones the server decodes with
 * (`@tracehub/core/otlp-proto`, protobufjs over the opentelemetry-proto v1 definitions).
 */
import { otlpTraceProtoTypes } from '@tracehub/core/otlp-proto';
import type { OtlpTraceRequest } from './otlp-request.js';

const bytes = (hex: string) => Buffer.from(hex, 'hex');

/** The protobuf bytes of `request` (hex ids become bytes; protobufjs reads the decimal nanosecond strings). */
export function encodeOtlpTraceRequest(request: OtlpTraceRequest): Uint8Array {
  const { request: type } = otlpTraceProtoTypes();
  const message = type.fromObject({
    resourceSpans: request.resourceSpans.map((rs) => ({
      ...rs,
      scopeSpans: rs.scopeSpans.map((ss) => ({
        ...ss,
        spans: ss.spans.map((span) => ({
          ...span,
          traceId: bytes(span.traceId),
          spanId: bytes(span.spanId),
          ...(span.parentSpanId ? { parentSpanId: bytes(span.parentSpanId) } : {}),
        })),
      })),
    })),
  });
  return type.encode(message).finish();
}
