/**
 * The gRPC service definition of `opentelemetry.proto.collector.trace.v1.TraceService/Export`,
 * built by hand over core's protobufjs OTLP types (no .proto files or proto-loader at run time).
 * Requests stay raw bytes here: grpc-js answers INTERNAL when deserializing throws, so the handler
 * decodes them itself (decode-otlp-trace-request.ts, the same code as OTLP/HTTP) and answers
 * INVALID_ARGUMENT for bytes that are no ExportTraceServiceRequest.
 */
import type { ServiceDefinition } from '@grpc/grpc-js';
import { otlpTraceProtoTypes } from '@tracehub/core/otlp-proto';
import { encodeExportTraceServiceResponse } from './encode-export-response.js';
import type { OtlpExportOutcome } from './otlp-ingest-service.js';

/** The full method path gRPC clients call. */
export const TRACE_SERVICE_EXPORT_PATH = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';

/** TraceService with its one unary method: raw request bytes in, an export outcome out. */
export const TRACE_SERVICE_DEFINITION = {
  Export: {
    path: TRACE_SERVICE_EXPORT_PATH,
    requestStream: false,
    responseStream: false,
    requestSerialize: (request: Buffer) => request,
    requestDeserialize: (bytes: Buffer) => bytes,
    // ExportTraceServiceResponse, with partial_success when spans were rejected.
    responseSerialize: (outcome: OtlpExportOutcome) => encodeExportTraceServiceResponse(outcome.rejectedSpans, outcome.message, true),
    responseDeserialize: (bytes: Buffer): OtlpExportOutcome => {
      const { response } = otlpTraceProtoTypes();
      const decoded = response.toObject(response.decode(bytes), { longs: Number, defaults: true }) as {
        partialSuccess?: { rejectedSpans: number; errorMessage: string };
      };
      return { rejectedSpans: decoded.partialSuccess?.rejectedSpans ?? 0, message: decoded.partialSuccess?.errorMessage ?? '' };
    },
  },
} satisfies ServiceDefinition;
