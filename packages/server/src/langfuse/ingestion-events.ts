/**
 * Langfuse ingestion events (`POST /api/public/ingestion`, docs/langfuse-compatibility.md) mapped to
 * Trace Hub inputs, one event at a time. Pure functions: a malformed event maps to an error entry,
 * never an exception.
 *
 * Observations become whole spans upserted by id (fields an event does not send keep their stored
 * value); Langfuse-only fields become `langfuse.*` span attributes named as Langfuse's own OTel
 * exporter names them, so spans from the ingestion API and from OTLP read the same. An observation
 * event maps to an unchecked span (a draft) that `checkObservation` validates: the ingestion service
 * may fold a create and its update into one draft first (ingestion-fold.ts) and check it once.
 */
import { randomUUID } from 'node:crypto';
import {
  describeZodError,
  langfuseSpanType,
  spanInputSchema,
  spanUsageOf,
  summarizeIssues,
  traceInputSchema,
  type TraceInput,
} from '@tracehub/core';
import { z } from 'zod';
import type { SpanUpsert } from '../ingest/span-state.js';
import { jsonOrText } from './reads.js';
import type { LangfuseScoreBody } from './scores.js';

/** One event of a batch, after the envelope was checked. */
export interface LangfuseEventEnvelope {
  id: string;
  type: string;
  timestamp?: unknown;
  body: Record<string, unknown>;
}

/** What one event maps to. */
export type MappedEvent =
  | { kind: 'trace'; eventId: string; trace: TraceInput; timestamp?: number }
  | { kind: 'observation'; eventId: string; draft: ObservationDraft }
  | { kind: 'score'; eventId: string; score: LangfuseScoreBody }
  | { kind: 'ignored'; eventId: string }
  | { kind: 'error'; eventId: string; status: number; message: string };

/**
 * An observation event's span before validation: `checkObservation` turns it into a SpanUpsert or
 * an error. Fields left undefined are not sent; `span_id` and `trace_id` are always there.
 */
export type ObservationDraft = { [K in keyof SpanUpsert]?: unknown } & { span_id: unknown; trace_id: unknown; attributes?: Record<string, unknown> };

/** A checked observation: the span and the trace it goes to. */
export type CheckedObservation = { kind: 'span'; eventId: string; traceId: string; span: SpanUpsert };

/** Idempotency-key prefix of spans written by ingestion events (key = prefix + event id). */
export const LANGFUSE_EVENT_KEY_PREFIX = 'langfuse:event:';

/** The idempotency key of one event's writes. */
export function eventKey(eventId: string): string {
  return `${LANGFUSE_EVENT_KEY_PREFIX}${eventId}`;
}

/** Event types that create an observation, with the Langfuse observation type they create. */
const CREATE_TYPES: Record<string, string | null> = {
  'span-create': 'SPAN',
  'generation-create': 'GENERATION',
  'event-create': 'EVENT',
  'agent-create': 'AGENT',
  'tool-create': 'TOOL',
  'chain-create': 'CHAIN',
  'retriever-create': 'RETRIEVER',
  'evaluator-create': 'EVALUATOR',
  'embedding-create': 'EMBEDDING',
  'guardrail-create': 'GUARDRAIL',
  'observation-create': null,
};
/** Event types that update an observation by id (the legacy one may name the type). */
const UPDATE_TYPES = new Set(['span-update', 'generation-update', 'observation-update']);

/**
 * A whole span whose name may be left out (an update keeps the stored name). Its attributes are
 * built by this module as a plain object with string keys, so they are taken as they are (core's
 * record schema would check each key and copy the object).
 */
const spanUpsertSchema = spanInputSchema.extend({
  name: spanInputSchema.shape.name.optional(),
  attributes: z.custom<Record<string, unknown>>(isRecord).optional(),
});

/** Maps one raw batch entry (`index` names it when it has no id). */
export function mapLangfuseEvent(raw: unknown, index: number): MappedEvent {
  if (!isRecord(raw)) return error(`#${index}`, 'an event must be an object with id, type, timestamp and body');
  const eventId = typeof raw.id === 'string' && raw.id !== '' ? raw.id : `#${index}`;
  if (eventId.startsWith('#')) return error(eventId, 'id: an event needs a string id');
  if (typeof raw.type !== 'string') return error(eventId, 'type: an event needs a type');
  if (!isRecord(raw.body)) return error(eventId, 'body: an event needs an object body');
  const event: LangfuseEventEnvelope = { id: eventId, type: raw.type, timestamp: raw.timestamp, body: raw.body };
  switch (event.type) {
    case 'trace-create':
      return mapTrace(event);
    case 'score-create':
      return { kind: 'score', eventId, score: withScoreDefaults(event) };
    case 'sdk-log':
      return { kind: 'ignored', eventId };
    case 'dataset-run-item-create':
      return error(eventId, 'dataset-run-item-create is not accepted by ingestion; use POST /api/public/dataset-run-items');
    default:
      if (event.type in CREATE_TYPES || UPDATE_TYPES.has(event.type)) return mapObservation(event);
      return error(eventId, `type: "${event.type}" is not a Langfuse ingestion event type`);
  }
}

function mapTrace(event: LangfuseEventEnvelope): MappedEvent {
  const b = event.body;
  const attributes = metadataAttributes(b.metadata, 'langfuse.trace.metadata');
  const trace = {
    trace_id: b.id ?? randomUUID(),
    name: b.name ?? undefined,
    environment: b.environment ?? undefined,
    user_id: b.userId ?? undefined,
    session_id: b.sessionId ?? undefined,
    input_text: b.input == null ? undefined : asText(b.input),
    output_text: b.output == null ? undefined : asText(b.output),
    attributes: Object.keys(attributes).length ? attributes : undefined,
    tags: Array.isArray(b.tags) ? b.tags : undefined,
    release: b.release ?? undefined,
    version: b.version ?? undefined,
  };
  const parsed = traceInputSchema.safeParse({ ...trace, start_time: b.timestamp ?? undefined });
  if (!parsed.success) return invalid(event.id, parsed.error);
  // Langfuse keeps a trace's earliest timestamp: `trace.update()` sends a later one.
  const { start_time: timestamp, ...fields } = parsed.data;
  return { kind: 'trace', eventId: event.id, trace: fields, timestamp };
}

function mapObservation(event: LangfuseEventEnvelope): MappedEvent {
  const b = event.body;
  const isCreate = event.type in CREATE_TYPES;
  const declared = isCreate ? (CREATE_TYPES[event.type] ?? b.type) : event.type === 'observation-update' ? b.type : undefined;
  const observationType = typeof declared === 'string' ? declared.toUpperCase() : undefined;
  if (isCreate && !observationType) return error(event.id, 'body.type: observation-create needs the observation type');
  const id = b.id ?? (isCreate ? randomUUID() : undefined);
  if (id == null) return error(event.id, `body.id: ${event.type} needs the id of the observation it updates`);
  const traceId = b.traceId ?? (isCreate ? randomUUID() : undefined);
  if (traceId == null) return error(event.id, `body.traceId: ${event.type} needs the traceId of the observation`);

  const usage = usageOf(b);
  const attributes: Record<string, unknown> = { ...metadataAttributes(b.metadata, 'langfuse.observation.metadata') };
  const attribute = (key: string, value: unknown) => {
    if (value != null) attributes[key] = value;
  };
  attribute('langfuse.observation.type', observationType);
  attribute('langfuse.observation.model.parameters', b.modelParameters);
  attribute('langfuse.observation.completion_start_time', b.completionStartTime);
  attribute('langfuse.observation.prompt.name', b.promptName);
  attribute('langfuse.observation.prompt.version', b.promptVersion);
  attribute('langfuse.observation.usage_details', usage.details);
  attribute('langfuse.observation.cost_details', usage.costs);
  attribute('langfuse.environment', b.environment);
  attribute('langfuse.version', b.version);

  const startTime = b.startTime ?? (isCreate ? event.timestamp : undefined);
  const isEvent = observationType === 'EVENT';
  const level = typeof b.level === 'string' ? b.level.toUpperCase() : undefined;
  const draft: ObservationDraft = {
    span_id: id,
    trace_id: traceId,
    parent_span_id: b.parentObservationId ?? undefined,
    name: b.name ?? undefined,
    span_type: observationType ? langfuseSpanType(observationType) : undefined,
    status: level === 'ERROR' ? 'error' : undefined,
    start_time: startTime ?? undefined,
    end_time: (isEvent ? (b.endTime ?? startTime) : b.endTime) ?? undefined,
    model: b.model ?? undefined,
    input: b.input ?? undefined,
    output: b.output ?? undefined,
    attributes: Object.keys(attributes).length ? attributes : undefined,
    input_tokens: usage.counts.input_tokens,
    output_tokens: usage.counts.output_tokens,
    total_tokens: usage.counts.total_tokens,
    cached_input_tokens: usage.counts.cached_input_tokens,
    cost: usage.counts.cost,
    level,
    status_message: b.statusMessage ?? undefined,
    idempotency_key: eventKey(event.id),
  };
  return { kind: 'observation', eventId: event.id, draft };
}

/** Validates an observation draft; errors are named for `eventId`. */
export function checkObservation(eventId: string, draft: ObservationDraft): CheckedObservation | MappedEvent {
  const parsed = spanUpsertSchema.safeParse(draft);
  if (!parsed.success) return invalid(eventId, parsed.error);
  return { kind: 'span', eventId, traceId: parsed.data.trace_id ?? String(draft.trace_id), span: parsed.data };
}

/** The score body with the event's id and time as fallbacks (the SDKs always send an id). */
function withScoreDefaults(event: LangfuseEventEnvelope): LangfuseScoreBody {
  const body = event.body as unknown as LangfuseScoreBody;
  return { ...body, id: body.id ?? event.id, timestamp: body.timestamp ?? (typeof event.timestamp === 'string' ? event.timestamp : undefined) };
}

/**
 * Usage and cost: `usageDetails` (a map, or OpenAI's completion or response usage) wins over the
 * legacy `usage` object ({input, output, total, inputCost, …} or OpenAI's camelCase counts);
 * `costDetails` over the legacy costs. Counts come from core's Langfuse rule (spanUsageOf), which
 * adds the cached tokens back to a Langfuse `input`.
 */
function usageOf(b: Record<string, unknown>) {
  // Most events (span creates, updates that only end a span) carry no usage: skip the reading.
  if (b.usageDetails == null && b.usage == null && b.costDetails == null) return { details: undefined, costs: undefined, counts: {} };
  const details = usageDetailsOf(b.usageDetails) ?? legacyUsageOf(b.usage);
  const costs = isRecord(b.costDetails) ? b.costDetails : legacyCostsOf(b.usage);
  const read = spanUsageOf({
    'langfuse.observation.usage_details': details,
    'langfuse.observation.cost_details': costs,
  });
  const counts: Partial<Record<'input_tokens' | 'output_tokens' | 'total_tokens' | 'cached_input_tokens' | 'cost', number>> = {};
  if (details) {
    for (const key of ['input_tokens', 'output_tokens', 'total_tokens', 'cached_input_tokens'] as const) {
      if (read[key] !== undefined) counts[key] = read[key];
    }
  }
  if (costs && read.cost !== undefined) counts.cost = read.cost;
  return { details, costs, counts };
}

/** A usage-details map; OpenAI's `*_tokens_details` are flattened to `input_<key>` / `output_<key>` as Langfuse does. */
function usageDetailsOf(value: unknown): Record<string, unknown> | undefined {
  if (!isRecord(value) || Object.keys(value).length === 0) return undefined;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const prefix = key === 'prompt_tokens_details' || key === 'input_tokens_details' ? 'input_'
      : key === 'completion_tokens_details' || key === 'output_tokens_details' ? 'output_' : null;
    if (prefix && isRecord(v)) {
      for (const [k, count] of Object.entries(v)) if (count != null) out[`${prefix}${k}`] = count;
    } else if (v != null) out[key] = v;
  }
  return out;
}

function legacyUsageOf(value: unknown): Record<string, unknown> | undefined {
  if (!isRecord(value)) return undefined;
  const out: Record<string, unknown> = {};
  const put = (key: string, count: unknown) => {
    if (count != null) out[key] = count;
  };
  put('input', value.input ?? value.promptTokens);
  put('output', value.output ?? value.completionTokens);
  put('total', value.total ?? value.totalTokens);
  return Object.keys(out).length ? out : undefined;
}

function legacyCostsOf(value: unknown): Record<string, unknown> | undefined {
  if (!isRecord(value)) return undefined;
  const out: Record<string, unknown> = {};
  if (value.inputCost != null) out.input = value.inputCost;
  if (value.outputCost != null) out.output = value.outputCost;
  if (value.totalCost != null) out.total = value.totalCost;
  return Object.keys(out).length ? out : undefined;
}

/**
 * Metadata as attributes: an object's keys as they are, anything else under `key` (read back as
 * sent by reads.ts; a string that reads as JSON is stored as its JSON text, so it stays a string).
 */
function metadataAttributes(metadata: unknown, key: string): Record<string, unknown> {
  if (metadata == null) return {};
  if (isRecord(metadata)) return { ...metadata };
  return { [key]: typeof metadata === 'string' && jsonOrText(metadata) !== metadata ? JSON.stringify(metadata) : metadata };
}

function asText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function error(eventId: string, message: string, status = 400): MappedEvent {
  return { kind: 'error', eventId, status, message };
}

function invalid(eventId: string, zodError: z.ZodError): MappedEvent {
  const issues = describeZodError(zodError).map((i) => ({ ...i, path: `body.${i.path}` }));
  return error(eventId, summarizeIssues(issues));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
