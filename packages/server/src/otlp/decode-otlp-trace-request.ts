import type { OtlpExportTraceServiceRequest } from '@tracehub/core';
import { DEFAULT_MAX_DECOMPRESSED_BYTES, decompressBody } from './decompress-body.js';
import { normalizeIds, parseOtlpJson } from './otlp-json.js';
import { otlpTraceProtoTypes } from '@tracehub/core/otlp-proto';
import { jsonDepthExceeds, MAX_OTLP_JSON_DEPTH } from '../json-depth.js';

/** A decoded OTLP trace export, or a one-sentence reason the body could not be decoded. */
export type DecodeOtlpTraceResult = { ok: true; request: OtlpExportTraceServiceRequest } | { ok: false; message: string };

const PROTOBUF_TYPES = new Set(['application/x-protobuf', 'application/protobuf', 'application/vnd.google.protobuf']);

/**
 * Decodes the body of `POST /v1/traces` into the OTLP/JSON request shape. Supports
 * `application/x-protobuf` (ids become lower-case hex, 64-bit nanos decimal strings, bytes
 * attribute values base64) and `application/json`; without a Content-Type the format is sniffed.
 * `Content-Encoding` gzip / deflate / br bodies are inflated up to `maxDecompressedBytes`
 * (default 64 MiB). Malformed input answers `ok: false`; it never throws.
 */
export function decodeOtlpTraceRequest(
  body: Buffer,
  contentType: string | undefined,
  contentEncoding: string | undefined,
  maxDecompressedBytes: number = DEFAULT_MAX_DECOMPRESSED_BYTES,
): DecodeOtlpTraceResult {
  const decompressed = decompressBody(body, contentEncoding, maxDecompressedBytes);
  if (!decompressed.ok) return decompressed;
  const data = decompressed.body;
  const mediaType = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (PROTOBUF_TYPES.has(mediaType)) return decodeProtobuf(data);
  if (mediaType === 'application/json' || mediaType.endsWith('+json')) return parseOtlpJson(data.toString('utf8'));
  if (mediaType === '') return looksLikeJson(data) ? parseOtlpJson(data.toString('utf8')) : decodeProtobuf(data);
  return {
    ok: false,
    message: `Content-Type "${mediaType.slice(0, 80)}" is not supported; send application/x-protobuf or application/json.`,
  };
}

function decodeProtobuf(data: Buffer): DecodeOtlpTraceResult {
  try {
    const { request: type } = otlpTraceProtoTypes();
    const message = type.decode(data);
    const request = type.toObject(message, {
      longs: String,
      enums: Number,
      bytes: String,
      defaults: false,
      arrays: false,
      oneofs: false,
    }) as OtlpExportTraceServiceRequest;
    if (jsonDepthExceeds(request, MAX_OTLP_JSON_DEPTH)) {
      return { ok: false, message: `The request nests attribute values more than ${MAX_OTLP_JSON_DEPTH} levels deep; flatten deep attribute values.` };
    }
    normalizeIds(request, (base64) => Buffer.from(base64, 'base64').toString('hex'));
    return { ok: true, request };
  } catch {
    return { ok: false, message: 'The body is not a valid protobuf ExportTraceServiceRequest; check the Content-Type and encoding.' };
  }
}

/** Whether a body without a Content-Type starts like a JSON object (leading whitespace and a BOM skipped). */
export function looksLikeJson(data: Buffer): boolean {
  for (const byte of data.subarray(0, 64)) {
    if (byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09 || byte === 0xef || byte === 0xbb || byte === 0xbf) continue;
    return byte === 0x7b;
  }
  return false;
}
