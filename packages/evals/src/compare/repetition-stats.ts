/**
 * Statistics over repeated outcomes of the same item — the repetitions of one run (`--repetitions N`)
 * or several runs of the same dataset: pass@k and flakiness.
 *
 * - pass@k: the unbiased estimator of Chen et al. (2021), the chance that at least one of k outcomes
 *   drawn without replacement from an item's n outcomes (c of them passes) passes,
 *   1 − C(n−c, k) / C(n, k), averaged over the items with at least k outcomes. Computed as the
 *   numerically stable product 1 − Π_{i=n−c+1..n} (1 − k/i) (no factorials, no overflow).
 * - flakiness: per item, how often its pass/fail flips from one outcome to the next (in repetition
 *   and run order): flips / (n − 1). An item is flaky when it both passed and failed.
 */
import type { Flakiness, ItemStability, RepetitionStats } from '@tracehub/core';

/** The wire types (core's experiment-matrix schema). */
export type { Flakiness, ItemStability, RepetitionStats };

/** One outcome of an item: which repetition (or run, then repetition) and whether it passed. */
export interface RepeatedOutcome {
  item_id: string;
  repetition: number;
  passed: boolean;
  /** Order of the run the outcome comes from, when outcomes of several runs are pooled (default 0). */
  run?: number;
}

const round = (v: number) => Math.round(v * 1e6) / 1e6;

/** The unbiased pass@k of one item with `n` outcomes of which `c` passed (1 ≤ k ≤ n). */
export function passAtK(n: number, c: number, k: number): number {
  if (!Number.isInteger(n) || !Number.isInteger(c) || !Number.isInteger(k) || n < 1 || c < 0 || c > n || k < 1 || k > n) {
    throw new RangeError(`pass@k needs whole numbers 0 ≤ c ≤ n and 1 ≤ k ≤ n, got n=${n}, c=${c}, k=${k}`);
  }
  if (n - c < k) return 1;
  let fail = 1;
  for (let i = n - c + 1; i <= n; i++) fail *= 1 - k / i;
  return 1 - fail;
}

/** Each item's outcomes in run, then repetition order. */
function byItem(outcomes: RepeatedOutcome[]): Map<string, boolean[]> {
  const sorted = [...outcomes].sort((a, b) => (a.run ?? 0) - (b.run ?? 0) || a.repetition - b.repetition);
  const items = new Map<string, boolean[]>();
  for (const o of sorted) {
    const list = items.get(o.item_id);
    if (list) list.push(o.passed);
    else items.set(o.item_id, [o.passed]);
  }
  return items;
}

/** The stability of every item, in first-seen order. */
export function itemStability(outcomes: RepeatedOutcome[]): ItemStability[] {
  return [...byItem(outcomes)].map(([item_id, list]) => {
    let flips = 0;
    for (let i = 1; i < list.length; i++) if (list[i] !== list[i - 1]) flips++;
    return {
      item_id, n: list.length, passed: list.filter(Boolean).length, flips,
      flip_rate: list.length > 1 ? round(flips / (list.length - 1)) : 0,
      outcomes: list.map((p) => (p ? 'P' : 'F')).join(''),
    };
  });
}

/** Mean pass@k over the items with at least k outcomes; null when there are none. */
export function meanPassAtK(items: ItemStability[], k: number): number | null {
  const eligible = items.filter((i) => i.n >= k);
  if (eligible.length === 0) return null;
  return round(eligible.reduce((s, i) => s + passAtK(i.n, i.passed, k), 0) / eligible.length);
}

/** The k values to report: `ks` when given, else 1 and the most outcomes an item has (deduplicated, sorted). */
export function passAtKValues(items: ItemStability[], ks?: number[]): number[] {
  const most = items.reduce((m, i) => Math.max(m, i.n), 0);
  const chosen = ks && ks.length ? ks : [1, most];
  return [...new Set(chosen.filter((k) => k >= 1))].sort((a, b) => a - b);
}

/** pass@k (for `ks`, default 1 and n) and flakiness (the `limit` flakiest items listed, default 10). */
export function repetitionStats(outcomes: RepeatedOutcome[], options: { ks?: number[]; limit?: number } = {}): RepetitionStats {
  const items = itemStability(outcomes);
  const flaky = items.filter((i) => i.passed > 0 && i.passed < i.n);
  const imbalance = (i: ItemStability) => Math.abs(i.passed / i.n - 0.5);
  const flakiest = [...flaky]
    .sort((a, b) => b.flip_rate - a.flip_rate || imbalance(a) - imbalance(b) || (a.item_id < b.item_id ? -1 : 1))
    .slice(0, options.limit ?? 10);
  return {
    pass_at_k: Object.fromEntries(passAtKValues(items, options.ks).map((k) => [String(k), meanPassAtK(items, k)])),
    flakiness: {
      items: items.length,
      outcomes_per_item: items.reduce((m, i) => Math.max(m, i.n), 0),
      flaky_items: flaky.length,
      flaky_rate: items.length ? round(flaky.length / items.length) : null,
      mean_flip_rate: items.length ? round(items.reduce((s, i) => s + i.flip_rate, 0) / items.length) : null,
      flakiest,
    },
  };
}

/** An item record as the per-evaluator statistics need it. */
export interface ScoredOutcome {
  item_id: string;
  repetition: number;
  passed: boolean;
  scores: Record<string, { passed: boolean | null; status: string }>;
  run?: number;
}

/**
 * pass@k per evaluator: an evaluator's pass/fail over the outcomes it scored (skipped ones are left
 * out; an error counts as a fail).
 */
export function passAtKByAxis(outcomes: ScoredOutcome[], axes: string[], ks?: number[]): Record<string, Record<string, number | null>> {
  return Object.fromEntries(
    axes.map((axis) => {
      const scored = outcomes
        .filter((o) => o.scores[axis] && o.scores[axis].status !== 'skipped')
        .map((o) => ({ item_id: o.item_id, repetition: o.repetition, run: o.run, passed: o.scores[axis].status === 'ok' && o.scores[axis].passed === true }));
      return [axis, repetitionStats(scored, { ks, limit: 0 }).pass_at_k];
    }),
  );
}
