/** metrics.csv: one row for the overall score, one per evaluator, one per group value. */
import type { MetricsJson } from './metrics.js';

const HEADER = ['metric', 'mean', 'median', 'p50', 'p90', 'pass_rate', 'passed', 'failed', 'errors', 'skipped', 'weight', 'threshold'];

const field = (value: unknown): string => {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** Renders metrics.csv (RFC 4180 quoting, LF line ends). */
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
  return `${rows.map((r) => r.map(field).join(',')).join('\n')}\n`;
}
