import { describe, expect, it } from 'vitest';
import { experimentComparisonSchema } from '@tracehub/core';
import { compareRuns, type ComparableItem, type ComparableRun } from './compare-runs.js';
import { mcnemar } from './mcnemar.js';
import { evaluateGate } from './run-gate.js';

function item(i: number, passed: boolean): ComparableItem {
  const score = passed ? 1 : 0;
  return { key: `case_${i}`, item_id: `case_${i}`, repetition: 1, passed, score, scores: { keywords: { score, passed, status: 'ok' } }, trace_id: `t${i}` };
}

/** 100 items; A passes the first 80. */
const runA: ComparableRun = { run_id: 'a', name: 'baseline', items: Array.from({ length: 100 }, (_, i) => item(i, i < 80)) };

describe('compareRuns', () => {
  it('B worse on 30 items and better on 2: a significant drop, CI excluding zero, McNemar significant', () => {
    // B fails 30 items A passed (0..29) and passes 2 A failed (80, 81).
    const runB: ComparableRun = { run_id: 'b', name: 'candidate', items: runA.items.map((x, i) => item(i, i < 30 ? false : i === 80 || i === 81 ? true : x.passed)) };
    const c = experimentComparisonSchema.parse(compareRuns(runA, runB));
    const score = c.metrics[0];
    expect(score.metric).toBe('score');
    expect(score.delta).toBeCloseTo(-0.28, 6);
    expect(score.ci_high!).toBeLessThan(0);
    expect(score.ci_low!).toBeLessThan(score.ci_high!);
    expect(score).toMatchObject({ significant: true, direction: 'worse', n: 100 });
    const pass = c.pass_fail[0];
    expect(pass).toMatchObject({ metric: 'passed', regressions: 30, improvements: 2, test: 'chi_squared', significant: true, direction: 'worse' });
    expect(pass.p_value).toBeLessThan(0.001);
    expect(c.verdict).toBe('worse');
    expect(c.regressions).toHaveLength(30);
    expect(c.improvements.map((i) => i.key)).toEqual(['case_80', 'case_81']);
    expect(c.regressions[0].metrics).toEqual(['keywords']);
    expect(evaluateGate({ score: 0.5 }, {}, c).passed).toBe(false);
    // Reproducible with the same seed.
    expect(compareRuns(runA, runB)).toEqual(compareRuns(runA, runB));
  });

  it('B differs on 1 item of 100: no significant difference', () => {
    const runB: ComparableRun = { run_id: 'b', name: 'candidate', items: runA.items.map((x, i) => item(i, i === 0 ? false : x.passed)) };
    const c = compareRuns(runA, runB);
    expect(c.metrics[0].delta).toBeCloseTo(-0.01, 6);
    expect(c.metrics[0].ci_low!).toBeLessThan(0);
    expect(c.metrics[0].ci_high!).toBeGreaterThanOrEqual(0);
    expect(c.metrics[0].significant).toBe(false);
    expect(c.pass_fail[0]).toMatchObject({ regressions: 1, improvements: 0, test: 'exact', p_value: 1, significant: false });
    expect(c.verdict).toBe('no_significant_difference');
    expect(c.regressions.map((r) => r.key)).toEqual(['case_0']);
    expect(evaluateGate({ score: 0.79 }, {}, c).passed).toBe(true);
  });

  it('pairs by key and counts unpaired items', () => {
    const runB: ComparableRun = { run_id: 'b', name: 'b', items: [...runA.items.slice(10), item(200, true)] };
    const c = compareRuns(runA, runB);
    expect(c).toMatchObject({ paired: 90, only_in_a: 10, only_in_b: 1 });
  });
});

describe('mcnemar', () => {
  it('exact two-sided binomial below 25 discordant pairs', () => {
    expect(mcnemar(0, 0)).toEqual({ test: 'none', p: 1 });
    expect(mcnemar(1, 0).p).toBe(1);
    // b=8, c=1: 2 * P(X <= 1 | n=9, p=1/2) = 2 * 10/512
    expect(mcnemar(8, 1).p).toBeCloseTo(20 / 512, 10);
    expect(mcnemar(8, 1).test).toBe('exact');
  });

  it('chi-squared with continuity correction from 25 on', () => {
    // (|30-2|-1)^2 / 32 = 22.78; p = 1.8e-6
    const r = mcnemar(30, 2);
    expect(r.test).toBe('chi_squared');
    expect(r.p).toBeGreaterThan(1e-6);
    expect(r.p).toBeLessThan(3e-6);
    expect(mcnemar(13, 12).p).toBeCloseTo(1, 1);
  });
});

describe('evaluateGate', () => {
  it('fails below thresholds and names unknown metrics', () => {
    expect(evaluateGate({ score: 0.7, keywords: 0.95 }, { score: 0.8 }, null)).toEqual({ passed: false, reasons: ['score 0.7000 is below the threshold 0.8'] });
    expect(evaluateGate({ score: 0.9 }, { score: 0.8 }, null).passed).toBe(true);
    expect(evaluateGate({ score: 0.9 }, { tone: 0.8 }, null).reasons[0]).toMatch(/unknown metric "tone"/);
  });
});
