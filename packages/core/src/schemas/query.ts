import { z } from 'zod';
import { wireTime } from '../time.js';
import { decisionActionSchema, statusSchema } from './common.js';

/** A query-string boolean: `true`/`1` or `false`/`0`. */
export const queryBoolean = z.preprocess((value) => {
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  return value;
}, z.boolean());

// NUL cannot be stored or compared by PostgreSQL: a filter holding one is refused, not run.
const queryText = z.string().min(1).max(512).refine((v) => !v.includes('\u0000'), 'must not contain NUL characters');

/** Fields the trace list can be sorted by. */
export const TRACE_SORT_FIELDS = ['start_time', 'latency_ms', 'total_tokens', 'cost', 'name', 'span_count'] as const;

/** `sort=start_time:desc`, `sort=-latency_ms` or `sort=cost` (ascending). Default newest first. */
export const traceSortSchema = z
  .string()
  .default('start_time:desc')
  .transform((value, ctx) => {
    let field = value;
    let direction: 'asc' | 'desc' = 'asc';
    if (value.startsWith('-')) [field, direction] = [value.slice(1), 'desc'];
    else if (value.includes(':')) {
      const [f, d] = value.split(':');
      field = f;
      if (d !== 'asc' && d !== 'desc') {
        ctx.addIssue({ code: 'custom', message: `direction must be asc or desc, got "${d}"` });
        return z.NEVER;
      }
      direction = d;
    }
    if (!(TRACE_SORT_FIELDS as readonly string[]).includes(field)) {
      ctx.addIssue({ code: 'custom', message: `must sort by one of ${TRACE_SORT_FIELDS.join(', ')}` });
      return z.NEVER;
    }
    return { field: field as (typeof TRACE_SORT_FIELDS)[number], direction };
  });

/** A bound of a numeric range filter: a finite number from the query string. */
const queryNumber = z.coerce.number().finite();
const queryBound = queryNumber.nonnegative();

/** Range filters of the trace list, as [min field, max field] pairs (both bounds inclusive). */
export const TRACE_RANGE_FILTERS = [
  ['score_min', 'score_max'],
  ['latency_min', 'latency_max'],
  ['cost_min', 'cost_max'],
  ['tokens_min', 'tokens_max'],
] as const;

/**
 * Query string of `GET /traces`. Unknown parameters are refused (400 naming them). Range filters:
 * `score_name` with `score_min`/`score_max` (a trace with an evaluation of that name scored in the
 * range), `latency_min`/`latency_max` (ms), `cost_min`/`cost_max` (USD), `tokens_min`/`tokens_max`
 * (total tokens); `metadata_key` with `metadata_value`: a trace attribute (top-level key, taken
 * literally, dots and quotes included) whose value reads as that text.
 */
export const traceListQuerySchema = z.strictObject({
  status: statusSchema.optional(),
  model: queryText.optional(),
  environment: queryText.optional(),
  user_id: queryText.optional(),
  session_id: queryText.optional(),
  name: queryText.optional(),
  tag: queryText.optional(),
  decision: decisionActionSchema.optional(),
  has_open_spans: queryBoolean.optional(),
  from: wireTime.optional(),
  to: wireTime.optional(),
  search: z.string().trim().min(1).max(256).optional(),
  score_name: queryText.optional(),
  score_min: queryNumber.optional(),
  score_max: queryNumber.optional(),
  latency_min: queryBound.optional(),
  latency_max: queryBound.optional(),
  cost_min: queryBound.optional(),
  cost_max: queryBound.optional(),
  tokens_min: queryBound.optional(),
  tokens_max: queryBound.optional(),
  metadata_key: queryText.optional(),
  metadata_value: queryText.optional(),
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  page_size: z.coerce.number().int().min(1).max(200).default(20),
  sort: traceSortSchema,
}).superRefine((q, ctx) => {
  for (const [min, max] of TRACE_RANGE_FILTERS) {
    const [low, high] = [q[min], q[max]];
    if (low !== undefined && high !== undefined && low > high) ctx.addIssue({ code: 'custom', path: [min], message: `must not be greater than ${max}` });
  }
  for (const field of ['score_min', 'score_max'] as const) {
    if (q[field] !== undefined && q.score_name === undefined) ctx.addIssue({ code: 'custom', path: [field], message: 'needs score_name' });
  }
  if ((q.metadata_key === undefined) !== (q.metadata_value === undefined)) {
    const missing = q.metadata_key === undefined ? 'metadata_key' : 'metadata_value';
    ctx.addIssue({ code: 'custom', path: [missing], message: `is required with ${missing === 'metadata_key' ? 'metadata_value' : 'metadata_key'}` });
  }
});
export type TraceListQuery = z.output<typeof traceListQuerySchema>;

/**
 * The environment the experiment runner gives its traces (packages/evals trackers/tracehub-payloads.ts:
 * environment `experiment`, tag `experiment`, scores with source `experiment`).
 */
export const EXPERIMENT_ENVIRONMENT = 'experiment';

/**
 * Query string of `GET /traces/stats/overview`. Experiment traces (environment `experiment`) and
 * their scores are left out unless `include_experiments=true` or `environment=experiment`.
 */
export const statsQuerySchema = z.object({
  last_hours: z.coerce.number().positive().max(24 * 366).default(24),
  environment: queryText.optional(),
  name: queryText.optional(),
  include_experiments: queryBoolean.default(false),
});
export type StatsQuery = z.output<typeof statsQuerySchema>;

/** Query string of `GET /sessions`. */
export const sessionListQuerySchema = z.object({
  user_id: queryText.optional(),
  search: z.string().trim().min(1).max(256).optional(),
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  page_size: z.coerce.number().int().min(1).max(200).default(20),
});
export type SessionListQuery = z.output<typeof sessionListQuerySchema>;
