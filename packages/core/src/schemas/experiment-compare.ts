/** Wire format of a comparison of two experiment runs (`GET /experiments/compare`, `tracehub experiment compare`). */
import { z } from 'zod';

const nullableNumber = z.number().nullable();

/** Which way a difference goes for run B against run A. */
export const changeDirectionSchema = z.enum(['better', 'worse', 'same']);

/** A numeric metric (mean score) compared over paired items: B − A with a paired-bootstrap confidence interval. */
export const metricComparisonSchema = z.object({
  metric: z.string(),
  /** Items scored in both runs. */
  n: z.number(),
  a_mean: nullableNumber,
  b_mean: nullableNumber,
  delta: nullableNumber,
  ci_low: nullableNumber,
  ci_high: nullableNumber,
  /** The interval excludes zero. */
  significant: z.boolean(),
  direction: changeDirectionSchema,
});
export type MetricComparison = z.infer<typeof metricComparisonSchema>;

/** Pass/fail compared with McNemar's test over the discordant pairs. */
export const passFailComparisonSchema = z.object({
  metric: z.string(),
  n: z.number(),
  a_pass_rate: nullableNumber,
  b_pass_rate: nullableNumber,
  /** Passed in A, failed in B. */
  regressions: z.number(),
  /** Failed in A, passed in B. */
  improvements: z.number(),
  /** `exact` binomial for fewer than 25 discordant pairs, else chi-squared with continuity correction. */
  test: z.enum(['exact', 'chi_squared', 'none']),
  p_value: z.number(),
  significant: z.boolean(),
  direction: changeDirectionSchema,
});
export type PassFailComparison = z.infer<typeof passFailComparisonSchema>;

/** One item that got worse (or better) from A to B. */
export const itemChangeSchema = z.object({
  key: z.string(),
  item_id: z.string(),
  repetition: z.number(),
  a_score: nullableNumber,
  b_score: nullableNumber,
  delta: nullableNumber,
  a_passed: z.boolean(),
  b_passed: z.boolean(),
  /** Evaluators whose pass/fail or score changed in this direction. */
  metrics: z.array(z.string()),
  a_trace_id: z.string().nullable(),
  b_trace_id: z.string().nullable(),
});
export type ItemChange = z.infer<typeof itemChangeSchema>;

/** What a run evaluated, as far as it is known (null fields: not recorded). */
const runSubjectSchema = z.object({ name: z.string().nullable(), version: z.string().nullable(), sha256: z.string().nullable() });

/**
 * What the two runs do not share. Only shared items × shared evaluators are compared (the overall
 * score and pass/fail of each item are recomputed over the shared evaluators when the sets differ).
 * `notes` says each difference in one line, the same way in the CLI and the API.
 */
export const runDifferencesSchema = z.object({
  /** Evaluators both runs have: the ones compared. */
  evaluators: z.array(z.string()),
  evaluators_only_in_a: z.array(z.string()),
  evaluators_only_in_b: z.array(z.string()),
  /** Keys of items only in one run (the first 100, sorted; the counts are `only_in_a` / `only_in_b`). */
  items_only_in_a: z.array(z.string()),
  items_only_in_b: z.array(z.string()),
  /** Dataset and prompt of each run; `*_differs` is null when a run does not record them. */
  dataset: z.object({ a: runSubjectSchema.nullable(), b: runSubjectSchema.nullable(), differs: z.boolean().nullable() }),
  prompt: z.object({ a: runSubjectSchema.nullable(), b: runSubjectSchema.nullable(), differs: z.boolean().nullable() }),
  notes: z.array(z.string()),
});
export type RunDifferences = z.infer<typeof runDifferencesSchema>;

/** The whole comparison. `verdict` is `worse` when B is significantly worse on the overall score or pass rate. */
export const experimentComparisonSchema = z.object({
  a: z.object({ run_id: z.string(), name: z.string(), items: z.number() }),
  b: z.object({ run_id: z.string(), name: z.string(), items: z.number() }),
  paired: z.number(),
  only_in_a: z.number(),
  only_in_b: z.number(),
  confidence: z.number(),
  alpha: z.number(),
  resamples: z.number(),
  seed: z.number(),
  metrics: z.array(metricComparisonSchema),
  pass_fail: z.array(passFailComparisonSchema),
  regressions: z.array(itemChangeSchema),
  improvements: z.array(itemChangeSchema),
  verdict: z.enum(['worse', 'better', 'mixed', 'no_significant_difference']),
  differences: runDifferencesSchema,
});
export type ExperimentComparison = z.infer<typeof experimentComparisonSchema>;
