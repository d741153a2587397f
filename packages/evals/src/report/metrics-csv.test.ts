import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { MetricsJson } from './metrics.js';
import { renderMetricsCsv } from './metrics-csv.js';

const aggregations = { mean: 0.5, median: 0.5, p50: 0.5, p90: 0.9 };
const metrics: MetricsJson = {
  axes: ['정확성'], scores: { 정확성: 0.5 }, aggregations, by_group: { category: { 보안: 0.25, '일반, "기타"': 0.75 } }, run_id: 'r', experiment_name: 'e', pass_rate: 0.5,
  counts: { items: 2, passed: 1, failed: 1, errors: 0 },
  per_axis: { 정확성: { ...aggregations, pass_rate: 0.5, passed: 1, failed: 1, errors: 0, skipped: 0, weight: 1, threshold: null } },
  latency_ms: { ...aggregations, max: 1 }, tokens: { input: 1, output: 1 }, cost: { total: 0, mean: 0, evaluation: 0 },
};

describe('metrics.csv', () => {
  it('one row for the overall score, one per evaluator, one per group value; Korean, commas and quotes survive a CSV parser', () => {
    const text = renderMetricsCsv(metrics);
    expect(text.startsWith('metric,mean,')).toBe(true);
    expect(text.endsWith('\n')).toBe(true);
    const rows = parse(text, { columns: true }) as Array<Record<string, string>>;
    expect(rows.map((r) => [r.metric, r.mean, r.errors, r.threshold])).toEqual([
      ['overall', '0.5', '0', ''],
      ['정확성', '0.5', '0', ''],
      ['group:category=보안', '0.25', '', ''],
      ['group:category=일반, "기타"', '0.75', '', ''],
    ]);
  });
});
