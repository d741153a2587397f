import { describe, expect, it } from 'vitest';
import { comparisonMatrixSchema } from '@tracehub/core';
import type { ComparableItem, ComparableRun } from './compare-runs.js';
import { compareMatrix, matrixGate } from './compare-matrix.js';

const s = (passed: boolean) => ({ score: passed ? 1 : 0, passed, status: 'ok' });

/** 60 items; `pass(i)` per evaluator. */
function run(name: string, prompt: string, model: string, evaluators: Record<string, (i: number) => boolean>, count = 60, repetition = 1): ComparableRun {
  const items: ComparableItem[] = Array.from({ length: count }, (_, i) => {
    const scores = Object.fromEntries(Object.entries(evaluators).map(([e, pass]) => [e, s(pass(i))]));
    const passed = Object.values(scores).every((x) => x.passed);
    const score = Object.values(scores).reduce((sum, x) => sum + x.score, 0) / Object.keys(scores).length;
    const id = `case_${i}`;
    return { key: repetition > 1 ? `${id}#${repetition}` : id, item_id: id, repetition, status: 'ok', passed, score, scores, trace_id: null };
  });
  return { run_id: `id-${name}`, name, items, prompt: { name: 'faq', version: prompt, sha256: null }, model, dataset: { name: 'faq', version: '1', sha256: 'abc' } };
}

describe('compareMatrix', () => {
  const base = run('base', '1', 'gpt-a', { keywords: (i) => i < 40, forbidden: () => true });
  const v2a = run('v2-a', '2', 'gpt-a', { keywords: (i) => i < 55, forbidden: () => true });
  const v1b = run('v1-b', '1', 'gpt-b', { keywords: (i) => i < 41, forbidden: () => true });
  const v2b = run('v2-b', '2', 'gpt-b', { keywords: (i) => i < 15, forbidden: () => true });

  it('lays prompts × models out, marks the best and tests each run against the baseline', () => {
    const m = comparisonMatrixSchema.parse(compareMatrix([base, v2a, v1b, v2b]));
    expect(m.rows).toEqual(['faq:1', 'faq:2']);
    expect(m.columns).toEqual(['gpt-a', 'gpt-b']);
    expect(m.metrics).toEqual(['score', 'pass_rate', 'forbidden', 'keywords']);
    expect(m.notes).toEqual([]);
    const cell = (name: string) => m.cells.find((c) => c.name === name)!;
    expect(cell('base')).toMatchObject({ baseline: true, vs_baseline: null, verdict: null, values: { pass_rate: 0.666667, keywords: 0.666667, forbidden: 1 } });
    // v2-a is best on score, pass rate and keywords; forbidden ties everywhere, so nobody is marked for it.
    expect(cell('v2-a').best).toEqual(['score', 'pass_rate', 'keywords']);
    expect(m.cells.filter((c) => c.best.length).map((c) => c.name)).toEqual(['v2-a']);
    expect(cell('v2-a').vs_baseline!.pass_rate).toMatchObject({ delta: 0.25, significant: true, direction: 'better' });
    expect(cell('v2-a').vs_baseline!.pass_rate.p_value).toBeLessThan(0.001);
    expect(cell('v2-a').vs_baseline!.score.ci_low).toBeGreaterThan(0);
    expect(cell('v2-a').verdict).toBe('better');
    // One item better: not significant.
    expect(cell('v1-b').vs_baseline!.pass_rate).toMatchObject({ significant: false, direction: 'same', p_value: 1 });
    expect(cell('v1-b').verdict).toBe('no_significant_difference');
    expect(cell('v2-b')).toMatchObject({ verdict: 'worse', vs_baseline: { keywords: { significant: true, direction: 'worse' } } });
    expect(m.stability).toEqual([]);
  });

  it('another baseline changes only the significance, not the values', () => {
    const m = compareMatrix([base, v2a, v1b, v2b], 1);
    expect(m.baseline.name).toBe('v2-a');
    expect(m.cells.find((c) => c.name === 'base')!.verdict).toBe('worse');
    expect(m.cells.find((c) => c.name === 'base')!.values).toEqual(compareMatrix([base, v2a, v1b, v2b]).cells[0].values);
  });

  it('compares only the items and evaluators every run has, and says what differs', () => {
    const partial = { ...run('partial', '3', 'gpt-a', { keywords: (i) => i < 40 }), items: run('partial', '3', 'gpt-a', { keywords: (i) => i < 40 }).items.slice(0, 50) };
    const otherData = { ...v1b, dataset: { name: 'faq', version: '2', sha256: 'def' } };
    const m = compareMatrix([base, v2a, otherData, partial]);
    expect(m.shared).toEqual({ items: 50, evaluators: ['keywords'] });
    expect(m.metrics).toEqual(['score', 'pass_rate', 'keywords']);
    expect(m.notes).toEqual([
      'evaluators differ: forbidden missing from partial; compared on keywords only',
      '10 items are not in every run (partial lacks 10 (case_50, case_51, case_52, case_53, case_54, …)); compared on the 50 items all runs share',
      'datasets differ: baseline base faq:1 (sha256 abc), v1-b faq:2 (sha256 def)',
    ]);
    // Over keywords on items 0–49: base passes 40 of 50.
    expect(m.cells[0].values.pass_rate).toBe(0.8);
    // A run with no shared evaluator cannot be compared.
    expect(() => compareMatrix([base, run('tone', '9', 'x', { tone: () => true })])).toThrow(/share no evaluator/);
  });

  it('runs of the same prompt × model get their own rows and pass@k and flakiness pooled over the runs', () => {
    // Three more runs of the baseline's prompt × model: items 0–9 flip between runs, 10–39 always pass, 40–59 never.
    const again = [0, 1, 2].map((r) => run(`again-${r}`, '1', 'gpt-a', { keywords: (i) => (i < 10 ? (i + r) % 2 === 0 : i < 40) }));
    const m = compareMatrix([base, ...again, v2a]);
    expect(m.cells.map((c) => c.row)).toEqual(['faq:1', 'faq:1 [again-0]', 'faq:1 [again-1]', 'faq:1 [again-2]', 'faq:2']);
    expect(m.stability).toHaveLength(1);
    const st = m.stability[0];
    expect(st).toMatchObject({ prompt: 'faq:1', model: 'gpt-a', runs: ['base', 'again-0', 'again-1', 'again-2'] });
    // Per item 4 outcomes (base, again-0..2): even items PPFP, odd items PFPF.
    expect(st.pass_at_k['1']).toBeCloseTo((5 * 0.75 + 5 * 0.5 + 30) / 60, 6);
    expect(st.pass_at_k['4']).toBeCloseTo(40 / 60, 6);
    expect(st.flakiness).toMatchObject({ items: 60, outcomes_per_item: 4, flaky_items: 10 });
    expect(st.flakiness.flakiest.slice(0, 5).map((i) => i.item_id)).toEqual(['case_1', 'case_3', 'case_5', 'case_7', 'case_9']);
    expect(st.flakiness.flakiest[0]).toMatchObject({ outcomes: 'PFPF', flips: 3, flip_rate: 1 });
    expect(st.flakiness.flakiest[5]).toMatchObject({ item_id: 'case_0', outcomes: 'PPFP', flips: 2 });
  });

  it('one run with repetitions gets pass@k and flakiness; k values as asked', () => {
    const reps = [1, 2, 3].map((r) => run('x', '2', 'gpt-c', { keywords: (i) => (i < 6 ? r !== 2 : true) }, 60, r));
    const repeated: ComparableRun = { ...reps[0], items: reps.flatMap((r) => r.items) };
    const baseline3 = { ...base, items: [1, 2, 3].flatMap((r) => run('base', '1', 'gpt-a', { keywords: (i) => i < 40, forbidden: () => true }, 60, r).items) };
    const m = compareMatrix([baseline3, repeated], 0, { passAtK: [1, 2] });
    const st = m.stability.find((x) => x.model === 'gpt-c')!;
    expect(st.pass_at_k).toEqual({ '1': Math.round(((6 * 2) / 3 + 54) / 60 * 1e6) / 1e6, '2': 1 });
    expect(st.flakiness.flaky_items).toBe(6);
  });

  it('the gate fails for any run significantly worse than the baseline or lacking what it has', () => {
    expect(matrixGate([base, v2a, v1b], 0).passed).toBe(true);
    const gate = matrixGate([base, v2a, v2b], 0);
    expect(gate.passed).toBe(false);
    expect(gate.reasons).toHaveLength(1);
    expect(gate.reasons[0]).toMatch(/^v2-b: significantly worse than baseline base/);
  });
});
