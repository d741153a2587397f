import { otlpTraceProtoTypes } from '@tracehub/core/otlp-proto';

/** OTLP/JSON `ExportTraceServiceResponse`: empty, or with `partialSuccess` when spans were rejected. */
export interface ExportTraceServiceResponseJson {
  partialSuccess?: { rejectedSpans: number; errorMessage: string };
}

/**
 * Builds the answer to an OTLP trace export: an `ExportTraceServiceResponse` whose
 * `partialSuccess` reports how many spans were rejected and why. Nothing rejected gives the empty
 * message (`{}` or zero bytes). Protobuf bytes when `asProtobuf`, else the OTLP/JSON object.
 */
export function encodeExportTraceServiceResponse(rejectedSpans: number, message: string, asProtobuf: true): Buffer;
export function encodeExportTraceServiceResponse(rejectedSpans: number, message: string, asProtobuf: false): ExportTraceServiceResponseJson;
export function encodeExportTraceServiceResponse(
  rejectedSpans: number,
  message: string,
  asProtobuf: boolean,
): Buffer | ExportTraceServiceResponseJson;
export function encodeExportTraceServiceResponse(
  rejectedSpans: number,
  message: string,
  asProtobuf: boolean,
): Buffer | ExportTraceServiceResponseJson {
  const rejected = Number.isFinite(rejectedSpans) ? Math.max(0, Math.trunc(rejectedSpans)) : 0;
  const json: ExportTraceServiceResponseJson =
    rejected > 0 ? { partialSuccess: { rejectedSpans: rejected, errorMessage: message } } : {};
  if (!asProtobuf) return json;
  const { response } = otlpTraceProtoTypes();
  return Buffer.from(response.encode(response.fromObject(json)).finish());
}
