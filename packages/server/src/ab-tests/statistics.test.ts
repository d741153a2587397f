/**
 * The A/B statistics by simulation (seeded, pure functions, no HTTP): the sequential guarantee under
 * daily looks, the power on a 5-point lift, and the sample-ratio check on the assignment rule.
 */
import { describe, expect, it } from 'vitest';
import type { AbTestView } from '@tracehub/core';
import { assignVariant } from './assign.js';
import type { AbTraceRow } from '../storage/ab-test-store.js';
import { buildResults } from './results.js';
import { compareGroups, sampleRatioCheck, type GroupSummary } from './statistics.js';

/** Seeded uniform [0, 1) generator (mulberry32): simulations must repeat exactly. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The summary of k successes out of n 0/1 values (what summarize() gives for them). */
const bernoulli = (k: number, n: number): GroupSummary => ({ n, mean: k / n, variance: n > 1 ? (k * (n - k)) / (n * (n - 1)) : 0 });

const TEST: AbTestView = {
  test_id: 'ab_1', name: 'new-model', description: null, unit: 'session_id', salt: 'salt-1',
  variants: [{ key: 'control', weight: 90 }, { key: 'new_model', weight: 10 }], control: 'control',
  primary_metric: 'review_pass_rate', guardrail_metrics: ['error_rate'], minimum_lift: 0.05,
  start_at: null, stop_at: null, status: 'running', created_at: '2026-02-07T00:00:00.000Z',
};

describe('A/B statistics', () => {
  it('with no real difference, daily looks over 30 days declare a winner in at most about 5 % of 200 tests (a fixed-horizon test peeked daily does far more)', () => {
    const random = seeded(2026);
    const tests = 200;
    const days = 30;
    const perDay = 400;
    let sequentialWins = 0;
    let naiveWins = 0;
    for (let t = 0; t < tests; t++) {
      const counts = { c: 0, cn: 0, tr: 0, tn: 0 };
      let sequential = false;
      let naive = false;
      for (let day = 0; day < days; day++) {
        for (let u = 0; u < perDay; u++) {
          const pass = random() < 0.3 ? 1 : 0;
          if (random() < 0.5) {
            counts.cn++;
            counts.c += pass;
          } else {
            counts.tn++;
            counts.tr += pass;
          }
        }
        const result = compareGroups(bernoulli(counts.c, counts.cn), bernoulli(counts.tr, counts.tn), 0.05);
        if ((result.sequential.low as number) > 0 || (result.sequential.high as number) < 0) sequential = true;
        if ((result.p_value as number) < 0.05) naive = true;
      }
      if (sequential) sequentialWins++;
      if (naive) naiveWins++;
    }
    expect(sequentialWins / tests).toBeLessThanOrEqual(0.06);
    expect(naiveWins / tests).toBeGreaterThan(0.1);
  });

  it('a 5-point higher review pass rate over 20,000 sessions shows an interval excluding zero, fixed and always-valid', () => {
    const random = seeded(7);
    const test = { ...TEST, variants: [{ key: 'control', weight: 50 }, { key: 'new_model', weight: 50 }] };
    const rows: AbTraceRow[] = [];
    for (let i = 0; i < 20_000; i++) {
      const session = `s-${i}`;
      const variant = assignVariant(test, session);
      const passed = random() < (variant === 'new_model' ? 0.75 : 0.7);
      rows.push({
        trace_id: `t-${i}`, variant, session_id: session, user_id: null, status: random() < 0.02 ? 'error' : 'success',
        latency_ms: 500 + random() * 1000, total_tokens: 300, cost: 0.001, user_review_passed: passed, decision_action: null,
      });
    }
    const results = buildResults(test, rows, [], 0.05, false);
    const treatment = results.variants[1].metrics.find((m) => m.metric === 'review_pass_rate');
    const difference = treatment?.difference;
    expect(difference?.estimate).toBeGreaterThan(0.03);
    expect(difference?.low).toBeGreaterThan(0);
    expect(difference?.sequential.low).toBeGreaterThan(0);
    expect(difference?.p_value).toBeLessThan(0.001);
    expect(results.srm.mismatch).toBe(false);
    expect(results.verdict).toMatch(/^new_model better than control on review_pass_rate \(\+\d\.\d points, always-valid interval \+\d\.\d points to \+\d\.\d points\) with 95 % confidence\.$/);
  });

  it('with no data yet, the verdict says how many more sessions a 5 % lift needs', () => {
    const random = seeded(11);
    const rows: AbTraceRow[] = Array.from({ length: 400 }, (_, i) => ({
      trace_id: `t-${i}`, variant: assignVariant(TEST, `s-${i}`), session_id: `s-${i}`, user_id: null, status: 'success',
      latency_ms: 100, total_tokens: 10, cost: 0, user_review_passed: random() < 0.7, decision_action: null,
    }));
    const results = buildResults(TEST, rows, [], 0.05, false);
    expect(results.verdict).toMatch(/^new_model: no detectable difference on review_pass_rate yet; about [\d,]+ more sessions needed for a 5 % lift\.$/);
    expect(results.units_needed).toBeGreaterThan(10_000);
  });

  it('90/10 over 10,000 generated session ids stays within the sample-ratio check, and a broken split does not', () => {
    const counts = { control: 0, new_model: 0 };
    for (let i = 0; i < 10_000; i++) counts[assignVariant(TEST, `session-${i}`) as keyof typeof counts]++;
    const srm = sampleRatioCheck([counts.control, counts.new_model], [90, 10]);
    expect(srm.mismatch).toBe(false);
    expect(counts.new_model).toBeGreaterThan(900);
    expect(counts.new_model).toBeLessThan(1100);
    expect(sampleRatioCheck([9200, 800], [90, 10]).mismatch).toBe(true);
  });
});
