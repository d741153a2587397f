/**
 * `POST /v1/metrics`: decodes an OTLP/HTTP ExportMetricsServiceRequest (protobuf or JSON, optionally
 * compressed — the same body handling as `/v1/traces`) and maps its data points to metric points.
 * Gauges and sums keep each data point's value (a cumulative sum keeps the running total the SDK
 * reports); histograms, exponential histograms and summaries keep count and sum, with their mean as
 * the value. A data point's attributes become its labels (resource attributes are not copied).
 */
import { otlpMetricsProtoTypes } from '@tracehub/core/otlp-metrics-proto';
import { decompressBody } from '../otlp/decompress-body.js';
import { camelCaseKeys } from '../otlp/otlp-json.js';
import { looksLikeJson } from '../otlp/decode-otlp-trace-request.js';
import { jsonDepthExceeds, MAX_OTLP_JSON_DEPTH } from '../json-depth.js';
import { METRIC_NAME_PATTERN } from '@tracehub/core';
import { labelProblem, timeProblem, type MetricPoint } from './metric-points.js';

/** The OTLP/JSON shape this module reads (lowerCamelCase, 64-bit integers as strings or numbers). */
interface OtlpKeyValueJson {
  key?: string;
  value?: { stringValue?: string; intValue?: string | number; doubleValue?: number | string; boolValue?: boolean };
}
interface OtlpDataPointJson {
  attributes?: OtlpKeyValueJson[];
  timeUnixNano?: string | number;
  asDouble?: number | string;
  asInt?: string | number;
  count?: string | number;
  sum?: number | string;
}
interface OtlpMetricJson {
  name?: string;
  unit?: string;
  gauge?: { dataPoints?: OtlpDataPointJson[] };
  sum?: { dataPoints?: OtlpDataPointJson[] };
  histogram?: { dataPoints?: OtlpDataPointJson[] };
  exponentialHistogram?: { dataPoints?: OtlpDataPointJson[] };
  summary?: { dataPoints?: OtlpDataPointJson[] };
}
/** An ExportMetricsServiceRequest as plain objects. */
export interface OtlpMetricsRequestJson {
  resourceMetrics?: { scopeMetrics?: { metrics?: OtlpMetricJson[] }[] }[];
}

const PROTOBUF_TYPES = new Set(['application/x-protobuf', 'application/protobuf', 'application/vnd.google.protobuf']);

/** A decoded request, or a one-sentence reason the body could not be decoded. Never throws. */
export function decodeOtlpMetricsRequest(
  body: Buffer,
  contentType: string | undefined,
  contentEncoding: string | undefined,
  maxDecompressedBytes: number,
): { ok: true; request: OtlpMetricsRequestJson } | { ok: false; message: string } {
  const decompressed = decompressBody(body, contentEncoding, maxDecompressedBytes);
  if (!decompressed.ok) return decompressed;
  const data = decompressed.body;
  const mediaType = (contentType ?? '').split(';')[0].trim().toLowerCase();
  const json = mediaType === 'application/json' || mediaType.endsWith('+json') || (mediaType === '' && looksLikeJson(data));
  if (!json && mediaType !== '' && !PROTOBUF_TYPES.has(mediaType)) {
    return { ok: false, message: `Content-Type "${mediaType.slice(0, 80)}" is not supported; send application/x-protobuf or application/json.` };
  }
  let request: unknown;
  try {
    if (json) {
      request = camelCaseKeys(JSON.parse(data.toString('utf8').replace(/^\uFEFF/, '')));
    } else {
      const { request: type } = otlpMetricsProtoTypes();
      request = type.toObject(type.decode(data), { longs: String, enums: Number, bytes: String, defaults: false, arrays: false, oneofs: false });
    }
  } catch {
    return { ok: false, message: json ? 'The body is not valid JSON; send an OTLP/JSON ExportMetricsServiceRequest.' : 'The body is not a valid protobuf ExportMetricsServiceRequest; check the Content-Type and encoding.' };
  }
  if (typeof request !== 'object' || request === null || Array.isArray(request)) {
    return { ok: false, message: 'The JSON body must be an object with a resourceMetrics array.' };
  }
  if (jsonDepthExceeds(request, MAX_OTLP_JSON_DEPTH)) {
    return { ok: false, message: `The request is nested more than ${MAX_OTLP_JSON_DEPTH} levels deep.` };
  }
  const resourceMetrics = (request as OtlpMetricsRequestJson).resourceMetrics;
  if (resourceMetrics !== undefined && !Array.isArray(resourceMetrics)) {
    return { ok: false, message: 'resourceMetrics must be an array of ResourceMetrics objects.' };
  }
  return { ok: true, request: request as OtlpMetricsRequestJson };
}

/** The OTLP/JSON or protobuf ExportMetricsServiceResponse: empty, or partialSuccess with the rejected count. */
export function encodeExportMetricsResponse(rejected: number, message: string, asProtobuf: boolean): Buffer | object {
  const json = rejected > 0 ? { partialSuccess: { rejectedDataPoints: rejected, errorMessage: message } } : {};
  if (!asProtobuf) return json;
  const { response } = otlpMetricsProtoTypes();
  return Buffer.from(response.encode(response.fromObject(json)).finish());
}

const arr = <T>(v: T[] | undefined | null): T[] => (Array.isArray(v) ? v : []);
const toNumber = (v: unknown): number => (v == null || v === '' ? Number.NaN : Number(v));

function attributesToLabels(list: OtlpKeyValueJson[] | undefined): Record<string, string> | null {
  const labels: Record<string, string> = {};
  for (const kv of arr(list)) {
    if (typeof kv?.key !== 'string' || kv.key === '') continue;
    const v = kv.value ?? {};
    const value = v.stringValue ?? v.intValue ?? v.doubleValue ?? v.boolValue;
    if (value === undefined || value === null || typeof value === 'object') return null;
    labels[kv.key] = String(value);
  }
  return labels;
}

/** The metric points of a request, and how many data points were rejected with the first reason. */
export function mapOtlpMetrics(request: OtlpMetricsRequestJson, now: number): { points: MetricPoint[]; rejected: number; message: string } {
  const points: MetricPoint[] = [];
  let rejected = 0;
  let message = '';
  const reject = (why: string) => {
    rejected += 1;
    if (!message) message = why;
  };
  for (const rm of arr(request.resourceMetrics)) {
    for (const sm of arr(rm?.scopeMetrics)) {
      for (const metric of arr(sm?.metrics)) {
        const name = String(metric?.name ?? '');
        const unit = metric?.unit ? String(metric.unit).slice(0, 64) : null;
        const numberPoints = metric?.gauge?.dataPoints ?? metric?.sum?.dataPoints;
        const kind = metric?.gauge ? 'gauge' : metric?.sum ? 'sum' : 'histogram';
        const dataPoints = arr(numberPoints ?? metric?.histogram?.dataPoints ?? metric?.exponentialHistogram?.dataPoints ?? metric?.summary?.dataPoints);
        for (const dp of dataPoints) {
          if (!METRIC_NAME_PATTERN.test(name)) {
            reject(`metric name "${name.slice(0, 40)}" is not valid (a letter or _, then letters, digits, _ . : / -).`);
            continue;
          }
          const labels = attributesToLabels(dp?.attributes);
          const labelWhy = labels ? labelProblem(labels) : 'has an array or map attribute; labels must be strings, numbers or booleans.';
          if (!labels || labelWhy) {
            reject(`${name}: ${labelWhy}`);
            continue;
          }
          const time = Math.round(toNumber(dp?.timeUnixNano) / 1000);
          const timeWhy = timeProblem(time, now);
          if (timeWhy) {
            reject(`${name}: ${timeWhy}`);
            continue;
          }
          let value: number;
          let histCount: number | null = null;
          let histSum: number | null = null;
          if (kind === 'histogram') {
            histCount = toNumber(dp?.count ?? 0);
            histSum = toNumber(dp?.sum ?? 0);
            value = histCount > 0 ? histSum / histCount : 0;
          } else {
            value = toNumber(dp?.asDouble ?? dp?.asInt);
          }
          if (!Number.isFinite(value) || (histCount !== null && !Number.isFinite(histCount))) {
            reject(`${name}: the data point has no finite value.`);
            continue;
          }
          points.push({ name, labels, time, value, kind, unit, hist_count: histCount, hist_sum: histSum });
        }
      }
    }
  }
  return { points, rejected, message };
}
