/** metrics.csv: one row for the overall score, one per evaluator, one per group value. */
import { stringify } from 'csv-stringify/sync';
import type { MetricsJson } from './metrics.js';

const HEADER = ['metric', 'mean', 'median', 'p50', 'p90', 'pass_rate', 'passed', 'failed', 'errors', 'skipped', 'weight', 'threshold'];

/** Renders metrics.csv (csv-stringify: RFC 4180 quoting, LF line ends, UTF-8 without a BOM so scripts read it as is). */
export function renderMetricsCsv(metrics: MetricsJson): string {
  const a = metrics.aggregations;
  const rows: unknown[][] = [
    HEADER,
    ['overall', a.mean, a.median, a.p50, a.p90, metrics.pass_rate, metrics.counts.passed, metrics.counts.failed, metrics.counts.errors, '', '', ''],
    ...metrics.axes.map((axis) => {
      const m = metrics.per_axis[axis];
      return [axis, m.mean, m.median, m.p50, m.p90, m.pass_rate, m.passed, m.failed, m.errors, m.skipped, m.weight, m.threshold];
    }),
    ...Object.entries(metrics.by_group).flatMap(([groupField, values]) =>
      Object.entries(values).map(([value, mean]) => [`group:${groupField}=${value}`, mean, '', '', '', '', '', '', '', '', '', '']),
    ),
  ];
  return stringify(rows);
}
