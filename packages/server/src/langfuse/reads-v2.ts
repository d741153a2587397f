/**
 * `GET /api/public/v2/observations` (what `@langfuse/client`'s `api.observations.getMany` calls):
 * Fern `ObservationV2` with field groups (`core` always; `basic` by default) and a cursor. Built
 * from the v1 view (reads.ts) so both answer the same values; input and output are raw text, as
 * Langfuse's v2 answers them.
 */
import { z } from 'zod';
import type { SpanView, TraceView } from '@tracehub/core';
import { InvalidError } from '../domain-errors.js';
import { parseWith } from '../parse-input.js';
import type { SpanFilter } from '../storage/store.js';
import { langfuseObservation } from './reads.js';
import { observationListFilter } from './reads-query.js';

/** Largest `limit` of a v2 page (Langfuse's own maximum). */
const MAX_V2_LIMIT = 1000;

const GROUPS = ['core', 'basic', 'time', 'io', 'metadata', 'model', 'usage', 'prompt', 'metrics', 'trace_context'] as const;
type Group = (typeof GROUPS)[number];

const v2Query = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_V2_LIMIT).default(50),
  cursor: z.string().max(200).optional(),
  fields: z.string().max(500).optional(),
  isRootObservation: z.enum(['true', 'false']).optional(),
  sessionId: z.string().min(1).max(512).optional(),
  expandMetadata: z.string().optional(),
  parseIoAsJson: z.enum(['false']).optional(),
});

/** The cursor: the next page number, base64url-encoded. */
const encodeCursor = (page: number) => Buffer.from(JSON.stringify({ page })).toString('base64url');
function decodeCursor(cursor: string): number {
  try {
    const page = (JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { page?: unknown }).page;
    if (typeof page === 'number' && Number.isInteger(page) && page >= 1) return page;
  } catch {
    // answered below
  }
  throw new InvalidError('query.cursor: not a cursor this server answered');
}

/** The v2 query → the span filter, the field groups and the limit. */
export function observationV2Query(query: unknown): { filter: SpanFilter; groups: Set<Group>; limit: number } {
  const raw = (query ?? {}) as Record<string, unknown>;
  const { limit, cursor, fields, isRootObservation, sessionId } = parseWith(v2Query, raw, 'query');
  const { limit: _l, cursor: _c, fields: _f, isRootObservation: _r, sessionId: _s, expandMetadata: _e, parseIoAsJson: _p, ...rest } = raw;
  // An empty parentObservationId selects the spans without a parent.
  const noParent = rest.parentObservationId === '';
  if (noParent) delete rest.parentObservationId;
  const page = cursor ? decodeCursor(cursor) : 1;
  const filter: SpanFilter = { ...observationListFilter(rest), page, page_size: limit, session_id: sessionId };
  if (isRootObservation !== undefined) filter.root = isRootObservation === 'true';
  if (noParent) filter.root = true;
  const groups = new Set<Group>(['core']);
  for (const name of (fields ?? 'core,basic').split(',').map((f) => f.trim()).filter(Boolean)) {
    if (!(GROUPS as readonly string[]).includes(name)) throw new InvalidError(`query.fields: "${name}" is not one of ${GROUPS.join(', ')}`);
    groups.add(name as Group);
  }
  return { filter, groups, limit };
}

const rawText = (value: unknown) => (value == null ? null : typeof value === 'string' ? value : JSON.stringify(value));

/** One span as Fern `ObservationV2`, with the requested field groups; user, session, environment and trace context from its trace. */
export function langfuseObservationV2(s: SpanView, projectId: string, groups: Set<Group>, trace: TraceView | undefined): Record<string, unknown> {
  const v1 = langfuseObservation(s, trace?.environment ?? null);
  const parts: Record<Group, Record<string, unknown>> = {
    core: {
      id: v1.id, traceId: v1.traceId, startTime: v1.startTime, endTime: v1.endTime, projectId, parentObservationId: v1.parentObservationId, type: v1.type,
    },
    basic: {
      isRootObservation: v1.parentObservationId == null, name: v1.name, level: v1.level, statusMessage: v1.statusMessage, version: v1.version,
      environment: v1.environment, bookmarked: false, public: false, userId: trace?.user_id ?? null, sessionId: trace?.session_id ?? null,
    },
    time: { completionStartTime: v1.completionStartTime, createdAt: v1.startTime, updatedAt: v1.endTime ?? v1.startTime },
    io: { input: rawText(v1.input), output: rawText(v1.output) },
    metadata: { metadata: v1.metadata },
    model: { providedModelName: v1.model, internalModelId: null, modelParameters: v1.modelParameters },
    usage: { usageDetails: v1.usageDetails, costDetails: v1.costDetails, totalCost: s.cost, usagePricingTierName: null },
    prompt: { promptId: null, promptName: v1.promptName, promptVersion: v1.promptVersion },
    metrics: { latency: v1.latency, timeToFirstToken: v1.timeToFirstToken },
    trace_context: { traceName: trace?.name ?? null, tags: trace?.tags ?? null, release: trace?.release ?? null },
  };
  const answer: Record<string, unknown> = { modelId: null, inputPrice: null, outputPrice: null, totalPrice: null };
  for (const group of groups) Object.assign(answer, parts[group]);
  return answer;
}

/** The v2 page's `meta`: a cursor while more spans follow. */
export function observationV2Meta(filter: SpanFilter, total: number): { cursor?: string } {
  return filter.page * filter.page_size < total ? { cursor: encodeCursor(filter.page + 1) } : {};
}
