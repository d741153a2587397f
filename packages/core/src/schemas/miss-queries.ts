/** `GET /miss-queries`: the questions the application answered badly, grouped by similar text (docs/monitoring.md). */
import { z } from 'zod';
import { queryBoolean } from './query.js';

/** The `expected.json` entry a new dataset item starts with (seed 000: keywords, forbidden, reference). */
export const EXPECTED_OUTPUT_STUB = { keywords: [] as string[], forbidden: [] as string[], reference: {} as Record<string, unknown> };

/** Query string of `GET /miss-queries`. */
export const missQueriesQuerySchema = z.object({
  last_hours: z.coerce.number().positive().max(24 * 366).default(24),
  /** Most groups answered (largest first). */
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** Jaccard similarity (character bigrams) at which two normalised inputs share a group. */
  similarity: z.coerce.number().min(0.3).max(1).default(0.6),
  include_experiments: queryBoolean.default(false),
});
export type MissQueriesQuery = z.output<typeof missQueriesQuerySchema>;

/** Why a group's traces count as misses. */
export const missQueryReasonsSchema = z.object({
  /** Failing scores by name (any source except `user`). */
  failed_evals: z.array(z.object({ eval_name: z.string(), count: z.number().int() })),
  /** Traces with negative user feedback: a failing `user` score or `user_review_passed = false`. */
  negative_feedback: z.number().int(),
  /** Traces whose latest decision is BLOCK or ESCALATE, by action. */
  decisions: z.record(z.string(), z.number().int()),
  /** Traces with status `error`. */
  errors: z.number().int(),
});

/** One example trace of a group. */
export const missQueryExampleSchema = z.object({
  trace_id: z.string(),
  name: z.string().nullable(),
  start_time: z.string(),
  input_text: z.string(),
});

/** One group of similar inputs. */
export const missQueryGroupSchema = z.object({
  rank: z.number().int(),
  count: z.number().int(),
  /** The input shown for the group: the first (newest) one with its most common normal form. */
  representative_input: z.string(),
  representative_trace_id: z.string(),
  normalized: z.string(),
  first_seen: z.string(),
  last_seen: z.string(),
  reasons: missQueryReasonsSchema,
  /** The newest traces of the group (at most 5). */
  examples: z.array(missQueryExampleSchema),
});

/** The answer of `GET /miss-queries`. */
export const missQueriesSchema = z.object({
  from: z.string(),
  to: z.string(),
  last_hours: z.number(),
  similarity: z.number(),
  /** Traces that went wrong in the window and were read (newest first). */
  candidates: z.number().int(),
  /** At most this many candidates are read per request. */
  candidate_limit: z.number().int(),
  /** True when the window held more candidates than were read: the groups cover the newest ones. */
  capped: z.boolean(),
  /** Candidates without input text (not grouped). */
  without_input: z.number().int(),
  /** All groups found; `groups` lists the largest `limit`. */
  total_groups: z.number().int(),
  groups: z.array(missQueryGroupSchema),
  /** The expected_output stub for "add to dataset" (seed 000's expected.json entry). */
  expected_output_stub: z.object({ keywords: z.array(z.string()), forbidden: z.array(z.string()), reference: z.record(z.string(), z.unknown()) }),
});
export type MissQueries = z.infer<typeof missQueriesSchema>;
export type MissQueryGroup = z.infer<typeof missQueryGroupSchema>;
