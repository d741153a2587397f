/**
 * An item's overall outcome from its evaluator scores: the runner computes it when it scores an item,
 * and a comparison recomputes it over the evaluators both runs share.
 */

/** An evaluator's score as the outcome needs it (`weight` defaults to 1). */
export interface OutcomeScore {
  score: number | null;
  passed: boolean | null;
  status: string;
  weight?: number;
}

/** Weighted mean of scores (errors count 0, skipped ones are left out); null when nothing was weighed. */
export function overallScore(scores: Record<string, OutcomeScore>): number | null {
  let sum = 0;
  let weight = 0;
  for (const s of Object.values(scores)) {
    const w = s.weight ?? 1;
    if (s.status === 'skipped' || w === 0) continue;
    sum += (s.status === 'error' ? 0 : (s.score ?? 0)) * w;
    weight += w;
  }
  return weight === 0 ? null : Math.round((sum / weight) * 1e6) / 1e6;
}

/**
 * Passed when the item did not fail (model call, rendering) and every evaluator that did not skip it
 * passed; the score is the weighted mean (0 for a failed item; 1/0 by pass when nothing was weighed).
 */
export function itemOutcome(status: 'ok' | 'error', scores: Record<string, OutcomeScore>): { passed: boolean; score: number } {
  const passed = status === 'ok' && Object.values(scores).every((s) => s.status === 'skipped' || s.passed === true);
  const score = status === 'error' ? 0 : (overallScore(scores) ?? (passed ? 1 : 0));
  return { passed, score };
}
