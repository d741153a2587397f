/** Wire format of experiments (`/api/v1/experiments`): runs, their items and per-item scores. */
import { z } from 'zod';
import { wireTime } from '../time.js';
import { costSchema, idSchema, MAX_TOKEN_COUNT, scoreSchema } from './common.js';

const noNul = (value: string) => !value.includes('\u0000');
const text = (max: number) => z.string().max(max).refine(noNul, 'must not contain NUL characters');
const optionalText = (max: number) => text(max).nullable().optional();
const count = z.number().int().nonnegative().max(MAX_TOKEN_COUNT, `must be at most ${MAX_TOKEN_COUNT.toLocaleString('en-US')}`);

/** The structured comment every experiment score carries (seed 000, Phase 8). */
export const scoreCommentSchema = z.object({
  passed_items: z.array(z.string()),
  failed_items: z.array(z.string()),
  reasoning: z.string(),
  suggestions: z.array(z.string()),
});
export type ScoreComment = z.infer<typeof scoreCommentSchema>;

/** `ok` = scored; `error` = the evaluator could not score (never a pass); `skipped` = nothing to check. */
export const scoreStatusSchema = z.enum(['ok', 'error', 'skipped']);
export type ScoreStatus = z.infer<typeof scoreStatusSchema>;

/** One evaluator's score of one item. */
export const experimentScoreSchema = z.object({
  score: scoreSchema.nullable(),
  passed: z.boolean().nullable(),
  status: scoreStatusSchema,
  comment: scoreCommentSchema,
  weight: z.number().finite().nonnegative().max(1e6).default(1),
  threshold: scoreSchema.nullable().default(null),
  eval_model: text(256).nullable().optional(),
});
export type ExperimentScore = z.output<typeof experimentScoreSchema>;

/** An experiment run id: letters, digits, `_`, `-`, `.`, `:` (at most 128). */
export const experimentRunIdSchema = z.string().regex(/^[A-Za-z0-9_.:-]{1,128}$/, 'must be 1–128 letters, digits, "_", "-", "." or ":"');

/** One item of a run (one dataset item × one repetition). `key` is unique within the run. */
export const experimentItemInputSchema = z.object({
  key: text(300).pipe(z.string().min(1, 'must not be empty')),
  item_id: text(256).pipe(z.string().min(1, 'must not be empty')),
  repetition: z.number().int().min(1).max(10_000).default(1),
  trace_id: idSchema.refine(noNul, 'must not contain NUL characters').nullable().optional(),
  status: z.enum(['ok', 'error']),
  passed: z.boolean(),
  score: scoreSchema.nullable(),
  scores: z.record(z.string().min(1).max(128), experimentScoreSchema).default({}),
  input: z.unknown().optional(),
  /** Text; NUL characters are dropped on store. */
  output: z.string().max(5_000_000).nullable().optional(),
  expected: z.unknown().optional(),
  metadata: z.record(z.string(), z.unknown()).default({}),
  /** At most 1e10 ms (about 115 days). */
  latency_ms: z.number().finite().nonnegative().max(1e10, 'must be at most 1e10 ms').nullable().optional(),
  cost: costSchema.nullable().optional(),
  input_tokens: count.nullable().optional(),
  output_tokens: count.nullable().optional(),
  /** Text; NUL characters are dropped on store. */
  error: z.string().max(10_000).nullable().optional(),
});
export type ExperimentItemInput = z.output<typeof experimentItemInputSchema>;

/** Status of a run. */
export const experimentStatusSchema = z.enum(['running', 'completed', 'failed', 'interrupted']);

/** A run's summary and its link keys (seed 004: run_id, dataset, model, prompt, retrieval, profile, git, pipeline). */
export const experimentRunInputSchema = z.object({
  run_id: experimentRunIdSchema,
  name: text(256).pipe(z.string().min(1, 'must not be empty')),
  status: experimentStatusSchema.default('completed'),
  dataset_name: text(256).pipe(z.string().min(1, 'must not be empty')),
  dataset_version: optionalText(128),
  dataset_sha256: optionalText(128),
  model_name: text(256).pipe(z.string().min(1, 'must not be empty')),
  model_version: optionalText(128),
  provider: optionalText(128),
  prompt_name: optionalText(256),
  prompt_version: optionalText(128),
  retrieval_version: optionalText(128),
  evaluation_profile: optionalText(128),
  git_commit: optionalText(128),
  git_branch: optionalText(256),
  pipeline_version: optionalText(128),
  started_at: wireTime.optional(),
  finished_at: wireTime.nullable().optional(),
  /** Counts and totals: items, passed, failed, errors, pass_rate, mean_score, cost, tokens. */
  summary: z.record(z.string(), z.unknown()).default({}),
  /** metrics.json of the run (axes, scores, aggregations, by_group). */
  metrics: z.record(z.string(), z.unknown()).default({}),
  /** run_config.json of the run (evaluators, concurrency, repetitions, trackers …). */
  config: z.record(z.string(), z.unknown()).default({}),
});
export type ExperimentRunInput = z.output<typeof experimentRunInputSchema>;

/**
 * Body of `POST /experiments`: create or update a run, and add (or replace, by key) items.
 * Large runs are sent in several requests of at most 5,000 items with the same run.
 */
export const createExperimentBodySchema = z
  .object({
    run: experimentRunInputSchema,
    items: z.array(experimentItemInputSchema).max(5_000).default([]),
  })
  .superRefine((body, ctx) => {
    const seen = new Set<string>();
    body.items.forEach((item, index) => {
      if (seen.has(item.key)) ctx.addIssue({ code: 'custom', path: ['items', index, 'key'], message: `repeats the key "${item.key}"` });
      seen.add(item.key);
    });
  });
export type CreateExperimentBody = z.output<typeof createExperimentBodySchema>;

const queryText = z.string().min(1).max(256);

/** Query of `GET /experiments`. */
export const experimentListQuerySchema = z.object({
  name: queryText.optional(),
  dataset_name: queryText.optional(),
  prompt_name: queryText.optional(),
  model_name: queryText.optional(),
  status: experimentStatusSchema.optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  page_size: z.coerce.number().int().min(1).max(200).default(50),
});
export type ExperimentListQuery = z.output<typeof experimentListQuerySchema>;

/** Most bootstrap resamples a comparison may ask for (the server also bounds items × resamples). */
export const MAX_COMPARE_RESAMPLES = 10_000;

/** Query of `GET /experiments/compare`: run A (baseline) and run B (candidate). */
export const experimentCompareQuerySchema = z.object({
  a: experimentRunIdSchema,
  b: experimentRunIdSchema,
  resamples: z.coerce.number().int().min(100).max(MAX_COMPARE_RESAMPLES).default(2000),
  seed: z.coerce.number().int().min(0).max(2 ** 31).default(42),
  alpha: z.coerce.number().gt(0).lt(0.5).default(0.05),
});
export type ExperimentCompareQuery = z.output<typeof experimentCompareQuerySchema>;

/** A run as the API shows it. */
export const experimentViewSchema = z.object({
  run_id: z.string(),
  name: z.string(),
  status: experimentStatusSchema,
  dataset_name: z.string(),
  dataset_version: z.string().nullable(),
  dataset_sha256: z.string().nullable(),
  model_name: z.string(),
  model_version: z.string().nullable(),
  provider: z.string().nullable(),
  prompt_name: z.string().nullable(),
  prompt_version: z.string().nullable(),
  retrieval_version: z.string().nullable(),
  evaluation_profile: z.string().nullable(),
  git_commit: z.string().nullable(),
  git_branch: z.string().nullable(),
  pipeline_version: z.string().nullable(),
  started_at: z.string().nullable(),
  finished_at: z.string().nullable(),
  item_count: z.number(),
  summary: z.record(z.string(), z.unknown()),
  metrics: z.record(z.string(), z.unknown()),
  config: z.record(z.string(), z.unknown()),
  created_at: z.string(),
  updated_at: z.string(),
});
export type ExperimentView = z.infer<typeof experimentViewSchema>;

/** An item as the API shows it. */
export const experimentItemViewSchema = z.object({
  key: z.string(),
  item_id: z.string(),
  repetition: z.number(),
  trace_id: z.string().nullable(),
  status: z.enum(['ok', 'error']),
  passed: z.boolean(),
  score: z.number().nullable(),
  scores: z.record(z.string(), experimentScoreSchema),
  input: z.unknown(),
  output: z.string().nullable(),
  expected: z.unknown(),
  metadata: z.record(z.string(), z.unknown()),
  latency_ms: z.number().nullable(),
  cost: z.number().nullable(),
  input_tokens: z.number().nullable(),
  output_tokens: z.number().nullable(),
  error: z.string().nullable(),
});
export type ExperimentItemView = z.infer<typeof experimentItemViewSchema>;

/** Answer of `GET /experiments`. */
export const experimentListResponseSchema = z.object({
  items: z.array(experimentViewSchema),
  page: z.number(),
  page_size: z.number(),
  total: z.number(),
});
export type ExperimentListResponse = z.infer<typeof experimentListResponseSchema>;

/** Answer of `GET /experiments/{run_id}`. */
export const experimentDetailSchema = z.object({
  experiment: experimentViewSchema,
  items: z.array(experimentItemViewSchema),
});
export type ExperimentDetail = z.infer<typeof experimentDetailSchema>;

/** Answer of `POST /experiments`. */
export const createExperimentResultSchema = z.object({
  created: z.boolean(),
  experiment: experimentViewSchema,
  items_written: z.number(),
});
export type CreateExperimentResult = z.infer<typeof createExperimentResultSchema>;
