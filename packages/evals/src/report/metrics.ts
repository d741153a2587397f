/**
 * metrics.json (seed 004): `axes` (the evaluators), `scores` (mean score per axis), `aggregations`
 * (mean / median / p50 / p90 of the items' overall scores, computed with simple-statistics) and
 * `by_group` (mean overall score per value of item metadata fields such as `dataset_split`). Further
 * keys carry counts, pass rates, per-axis statistics, latency, tokens and cost.
 */
import { mean, median, quantile } from 'simple-statistics';
import type { ItemRecord } from '../experiment-types.js';
import type { Flakiness } from '../compare/repetition-stats.js';

/** Mean, median, p50 and p90 of a set of values (null when empty). */
export interface Aggregations {
  mean: number | null;
  median: number | null;
  p50: number | null;
  p90: number | null;
}

/** Statistics of one evaluator over the run. */
export interface AxisMetrics extends Aggregations {
  pass_rate: number | null;
  passed: number;
  failed: number;
  errors: number;
  skipped: number;
  weight: number;
  threshold: number | null;
}

/** The metrics.json document. */
export interface MetricsJson {
  axes: string[];
  scores: Record<string, number | null>;
  aggregations: Aggregations;
  by_group: Record<string, Record<string, number>>;
  run_id: string;
  experiment_name: string;
  pass_rate: number | null;
  /** `errors`: items with an error, model call or evaluator (countErrored). */
  counts: { items: number; passed: number; failed: number; errors: number };
  per_axis: Record<string, AxisMetrics>;
  latency_ms: Aggregations & { max: number | null };
  tokens: { input: number; output: number };
  cost: { total: number; mean: number | null; evaluation: number };
  /** Runs that repeat items (or ask for pass@k): mean unbiased pass@k per k (runner/repetition-metrics.ts). */
  pass_at_k?: Record<string, number | null>;
  /** The same per evaluator. */
  pass_at_k_by_axis?: Record<string, Record<string, number | null>>;
  /** Items whose pass/fail flips between repetitions, the flakiest listed. */
  flakiness?: Flakiness;
}

/**
 * An item has an error — its model call failed or an evaluator could not score it (e.g. the judge
 * never gave a valid verdict). Such items are what `--resume <run> --retry-errors` runs again.
 */
export function isErrored(record: ItemRecord): boolean {
  return record.status === 'error' || Object.values(record.scores).some((s) => s.status === 'error');
}

/**
 * The one error count of a run: items with an error (isErrored). metrics.json `counts.errors`, the
 * CLI's progress and summary lines, report.md, report.xlsx, metrics.csv, the manifest and every
 * tracker report this number.
 */
export function countErrored(records: ItemRecord[]): number {
  return records.filter(isErrored).length;
}

const round = (value: number) => Math.round(value * 1e6) / 1e6;

/** Aggregations of `values` (rounded to 6 decimals). */
function aggregate(values: number[]): Aggregations {
  if (values.length === 0) return { mean: null, median: null, p50: null, p90: null };
  return { mean: round(mean(values)), median: round(median(values)), p50: round(quantile(values, 0.5)), p90: round(quantile(values, 0.9)) };
}

const groupValue = (value: unknown): string | null =>
  typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : null;

/**
 * The records by the value of metadata field `field` (strings, numbers and booleans; records without
 * such a value are in no group), values in sorted order.
 */
export function recordsByGroup(records: ItemRecord[], field: string): Array<[string, ItemRecord[]]> {
  const groups = new Map<string, ItemRecord[]>();
  for (const record of records) {
    const value = groupValue(record.metadata?.[field]);
    if (value === null) continue;
    const members = groups.get(value);
    if (members) members.push(record);
    else groups.set(value, [record]);
  }
  return [...groups].sort(([a], [b]) => (a < b ? -1 : 1));
}

/**
 * Computes metrics.json from the run's records. `axes` lists the evaluators in run order; an axis's
 * score is the mean over items it scored (errors count 0, skipped items are left out).
 */
export function computeMetrics(input: { runId: string; name: string; axes: string[]; records: ItemRecord[]; groupBy: string[] }): MetricsJson {
  const { records } = input;
  const perAxis: Record<string, AxisMetrics> = {};
  const scores: Record<string, number | null> = {};
  for (const axis of input.axes) {
    const values: number[] = [];
    let passed = 0;
    let failed = 0;
    let errors = 0;
    let skipped = 0;
    let weight = 1;
    let threshold: number | null = null;
    for (const record of records) {
      const s = record.scores[axis];
      if (!s) continue;
      weight = s.weight;
      threshold = s.threshold;
      if (s.status === 'skipped') skipped++;
      else {
        values.push(s.status === 'error' ? 0 : (s.score ?? 0));
        if (s.status === 'error') errors++;
        if (s.passed) passed++;
        else failed++;
      }
    }
    const agg = aggregate(values);
    perAxis[axis] = { ...agg, pass_rate: passed + failed ? round(passed / (passed + failed)) : null, passed, failed, errors, skipped, weight, threshold };
    scores[axis] = agg.mean;
  }

  const overall = records.map((r) => r.score ?? 0);
  const byGroup: Record<string, Record<string, number>> = {};
  for (const field of input.groupBy) {
    const groups = recordsByGroup(records, field);
    if (groups.length) byGroup[field] = Object.fromEntries(groups.map(([k, members]) => [k, round(mean(members.map((r) => r.score ?? 0)))]));
  }
  const latencies = records.map((r) => r.latency_ms).filter((v): v is number => typeof v === 'number');
  const costs = records.map((r) => r.cost).filter((v): v is number => typeof v === 'number');
  const passedCount = records.filter((r) => r.passed).length;
  return {
    axes: input.axes,
    scores,
    aggregations: aggregate(overall),
    by_group: byGroup,
    run_id: input.runId,
    experiment_name: input.name,
    pass_rate: records.length ? round(passedCount / records.length) : null,
    counts: { items: records.length, passed: passedCount, failed: records.length - passedCount, errors: countErrored(records) },
    per_axis: perAxis,
    latency_ms: { ...aggregate(latencies), max: latencies.length ? Math.max(...latencies) : null },
    tokens: { input: records.reduce((s, r) => s + (r.input_tokens ?? 0), 0), output: records.reduce((s, r) => s + (r.output_tokens ?? 0), 0) },
    cost: { total: round(costs.reduce((s, c) => s + c, 0)), mean: costs.length ? round(mean(costs)) : null, evaluation: round(records.reduce((s, r) => s + (r.eval_cost ?? 0), 0)) },
  };
}
