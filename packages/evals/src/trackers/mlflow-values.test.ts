import { describe, expect, it } from 'vitest';
import type { MetricsJson } from '../report/metrics.js';
import { mlflowKeys, mlflowMetrics } from './mlflow-values.js';

/** MLflow's own rule (mlflow/utils/validation.py): `^[/\w.\- ]*$` with Python's Unicode `\w`, a normalized path, ≤ 250. */
function mlflowAccepts(key: string): boolean {
  const segments = key.split('/');
  return (
    /^[/\p{L}\p{N}_.\- ]*$/u.test(key) && Array.from(key).length <= 250 && !key.startsWith('/') && !key.startsWith('..') &&
    segments.every((s) => s !== '' && s !== '.' && s !== '..')
  );
}

const aggregations = { mean: 0.5, median: 0.5, p50: 0.5, p90: 0.9 };
const metrics = (byGroup: Record<string, Record<string, number>>): MetricsJson => ({
  axes: ['정확성'], scores: { 정확성: 0.5 }, aggregations, by_group: byGroup, run_id: 'r', experiment_name: 'e', pass_rate: 0.5,
  counts: { items: 2, passed: 1, failed: 1, errors: 0 },
  per_axis: { 정확성: { ...aggregations, pass_rate: 0.5, passed: 1, failed: 1, errors: 0, skipped: 0, weight: 1, threshold: 0.5 } },
  latency_ms: { ...aggregations, max: 1 }, tokens: { input: 1, output: 1 }, cost: { total: 0, mean: 0, evaluation: 0 },
});

describe('MLflow keys', () => {
  it('keep Korean group and evaluator names as they are, each value under its own key', () => {
    const logged = mlflowMetrics(metrics({ category: { 보안: 0.25, 일반: 0.75 } }), 1);
    const value = (key: string) => logged.filter((m) => m.key === key).map((m) => m.value);
    expect(value('group.category.보안')).toEqual([0.25]);
    expect(value('group.category.일반')).toEqual([0.75]);
    expect(value('정확성_mean')).toEqual([0.5]);
    expect(new Set(logged.map((m) => m.key)).size).toBe(logged.length);
    for (const m of logged) expect(mlflowAccepts(m.key)).toBe(true);
  });

  it('log pass@k and flakiness of a run that repeats items', () => {
    const flakiness = { items: 2, outcomes_per_item: 3, flaky_items: 1, flaky_rate: 0.5, mean_flip_rate: 0.25, flakiest: [] };
    const logged = mlflowMetrics({ ...metrics({}), pass_at_k: { '1': 0.5, '3': 1 }, flakiness }, 1);
    const value = (key: string) => logged.find((m) => m.key === key)?.value;
    expect([value('pass_at_1'), value('pass_at_3'), value('flaky_items'), value('flaky_rate'), value('mean_flip_rate')]).toEqual([0.5, 1, 1, 0.5, 0.25]);
    expect(mlflowMetrics(metrics({}), 1).some((m) => m.key.startsWith('pass_at_'))).toBe(false);
  });

  it('clean only what MLflow refuses, and never give two names one key', () => {
    const names = ['group.c.a:b', 'group.c.a?b', 'group.c.a_b', 'group.c.😀', '/lead', 'a//b/./c/..', '..x', 'x'.repeat(300), `${'x'.repeat(300)}y`, 'NFD 보안'.normalize('NFD')];
    const keys = mlflowKeys(names);
    expect(new Set(keys).size).toBe(names.length);
    for (const key of keys) expect(mlflowAccepts(key)).toBe(true);
    expect(keys[2]).toBe('group.c.a_b');
    expect(keys[0]).toMatch(/^group\.c\.a_b_[0-9a-f]{8}$/);
    expect(keys[3]).toBe('group.c._');
    expect(keys[9]).toBe('NFD 보안');
    expect(mlflowKeys(names)).toEqual(keys);
    expect(mlflowKeys(['group.c.a?b'])).toEqual(['group.c.a_b']);
  });
});
