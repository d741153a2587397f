/**
 * Query strings of the Langfuse read routes (Fern `GetTracesRequest`, `GetObservationsRequest`,
 * `GetSessionsRequest`, daily metrics) parsed into Trace Hub's filters. A malformed value is a 400
 * naming the parameter; a parameter Langfuse has but Trace Hub cannot apply is a 501 naming it,
 * never silently ignored.
 */
import { z } from 'zod';
import { isoToMicros, traceListQuerySchema } from '@tracehub/core';
import { InvalidError, NotImplementedError } from '../domain-errors.js';
import { parseWith } from '../parse-input.js';
import type { SessionFilter, SpanFilter, TraceFilter } from '../storage/store.js';
import { spanTypesOf } from './observation-types.js';

/** Largest `limit` a Langfuse list answers (Trace Hub's own lists stop at 200 too). */
export const MAX_LIMIT = 200;

const text = z.string().min(1).max(512).refine((v) => !v.includes('\u0000'), 'must not contain NUL characters');
const time = z.string().transform((value, ctx) => {
  const micros = isoToMicros(value);
  if (micros == null) {
    ctx.addIssue({ code: 'custom', message: `"${value}" is not an ISO 8601 date-time` });
    return z.NEVER;
  }
  return micros;
});
/** One value or the same parameter repeated (`tags=a&tags=b`). */
const many = z.union([text, z.array(text)]).transform((v) => (Array.isArray(v) ? v : [v]));
const paging = {
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(50),
};

const traceQuery = z.object({
  ...paging,
  userId: text.optional(),
  name: text.optional(),
  sessionId: text.optional(),
  fromTimestamp: time.optional(),
  toTimestamp: time.optional(),
  orderBy: z.string().regex(/^[A-Za-z]+\.(asc|desc)$/, 'must be [field].[asc|desc], e.g. timestamp.desc').optional(),
  tags: many.optional(),
  version: text.optional(),
  release: text.optional(),
  environment: many.optional(),
  fields: z.string().optional(),
  filter: z.string().optional(),
});

/** Langfuse orderBy fields → Trace Hub sort fields. */
const ORDER_FIELDS: Record<string, string> = { timestamp: 'start_time', name: 'name' };

function refuse(parameter: string, reason: string): never {
  throw new NotImplementedError(`Trace Hub does not support the Langfuse query parameter "${parameter}": ${reason}.`);
}

function oneEnvironment(environments: string[] | undefined): string | undefined {
  if (environments && environments.length > 1) refuse('environment', 'give at most one environment');
  return environments?.[0];
}

/** The field groups of a trace answer (Langfuse's `fields`: `core` always, all when not given). */
export type TraceFieldGroup = 'core' | 'io' | 'scores' | 'observations' | 'metrics';
const TRACE_FIELD_GROUPS: readonly TraceFieldGroup[] = ['core', 'io', 'scores', 'observations', 'metrics'];

/** `fields=core,io,…` → the groups to answer. */
export function traceFieldGroups(fields: unknown): Set<TraceFieldGroup> {
  if (fields === undefined) return new Set(TRACE_FIELD_GROUPS);
  if (typeof fields !== 'string') throw new InvalidError('query.fields: give the field groups once, comma-separated');
  const groups = new Set<TraceFieldGroup>(['core']);
  for (const name of fields.split(',').map((f) => f.trim()).filter(Boolean)) {
    if (!(TRACE_FIELD_GROUPS as readonly string[]).includes(name)) {
      throw new InvalidError(`query.fields: "${name}" is not one of ${TRACE_FIELD_GROUPS.join(', ')}`);
    }
    groups.add(name as TraceFieldGroup);
  }
  return groups;
}

/** `GET /api/public/traces` query → page, limit, the trace filter and the field groups. */
export function traceListFilter(query: unknown): { page: number; limit: number; filter: TraceFilter; fields: Set<TraceFieldGroup> } {
  const q = parseWith(traceQuery, query, 'query');
  if (q.filter !== undefined) refuse('filter', 'use userId, name, sessionId, tags, version, release, environment, fromTimestamp and toTimestamp');
  let sort = 'start_time:desc';
  if (q.orderBy) {
    const [field, direction] = q.orderBy.split('.');
    if (!ORDER_FIELDS[field]) refuse('orderBy', `traces can be ordered by timestamp or name, not "${field}"`);
    sort = `${ORDER_FIELDS[field]}:${direction}`;
  }
  const base = traceListQuerySchema.parse({ page: q.page, page_size: q.limit, sort });
  return {
    page: q.page,
    limit: q.limit,
    fields: traceFieldGroups(q.fields),
    filter: {
      ...base,
      user_id: q.userId,
      name: q.name,
      session_id: q.sessionId,
      from: q.fromTimestamp,
      to: q.toTimestamp,
      environment: oneEnvironment(q.environment),
      tags: q.tags,
      version: q.version,
      release: q.release,
    },
  };
}

const observationQuery = z.object({
  ...paging,
  name: text.optional(),
  userId: text.optional(),
  type: text.optional(),
  traceId: text.optional(),
  level: z.enum(['DEBUG', 'DEFAULT', 'WARNING', 'ERROR']).optional(),
  parentObservationId: text.optional(),
  environment: many.optional(),
  fromStartTime: time.optional(),
  toStartTime: time.optional(),
  version: text.optional(),
  filter: z.string().optional(),
});

/** `GET /api/public/observations` query → the span filter (Langfuse `type` → Trace Hub span types). */
export function observationListFilter(query: unknown): SpanFilter {
  const q = parseWith(observationQuery, query, 'query');
  if (q.filter !== undefined) refuse('filter', 'use name, userId, type, traceId, level, parentObservationId, fromStartTime and toStartTime');
  if (q.version !== undefined) refuse('version', 'observations are not filtered by version');
  if (q.environment !== undefined) refuse('environment', 'observations are not filtered by environment');
  let spanTypes: string[] | undefined;
  if (q.type !== undefined) {
    const types = spanTypesOf(q.type);
    if (!types) refuse('type', `"${q.type}" is not a Langfuse observation type`);
    spanTypes = types;
  }
  return {
    page: q.page,
    page_size: q.limit,
    trace_id: q.traceId,
    name: q.name,
    user_id: q.userId,
    span_types: spanTypes,
    parent_span_id: q.parentObservationId,
    level: q.level,
    from: q.fromStartTime,
    to: q.toStartTime,
  };
}

const sessionQuery = z.object({ ...paging, fromTimestamp: time.optional(), toTimestamp: time.optional(), environment: many.optional() });

/** `GET /api/public/sessions` query → the session filter. */
export function sessionListFilter(query: unknown): { page: number; limit: number; filter: SessionFilter } {
  const q = parseWith(sessionQuery, query, 'query');
  if (q.environment !== undefined) refuse('environment', 'sessions are not filtered by environment');
  return { page: q.page, limit: q.limit, filter: { page: q.page, page_size: q.limit, from: q.fromTimestamp, to: q.toTimestamp } };
}

const dailyQuery = z.object({
  ...paging,
  traceName: text.optional(),
  userId: text.optional(),
  tags: many.optional(),
  environment: many.optional(),
  fromTimestamp: time.optional(),
  toTimestamp: time.optional(),
});

/** `GET /api/public/metrics/daily` query: paging and the time window (the per-trace filters are refused). */
export function dailyMetricsQuery(query: unknown): { page: number; limit: number; from?: number; to?: number } {
  const q = parseWith(dailyQuery, query, 'query');
  for (const key of ['traceName', 'userId', 'tags', 'environment'] as const) {
    if (q[key] !== undefined) refuse(key, 'daily metrics are read from per-minute rollups, which keep totals per model, not per trace');
  }
  return { page: q.page, limit: q.limit, from: q.fromTimestamp, to: q.toTimestamp };
}
