// OTLP/HTTP trace ingestion, I/O side: decode request bodies, encode export responses.
export { decodeOtlpTraceRequest, type DecodeOtlpTraceResult } from './decode-otlp-trace-request.js';
export { encodeExportTraceServiceResponse, type ExportTraceServiceResponseJson } from './encode-export-response.js';
export { DEFAULT_MAX_DECOMPRESSED_BYTES } from './decompress-body.js';
export { createOtlpIngestService, type OtlpIngestService, type OtlpExportOutcome } from './otlp-ingest-service.js';
