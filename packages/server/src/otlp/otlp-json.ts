import type { OtlpExportTraceServiceRequest } from '@tracehub/core';
import { jsonDepthExceeds, MAX_OTLP_JSON_DEPTH } from '../json-depth.js';

/** An OTLP/JSON request, or a one-sentence reason it is not one. */
export type ParseOtlpJsonResult = { ok: true; request: OtlpExportTraceServiceRequest } | { ok: false; message: string };

/**
 * Parses an OTLP/JSON `ExportTraceServiceRequest`. Accepts the proto field names as well as the
 * lowerCamelCase ones (`resource_spans` → `resourceSpans`), and trace/span ids in base64 (what a
 * generic proto3 JSON encoder writes) as well as hex; ids end up lower-case hex. Never throws.
 */
export function parseOtlpJson(text: string): ParseOtlpJsonResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return { ok: false, message: 'The body is not valid JSON; send an OTLP/JSON ExportTraceServiceRequest.' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { ok: false, message: 'The JSON body must be an object with a resourceSpans array.' };
  }
  if (jsonDepthExceeds(parsed, MAX_OTLP_JSON_DEPTH)) {
    return { ok: false, message: `The JSON body is nested more than ${MAX_OTLP_JSON_DEPTH} levels deep; flatten deep attribute values.` };
  }
  let request: OtlpExportTraceServiceRequest;
  try {
    request = camelCaseKeys(parsed) as OtlpExportTraceServiceRequest;
  } catch {
    return { ok: false, message: 'The JSON body is nested too deeply to be an OTLP request.' };
  }
  if (request.resourceSpans !== undefined && !Array.isArray(request.resourceSpans)) {
    return { ok: false, message: 'resourceSpans must be an array of ResourceSpans objects.' };
  }
  normalizeIds(request, (value, bytes) => hexOrBase64Id(value, bytes));
  return { ok: true, request };
}

/** Rewrites every span and link id of a request with `convert` (bytes: 16 for trace, 8 for span ids). */
export function normalizeIds(
  request: OtlpExportTraceServiceRequest,
  convert: (value: string, bytes: 8 | 16) => string,
): void {
  for (const rs of asArray(request.resourceSpans)) {
    for (const ss of asArray(rs?.scopeSpans)) {
      for (const span of asArray(ss?.spans)) {
        if (span == null || typeof span !== 'object') continue;
        if (typeof span.traceId === 'string') span.traceId = convert(span.traceId, 16);
        if (typeof span.spanId === 'string') span.spanId = convert(span.spanId, 8);
        if (typeof span.parentSpanId === 'string') span.parentSpanId = convert(span.parentSpanId, 8);
        for (const link of asArray(span.links)) {
          if (link == null || typeof link !== 'object') continue;
          if (typeof link.traceId === 'string') link.traceId = convert(link.traceId, 16);
          if (typeof link.spanId === 'string') link.spanId = convert(link.spanId, 8);
        }
      }
    }
  }
}

/** Hex ids are lower-cased; base64 ids of the right length become hex; anything else is kept. */
function hexOrBase64Id(value: string, bytes: 8 | 16): string {
  if (value.length === bytes * 2 && /^[0-9a-fA-F]+$/.test(value)) return value.toLowerCase();
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) {
    const decoded = Buffer.from(value, 'base64');
    if (decoded.length === bytes) return decoded.toString('hex');
  }
  return value;
}

/** Rewrites proto field names (`resource_spans`) to lowerCamelCase (`resourceSpans`), recursively. */
export function camelCaseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelCaseKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key.includes('_') ? key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()) : key,
      camelCaseKeys(inner),
    ]),
  );
}

function asArray<T>(value: T[] | undefined | null): T[] {
  return Array.isArray(value) ? value : [];
}
