import { describe, expect, it } from 'vitest';
import { experimentComparisonSchema } from '@tracehub/core';
import { compareRuns, type ComparableItem, type ComparableRun } from './compare-runs.js';
import { runDifferences } from './run-differences.js';
import { evaluateGate, nothingToCompare } from './run-gate.js';

const score = (passed: boolean) => ({ score: passed ? 1 : 0, passed, status: 'ok', weight: 1 });

/** Item i: keywords passes unless `kw` says no; forbidden (when present) fails for items below `leaks`. */
function item(i: number, evaluators: { forbidden?: boolean; leaks?: number; kwFails?: (i: number) => boolean }): ComparableItem {
  const scores: ComparableItem['scores'] = { keywords: score(!evaluators.kwFails?.(i)) };
  if (evaluators.forbidden) scores.forbidden = score(i >= (evaluators.leaks ?? 0));
  const passed = Object.values(scores).every((s) => s.passed);
  const values = Object.values(scores).map((s) => s.score ?? 0);
  return { key: `case_${i}`, item_id: `case_${i}`, repetition: 1, status: 'ok', passed, score: values.reduce((a, b) => a + b, 0) / values.length, scores, trace_id: null };
}

const dataset = (version: string, sha256: string) => ({ name: 'faq', version, sha256 });
const prompt = (version: string) => ({ name: 'faq', version, sha256: null });

/** The baseline: keywords + forbidden over 20 items; keywords fails on items 0–3, forbidden on 0–5 (14 pass). */
const baseline: ComparableRun = {
  run_id: 'a', name: 'base', dataset: dataset('1', 'aaa'), prompt: prompt('1'),
  items: Array.from({ length: 20 }, (_, i) => item(i, { forbidden: true, leaks: 6, kwFails: (n) => n < 4 })),
};

describe('runDifferences', () => {
  it('names evaluators and items only in one run, and a different dataset and prompt', () => {
    const run: ComparableRun = {
      run_id: 'b', name: 'cand', dataset: dataset('2', 'bbb'), prompt: prompt('2'),
      items: [...Array.from({ length: 18 }, (_, i) => item(i, {})), item(99, {})],
    };
    const d = runDifferences(baseline, run);
    expect(d).toMatchObject({
      evaluators: ['keywords'], evaluators_only_in_a: ['forbidden'], evaluators_only_in_b: [],
      items_only_in_a: ['case_18', 'case_19'], items_only_in_b: ['case_99'],
      dataset: { differs: true }, prompt: { differs: true },
    });
    expect(d.notes).toEqual([
      'evaluators differ (A base, B cand): forbidden only in A; compared on keywords only',
      '2 items only in A base (case_18, case_19); not compared',
      '1 item only in B cand (case_99); not compared',
      'datasets differ: A faq:1 (sha256 aaa), B faq:2 (sha256 bbb)',
      'prompts differ: A faq:1, B faq:2',
    ]);
  });

  it('says nothing for runs of the same dataset, prompt, evaluators and items; unknown when not recorded', () => {
    const d = runDifferences(baseline, { ...baseline, name: 'again' });
    expect(d.notes).toEqual([]);
    expect(d.dataset.differs).toBe(false);
    // The same content under another version name (a local copy of a server version): the same dataset.
    expect(runDifferences(baseline, { ...baseline, dataset: dataset('local-aaa', 'aaa') }).dataset.differs).toBe(false);
    expect(runDifferences(baseline, { ...baseline, dataset: undefined, prompt: null })).toMatchObject({ dataset: { differs: null }, prompt: { differs: null } });
  });
});

describe('compareRuns over what both runs share', () => {
  // The case: the candidate drops forbidden and leaks in 8 of 20 items — it cannot look better.
  const leaky: ComparableRun = { run_id: 'b', name: 'leaky', dataset: dataset('1', 'aaa'), prompt: prompt('2'), items: Array.from({ length: 20 }, (_, i) => item(i, {})) };

  it('recomputes each item over the shared evaluators, so a run without forbidden is not "better"', () => {
    const c = experimentComparisonSchema.parse(compareRuns(baseline, leaky));
    // A's items count over keywords alone: 16 of 20 pass (14 with forbidden); forbidden is not compared.
    expect(c.metrics.map((m) => m.metric)).toEqual(['score', 'keywords']);
    expect(c.pass_fail[0]).toMatchObject({ a_pass_rate: 0.8, b_pass_rate: 1 });
    expect(c.metrics[0]).toMatchObject({ a_mean: 0.8, b_mean: 1 });
    expect(c.differences.evaluators_only_in_a).toEqual(['forbidden']);
    expect(evaluateGate({}, {}, c).reasons[0]).toBe(
      'baseline base has evaluator forbidden that leaky lacks; run them too, or pass --allow-partial-baseline to compare only what both share',
    );
    expect(evaluateGate({}, {}, c, { allowPartialBaseline: true }).passed).toBe(true);
  });

  it('the gate fails on items the run lacks, unless allowed', () => {
    const fewer: ComparableRun = { ...baseline, run_id: 'f', name: 'fewer', items: baseline.items.slice(0, 12) };
    const c = compareRuns(baseline, fewer);
    expect(c).toMatchObject({ paired: 12, only_in_a: 8 });
    expect(evaluateGate({}, {}, c).reasons).toEqual([
      'baseline base has 8 items (case_12, case_13, case_14, case_15, case_16, …) that fewer lacks; run them too, or pass --allow-partial-baseline to compare only what both share',
    ]);
    expect(evaluateGate({}, {}, c, { allowPartialBaseline: true })).toEqual({ passed: true, reasons: [] });
    // Items only in the run do not fail it.
    expect(evaluateGate({}, {}, compareRuns(fewer, baseline)).passed).toBe(true);
  });

  it('runs with no evaluator in common cannot be compared, even when allowed', () => {
    const other: ComparableRun = { ...baseline, items: baseline.items.map((x) => ({ ...x, scores: { tone: score(true) } })) };
    const c = compareRuns(baseline, other);
    expect(nothingToCompare(c)).toMatch(/share no evaluator \(forbidden, keywords in A, tone in B\)/);
    expect(evaluateGate({}, {}, c, { allowPartialBaseline: true }).passed).toBe(false);
  });

  it('a run over the same evaluators is compared on its stored scores, as before', () => {
    const c = compareRuns(baseline, { ...baseline, run_id: 'z', name: 'same' });
    expect(c.metrics[0]).toMatchObject({ a_mean: c.metrics[0].b_mean, delta: 0 });
    expect(c.differences.notes).toEqual([]);
  });
});
