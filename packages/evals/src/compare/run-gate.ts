/** The CI gate of `experiment run`: fail below a threshold, or when significantly worse than a baseline. */
import type { ExperimentComparison } from '@tracehub/core';

/** Mean scores of the run: `score` (overall), `pass_rate`, and one per evaluator. */
export type RunMeans = Record<string, number | null>;

/** The gate's verdict. */
export interface GateResult {
  passed: boolean;
  reasons: string[];
}

/**
 * Checks `thresholds` (metric → minimum mean; `score` = overall score, `pass_rate`, or an evaluator
 * name) and, when a comparison with the baseline is given, fails when it is `worse` or `mixed`
 * (B significantly worse on the overall score's bootstrap interval or on McNemar's pass/fail test).
 */
export function evaluateGate(means: RunMeans, thresholds: Record<string, number>, comparison: ExperimentComparison | null): GateResult {
  const reasons: string[] = [];
  for (const [metric, minimum] of Object.entries(thresholds)) {
    if (!(metric in means)) {
      reasons.push(`threshold on unknown metric "${metric}" (known: ${Object.keys(means).join(', ')})`);
      continue;
    }
    const value = means[metric];
    if (value === null || value < minimum) reasons.push(`${metric} ${value === null ? 'has no value' : value.toFixed(4)} is below the threshold ${minimum}`);
  }
  if (comparison && (comparison.verdict === 'worse' || comparison.verdict === 'mixed')) {
    const m = comparison.metrics[0];
    const p = comparison.pass_fail[0];
    reasons.push(
      `significantly worse than baseline ${comparison.a.name}: score Δ ${m.delta} (${Math.round(comparison.confidence * 100)}% CI ${m.ci_low} … ${m.ci_high}), ` +
        `pass/fail ${p.regressions} regressions vs ${p.improvements} improvements (McNemar p = ${p.p_value})`,
    );
  }
  return { passed: reasons.length === 0, reasons };
}
