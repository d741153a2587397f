/**
 * Wire format of a comparison of several experiment runs (`GET /experiments/matrix`,
 * `tracehub experiment compare A B C …`): a prompts × models matrix against a baseline run, and the
 * pass@k and flakiness of repeated outcomes (a run's repetitions, or several runs of one prompt × model).
 */
import { z } from 'zod';
import { changeDirectionSchema, experimentComparisonSchema } from './experiment-compare.js';
import { experimentCompareQuerySchema, experimentRunIdSchema } from './experiment.js';

const nullableNumber = z.number().nullable();

/** Most runs one matrix compares. */
export const MAX_MATRIX_RUNS = 12;

/** The stability of one item over its outcomes (repetitions, then runs). */
export const itemStabilitySchema = z.object({
  item_id: z.string(),
  /** Outcomes (repetitions × runs). */
  n: z.number(),
  passed: z.number(),
  /** Times pass/fail changed from one outcome to the next. */
  flips: z.number(),
  /** flips / (n − 1); 0 with one outcome. */
  flip_rate: z.number(),
  /** Pass/fail in order, e.g. `PFPP`. */
  outcomes: z.string(),
});
export type ItemStability = z.infer<typeof itemStabilitySchema>;

/** Flakiness over a set of items: how often the same item's pass/fail flips. */
export const flakinessSchema = z.object({
  items: z.number(),
  /** Most outcomes of an item. */
  outcomes_per_item: z.number(),
  /** Items that both passed and failed. */
  flaky_items: z.number(),
  flaky_rate: nullableNumber,
  /** Mean of the items' flip rates. */
  mean_flip_rate: nullableNumber,
  /** The flakiest items (highest flip rate, then pass share nearest one half). */
  flakiest: z.array(itemStabilitySchema),
});
export type Flakiness = z.infer<typeof flakinessSchema>;

/** pass@k (`{"1": …, "5": …}`, null for a k no item has k outcomes for) and flakiness. */
export const repetitionStatsSchema = z.object({
  pass_at_k: z.record(z.string(), nullableNumber),
  flakiness: flakinessSchema,
});
export type RepetitionStats = z.infer<typeof repetitionStatsSchema>;

/** A run's difference from the baseline on one metric. */
export const matrixSignificanceSchema = z.object({
  /** Run − baseline (mean score, or pass rate for `pass_rate`). */
  delta: nullableNumber,
  /** Paired-bootstrap interval (score metrics); null for `pass_rate`. */
  ci_low: nullableNumber,
  ci_high: nullableNumber,
  /** McNemar's p-value (`pass_rate`); null for score metrics. */
  p_value: nullableNumber,
  significant: z.boolean(),
  direction: changeDirectionSchema,
});
export type MatrixSignificance = z.infer<typeof matrixSignificanceSchema>;

/** One run in the matrix. */
export const matrixCellSchema = z.object({
  run_id: z.string(),
  name: z.string(),
  /** `name:version` of the prompt (`?` when not recorded). */
  prompt: z.string(),
  model: z.string(),
  /** The row label: the prompt, with the run name when another run has the same prompt × model. */
  row: z.string(),
  baseline: z.boolean(),
  /** `score`, `pass_rate` and each shared evaluator's mean over the shared items. */
  values: z.record(z.string(), nullableNumber),
  /** Metrics on which this run is the best (not marked when every run has the same value). */
  best: z.array(z.string()),
  /** Against the baseline, per metric; null for the baseline itself. */
  vs_baseline: z.record(z.string(), matrixSignificanceSchema).nullable(),
  verdict: experimentComparisonSchema.shape.verdict.nullable(),
});
export type MatrixCell = z.infer<typeof matrixCellSchema>;

/** pass@k and flakiness of one prompt × model, pooled over its runs and repetitions. */
export const matrixStabilitySchema = repetitionStatsSchema.extend({ prompt: z.string(), model: z.string(), runs: z.array(z.string()) });
export type MatrixStability = z.infer<typeof matrixStabilitySchema>;

/** The comparison of several runs. */
export const comparisonMatrixSchema = z.object({
  baseline: z.object({ run_id: z.string(), name: z.string() }),
  /** `score`, `pass_rate`, then the shared evaluators. */
  metrics: z.array(z.string()),
  rows: z.array(z.string()),
  columns: z.array(z.string()),
  cells: z.array(matrixCellSchema),
  /** What every run has: the items and evaluators compared. */
  shared: z.object({ items: z.number(), evaluators: z.array(z.string()) }),
  /** What the runs do not share, one line each (empty when they share everything). */
  notes: z.array(z.string()),
  stability: z.array(matrixStabilitySchema),
  confidence: z.number(),
  alpha: z.number(),
  resamples: z.number(),
  seed: z.number(),
});
export type ComparisonMatrix = z.infer<typeof comparisonMatrixSchema>;

const commaList = (value: unknown) => (typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter(Boolean) : value);

/** Query of `GET /experiments/matrix`: `runs=a,b,c` (2–12 run ids), `baseline` (one of them, default the first), `pass_at_k=1,5`. */
export const experimentMatrixQuerySchema = experimentCompareQuerySchema.omit({ a: true, b: true }).extend({
  runs: z.preprocess(commaList, z.array(experimentRunIdSchema).min(2, 'give at least two run ids').max(MAX_MATRIX_RUNS, `give at most ${MAX_MATRIX_RUNS} run ids`)),
  baseline: experimentRunIdSchema.optional(),
  pass_at_k: z.preprocess(commaList, z.array(z.coerce.number().int().min(1).max(10_000)).max(10)).optional(),
});
export type ExperimentMatrixQuery = z.output<typeof experimentMatrixQuerySchema>;
