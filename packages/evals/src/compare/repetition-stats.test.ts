import { describe, expect, it } from 'vitest';
import { itemStability, passAtK, passAtKByAxis, repetitionStats, type RepeatedOutcome } from './repetition-stats.js';

/** Outcomes of an item from a string of P/F, one per repetition. */
const outcomes = (item_id: string, pattern: string, run = 0): RepeatedOutcome[] => [...pattern].map((c, i) => ({ item_id, repetition: i + 1, passed: c === 'P', run }));

describe('passAtK', () => {
  it('matches 1 − C(n−c, k) / C(n, k) on known values', () => {
    expect(passAtK(5, 2, 1)).toBeCloseTo(0.4, 12);
    expect(passAtK(5, 2, 2)).toBeCloseTo(1 - 3 / 10, 12);
    expect(passAtK(10, 3, 5)).toBeCloseTo(1 - 21 / 252, 12);
    expect(passAtK(4, 0, 4)).toBe(0);
    expect(passAtK(4, 4, 1)).toBe(1);
    // n − c < k: every draw of k holds a pass.
    expect(passAtK(5, 3, 3)).toBe(1);
  });

  it('stays exact where the binomial coefficients overflow', () => {
    // C(200, 100) ≈ 9e58; 1 − C(199, 100) / C(200, 100) = 1 − 100/200.
    expect(passAtK(200, 1, 100)).toBeCloseTo(0.5, 12);
    expect(passAtK(2000, 1000, 1)).toBeCloseTo(0.5, 12);
  });

  it('refuses k outside 1..n and counts that are not whole numbers', () => {
    expect(() => passAtK(3, 1, 4)).toThrow(/1 ≤ k ≤ n/);
    expect(() => passAtK(3, 4, 1)).toThrow(RangeError);
    expect(() => passAtK(3, 1, 0)).toThrow(RangeError);
    expect(() => passAtK(3, 1.5, 1)).toThrow(RangeError);
  });
});

describe('flakiness', () => {
  it('counts flips in repetition (then run) order', () => {
    const items = itemStability([...outcomes('a', 'PFPF'), ...outcomes('b', 'PPPP'), ...outcomes('c', 'FFPP'), ...outcomes('d', 'F')].reverse());
    expect(items.find((i) => i.item_id === 'a')).toEqual({ item_id: 'a', n: 4, passed: 2, flips: 3, flip_rate: 1, outcomes: 'PFPF' });
    expect(items.find((i) => i.item_id === 'b')).toMatchObject({ flips: 0, flip_rate: 0, outcomes: 'PPPP' });
    expect(items.find((i) => i.item_id === 'c')).toMatchObject({ flips: 1, flip_rate: 0.333333 });
    expect(items.find((i) => i.item_id === 'd')).toMatchObject({ n: 1, flips: 0, flip_rate: 0 });
    // Two runs of one repetition each: run order, not repetition, orders them.
    expect(itemStability([...outcomes('x', 'F', 1), ...outcomes('x', 'P', 0)])[0].outcomes).toBe('PF');
  });

  it('lists the flakiest items first (ties: the more even pass share first) and averages pass@k per item', () => {
    const stats = repetitionStats([...outcomes('steady', 'PPPP'), ...outcomes('never', 'FFFF'), ...outcomes('once', 'PPPF'), ...outcomes('toggle', 'PFPF'), ...outcomes('split', 'PPFF')]);
    expect(Object.keys(stats.pass_at_k)).toEqual(['1', '4']);
    // pass@1 = mean pass share: (1 + 0 + 3/4 + 1/2 + 1/2) / 5
    expect(stats.pass_at_k['1']).toBeCloseTo(2.75 / 5, 6);
    // pass@4 = share of items that passed at least once: 4 of 5.
    expect(stats.pass_at_k['4']).toBe(0.8);
    expect(stats.flakiness).toMatchObject({ items: 5, outcomes_per_item: 4, flaky_items: 3, flaky_rate: 0.6 });
    expect(stats.flakiness.flakiest.map((i) => i.item_id)).toEqual(['toggle', 'split', 'once']);
    expect(stats.flakiness.mean_flip_rate).toBeCloseTo((1 + 1 / 3 + 1 / 3) / 5, 6);
  });

  it('takes the k values asked for; a k above every item\'s n has no value', () => {
    const stats = repetitionStats([...outcomes('a', 'PF'), ...outcomes('b', 'FFF')], { ks: [2, 3, 2, 1] });
    expect(stats.pass_at_k).toEqual({ '1': 0.25, '2': 0.5, '3': 0 });
    expect(repetitionStats(outcomes('a', 'PF'), { ks: [5] }).pass_at_k).toEqual({ '5': null });
  });

  it('pass@k per evaluator leaves skipped scores out and counts errors as fails', () => {
    const rows = [
      { item_id: 'a', repetition: 1, passed: true, scores: { kw: { passed: true, status: 'ok' }, judge: { passed: null, status: 'error' } } },
      { item_id: 'a', repetition: 2, passed: false, scores: { kw: { passed: false, status: 'ok' }, judge: { passed: true, status: 'ok' } } },
      { item_id: 'a', repetition: 3, passed: true, scores: { kw: { passed: true, status: 'ok' }, judge: { passed: null, status: 'skipped' } } },
    ];
    const byAxis = passAtKByAxis(rows, ['kw', 'judge'], [1]);
    expect(byAxis.kw['1']).toBeCloseTo(2 / 3, 6);
    expect(byAxis.judge['1']).toBe(0.5);
  });
});
