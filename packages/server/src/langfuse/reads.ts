/**
 * Trace Hub traces, spans and sessions in the Langfuse public API's answer shapes (Fern
 * `TraceWithDetails`, `TraceWithFullDetails`, `ObservationsView`, `Session`, `SessionWithTraces`).
 * Pure functions; the routes in routes/langfuse/ call the services and these.
 *
 * Langfuse-only observation fields (completion start, model parameters, prompt, metadata,
 * usage/cost details as sent) are read back from the span attributes the Langfuse OTel SDKs set
 * (`langfuse.observation.*`); without them they are derived from Trace Hub's columns.
 */
import type { EvalView, SpanView, TraceView } from '@tracehub/core';
import { evalToLangfuseScore, type LangfuseScore } from './scores.js';
import { observationTypeOf } from './observation-types.js';

/** A Langfuse page's `meta`. */
export interface LangfuseMeta {
  page: number;
  limit: number;
  totalItems: number;
  totalPages: number;
}

/** `{data, meta}` of a Langfuse list answer. */
export function langfusePage<T>(data: T[], page: number, limit: number, totalItems: number): { data: T[]; meta: LangfuseMeta } {
  return { data, meta: { page, limit, totalItems, totalPages: Math.ceil(totalItems / limit) } };
}

/** Text that holds a JSON object, array or string reads as that JSON; other text stays text. */
export function jsonOrText(text: string | null): unknown {
  if (text == null) return null;
  const first = text.trimStart()[0];
  if (first !== '{' && first !== '[' && first !== '"') return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const seconds = (ms: number | null) => (ms == null ? null : ms / 1000);

/** A Trace Hub time (ISO with microseconds) as Langfuse writes times: ISO with milliseconds. */
export function langfuseTime(iso: string): string;
export function langfuseTime(iso: string | null): string | null;
export function langfuseTime(iso: string | null): string | null {
  return iso == null ? null : new Date(iso).toISOString();
}

/** The fields of Fern `Trace`. */
export function langfuseTrace(t: TraceView) {
  return {
    id: t.trace_id,
    timestamp: langfuseTime(t.start_time),
    name: t.name,
    input: jsonOrText(t.input_text),
    output: jsonOrText(t.output_text),
    sessionId: t.session_id,
    release: t.release,
    version: t.version,
    userId: t.user_id,
    metadata: traceMetadata(t.attributes ?? {}),
    tags: t.tags ?? [],
    public: false,
    environment: t.environment ?? 'default',
  };
}

/**
 * A trace's Langfuse metadata: what the OTLP mapping keeps under `metadata` (from
 * `langfuse.trace.metadata*`), else metadata that is not an object as ingestion sent it
 * (`langfuse.trace.metadata`, the only attribute), else the trace attributes (where ingestion and
 * Trace Hub's own API put it).
 */
function traceMetadata(attributes: Record<string, unknown>): unknown {
  const nested = attributes.metadata;
  if (typeof nested === 'object' && nested !== null && !Array.isArray(nested)) return nested;
  const keys = Object.keys(attributes);
  return keys.length === 1 && keys[0] === 'langfuse.trace.metadata' ? jsonAttribute(attributes, keys[0]) : attributes;
}

/** Fern `TraceWithDetails` (a trace list item): observation and score ids. */
export function langfuseTraceWithDetails(t: TraceView, observationIds: string[], scoreIds: string[]) {
  return {
    ...langfuseTrace(t),
    htmlPath: `/traces/${encodeURIComponent(t.trace_id)}`,
    // Numbers, never null: SDKs generated from older Langfuse definitions (Python v2) require them.
    latency: seconds(t.latency_ms) ?? 0,
    totalCost: t.cost ?? 0,
    observations: observationIds,
    scores: scoreIds,
  };
}

/** Fern `TraceWithFullDetails`: observations and scores as objects. */
export function langfuseFullTrace(parts: { trace: TraceView; spans: SpanView[]; evals: EvalView[] }) {
  const environment = parts.trace.environment;
  return {
    ...langfuseTraceWithDetails(parts.trace, [], []),
    observations: parts.spans.map((s) => langfuseObservation(s, environment)),
    scores: parts.evals.map((e) => {
      const score = evalToLangfuseScore(e);
      return { ...score, timestamp: langfuseTime(score.timestamp), createdAt: langfuseTime(score.createdAt), updatedAt: langfuseTime(score.updatedAt) };
    }),
  };
}

/**
 * A trace answer with only the requested field groups, as Langfuse answers `fields`: without `io`
 * no input, output and metadata; without `observations`/`scores` empty lists; without `metrics`
 * `latency` and `totalCost` are -1.
 */
export function withTraceFields<T extends { latency: number; totalCost: number; observations: unknown[]; scores: unknown[] }>(
  answer: T & { input?: unknown; output?: unknown; metadata?: unknown },
  fields: Set<string>,
): T {
  const shaped = { ...answer };
  if (!fields.has('io')) {
    delete shaped.input;
    delete shaped.output;
    delete shaped.metadata;
  }
  if (!fields.has('observations')) shaped.observations = [];
  if (!fields.has('scores')) shaped.scores = [];
  if (!fields.has('metrics')) Object.assign(shaped, { latency: -1, totalCost: -1 });
  return shaped;
}

/** The score ids of a trace's evaluations, as Langfuse reads them. */
export function scoreIds(evals: EvalView[]): string[] {
  return evals.map((e): LangfuseScore['id'] => evalToLangfuseScore(e).id);
}

const LF = 'langfuse.observation.';

/** Langfuse's observation levels; a span level outside them (Trace Hub's own API takes any text) reads as DEFAULT. */
const LEVELS = new Set(['DEBUG', 'DEFAULT', 'WARNING', 'ERROR']);

/** An attribute that may hold JSON text (the Langfuse SDKs send objects as JSON strings). */
function jsonAttribute(attributes: Record<string, unknown>, key: string): unknown {
  const value = attributes[key];
  return typeof value === 'string' ? jsonOrText(value) : value;
}

function recordAttribute(attributes: Record<string, unknown>, key: string): Record<string, number> | undefined {
  const value = jsonAttribute(attributes, key);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const numbers = Object.entries(value).filter((entry): entry is [string, number] => typeof entry[1] === 'number');
  return numbers.length > 0 ? Object.fromEntries(numbers) : undefined;
}

/** A metadata value as the SDKs flatten it: strings as they are, anything else as JSON text. */
function metadataValue(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/**
 * `langfuse.observation.metadata` (an object) merged with `langfuse.observation.metadata.<key>`
 * attributes; metadata that is not an object (a string, a list, a number) as it was sent.
 */
function metadataOf(attributes: Record<string, unknown>): unknown {
  const whole = jsonAttribute(attributes, `${LF}metadata`);
  const isObject = typeof whole === 'object' && whole !== null && !Array.isArray(whole);
  const metadata: Record<string, unknown> = isObject ? { ...whole } : {};
  for (const [key, value] of Object.entries(attributes)) {
    if (key.startsWith(`${LF}metadata.`)) metadata[key.slice(LF.length + 'metadata.'.length)] = metadataValue(value);
  }
  if (whole !== undefined && !isObject && Object.keys(metadata).length === 0) return whole;
  return Object.keys(metadata).length > 0 || whole !== undefined ? metadata : undefined;
}

/** Attributes other than the `langfuse.*` ones this answer reads into its own fields. */
function withoutLangfuseKeys(attributes: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(attributes).filter(([key]) => !key.startsWith('langfuse.')));
}

/**
 * Langfuse usage details of a span: as sent (`langfuse.observation.usage_details`), else from the
 * token columns. Trace Hub's `input_tokens` include the cached ones; Langfuse's `input` does not
 * (the reverse of core's span-usage rule), so the cached count is taken off and reported apart.
 */
export function usageDetailsOf(s: SpanView): Record<string, number> {
  const sent = recordAttribute(s.attributes ?? {}, `${LF}usage_details`);
  if (sent) return sent;
  const details: Record<string, number> = {};
  const cached = s.cached_input_tokens ?? 0;
  if (s.input_tokens != null) details.input = Math.max(0, s.input_tokens - cached);
  if (cached > 0) details.input_cached_tokens = cached;
  if (s.output_tokens != null) details.output = s.output_tokens;
  if (s.total_tokens != null) details.total = s.total_tokens;
  return details;
}

/** Langfuse cost details of a span: as sent (`langfuse.observation.cost_details`), else `{total}` from its cost. */
export function costDetailsOf(s: SpanView): Record<string, number> {
  return recordAttribute(s.attributes ?? {}, `${LF}cost_details`) ?? (s.cost != null ? { total: s.cost } : {});
}

function timeAttribute(attributes: Record<string, unknown>, key: string): string | null {
  const value = jsonAttribute(attributes, key);
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const time = new Date(value);
  return Number.isNaN(time.getTime()) ? null : time.toISOString();
}

const textAttribute = (attributes: Record<string, unknown>, key: string): string | null =>
  typeof attributes[key] === 'string' ? (attributes[key] as string) : attributes[key] != null ? String(attributes[key]) : null;

/** Fern `ObservationsView`: a span as a Langfuse observation. */
export function langfuseObservation(s: SpanView, environment: string | null) {
  const attributes = s.attributes ?? {};
  const usageDetails = usageDetailsOf(s);
  const costDetails = costDetailsOf(s);
  const completionStartTime = timeAttribute(attributes, `${LF}completion_start_time`);
  const promptVersion = Number(attributes[`${LF}prompt.version`]);
  const startMs = Date.parse(s.start_time);
  return {
    id: s.span_id,
    traceId: s.trace_id,
    type: observationTypeOf(s.span_type),
    name: s.name,
    startTime: langfuseTime(s.start_time),
    endTime: langfuseTime(s.end_time),
    completionStartTime,
    model: s.model,
    modelParameters: jsonAttribute(attributes, `${LF}model.parameters`) ?? null,
    input: s.input,
    output: s.output,
    version: textAttribute(attributes, 'langfuse.version'),
    metadata: metadataOf(attributes) ?? withoutLangfuseKeys(attributes),
    usage: {
      input: usageDetails.input ?? 0,
      output: usageDetails.output ?? 0,
      total: usageDetails.total ?? s.total_tokens ?? 0,
      unit: s.total_tokens != null || s.input_tokens != null ? 'TOKENS' : null,
      inputCost: costDetails.input,
      outputCost: costDetails.output,
      totalCost: s.cost ?? undefined,
    },
    level: LEVELS.has(s.level?.toUpperCase()) ? s.level.toUpperCase() : 'DEFAULT',
    statusMessage: s.status_message,
    parentObservationId: s.parent_span_id,
    promptId: null,
    promptName: textAttribute(attributes, `${LF}prompt.name`),
    promptVersion: Number.isInteger(promptVersion) && attributes[`${LF}prompt.version`] != null ? promptVersion : null,
    usageDetails,
    costDetails,
    environment: environment ?? 'default',
    modelId: null,
    inputPrice: null,
    outputPrice: null,
    totalPrice: null,
    calculatedInputCost: costDetails.input ?? null,
    calculatedOutputCost: costDetails.output ?? null,
    calculatedTotalCost: s.cost,
    latency: seconds(s.latency_ms),
    timeToFirstToken: completionStartTime ? Math.max(0, Date.parse(completionStartTime) - startMs) / 1000 : null,
  };
}
