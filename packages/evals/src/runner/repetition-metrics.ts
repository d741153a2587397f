/**
 * The metrics.json keys of a run that repeats its items (`--repetitions N`) or asks for pass@k:
 * `pass_at_k` (overall pass/fail), `pass_at_k_by_axis` (each evaluator's pass/fail) and `flakiness`
 * (items whose pass/fail flips between repetitions, the flakiest listed). Each repetition's record
 * stays in items.jsonl (key `<item_id>#<repetition>`), so `--resume` runs only the missing ones.
 */
import type { ItemRecord } from '../experiment-types.js';
import { passAtKByAxis, repetitionStats, type Flakiness } from '../compare/repetition-stats.js';

/** The keys added to metrics.json. */
export interface RepetitionMetrics {
  /** `{ "1": …, "<n>": … }`: mean unbiased pass@k over the items. */
  pass_at_k: Record<string, number | null>;
  pass_at_k_by_axis: Record<string, Record<string, number | null>>;
  flakiness: Flakiness;
}

/** Flakiest items listed in metrics.json. */
const FLAKIEST = 20;

/** The k values of a run: `pass_at_k` when set, else 1 and the repetitions. */
export const passAtKOf = (spec: { repetitions: number; pass_at_k?: number[] }): number[] =>
  [...new Set(spec.pass_at_k?.length ? spec.pass_at_k : [1, spec.repetitions])].sort((a, b) => a - b);

/** Parses `1,5,10` into k values (whole numbers of 1 or more). */
export function parsePassAtK(text: string): number[] {
  const parts = text.split(',').map((p) => p.trim()).filter(Boolean);
  const ks = parts.map(Number);
  if (parts.length === 0 || ks.some((k) => !Number.isInteger(k) || k < 1)) throw new Error(`k values must be whole numbers of 1 or more, e.g. 1,5; got "${text}".`);
  return [...new Set(ks)].sort((a, b) => a - b);
}

/** Refuses a k above the repetitions (pass@k needs k outcomes of every item). */
export function checkPassAtK(ks: number[], repetitions: number): void {
  const over = ks.filter((k) => k > repetitions);
  if (over.length) throw new Error(`pass@${over.join(', pass@')} needs at least ${Math.max(...over)} repetitions of every item; the run has ${repetitions} (raise --repetitions or lower k).`);
}

/** The repetition keys of metrics.json, or null for a single-repetition run that did not ask for pass@k. */
export function repetitionMetrics(records: ItemRecord[], axes: string[], spec: { repetitions: number; pass_at_k?: number[] }): RepetitionMetrics | null {
  if (spec.repetitions < 2 && !spec.pass_at_k?.length) return null;
  const ks = passAtKOf(spec);
  const stats = repetitionStats(records, { ks, limit: FLAKIEST });
  return { pass_at_k: stats.pass_at_k, pass_at_k_by_axis: passAtKByAxis(records, axes, ks), flakiness: stats.flakiness };
}
