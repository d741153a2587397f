/**
 * The CI gate of `experiment run`: fail below a threshold, when significantly worse than a baseline,
 * or when the baseline has evaluators or items the run lacks (a partial run cannot pass for a whole one).
 */
import type { ExperimentComparison } from '@tracehub/core';

/** What the baseline (A) has and the run (B) lacks, in words, or null. */
function baselineOnly(c: ExperimentComparison): string | null {
  const d = c.differences;
  const parts: string[] = [];
  if (d.evaluators_only_in_a.length) parts.push(`evaluator${d.evaluators_only_in_a.length > 1 ? 's' : ''} ${d.evaluators_only_in_a.join(', ')}`);
  if (c.only_in_a) parts.push(`${c.only_in_a} item${c.only_in_a > 1 ? 's' : ''} (${d.items_only_in_a.slice(0, 5).join(', ')}${c.only_in_a > 5 ? ', …' : ''})`);
  return parts.length ? parts.join(' and ') : null;
}

/** Why the two runs cannot be compared at all (no items or no evaluator in common), or null. */
export function nothingToCompare(c: ExperimentComparison): string | null {
  const d = c.differences;
  if (c.paired === 0) return `${c.b.name} and ${c.a.name} share no items; compare runs over the same dataset`;
  if (d.evaluators.length === 0 && d.evaluators_only_in_a.length + d.evaluators_only_in_b.length > 0) {
    return `${c.b.name} and ${c.a.name} share no evaluator (${d.evaluators_only_in_a.join(', ') || 'none'} in A, ${d.evaluators_only_in_b.join(', ') || 'none'} in B)`;
  }
  return null;
}

/** Mean scores of the run: `score` (overall), `pass_rate`, and one per evaluator. */
export type RunMeans = Record<string, number | null>;

/** Gate settings. */
export interface GateOptions {
  /** Compare with a baseline that has evaluators or items the run lacks (only what both share). */
  allowPartialBaseline?: boolean;
}

/** The gate's verdict. */
export interface GateResult {
  passed: boolean;
  reasons: string[];
}

/**
 * Checks `thresholds` (metric → minimum mean; `score` = overall score, `pass_rate`, or an evaluator
 * name) and, when a comparison with the baseline is given, fails when it is `worse` or `mixed`
 * (B significantly worse on the overall score's bootstrap interval or on McNemar's pass/fail test),
 * or when the baseline has evaluators or items the run lacks (unless `allowPartialBaseline`).
 */
export function evaluateGate(means: RunMeans, thresholds: Record<string, number>, comparison: ExperimentComparison | null, options: GateOptions = {}): GateResult {
  const reasons: string[] = [];
  const lacking = comparison ? baselineOnly(comparison) : null;
  if (lacking && !options.allowPartialBaseline) {
    reasons.push(`baseline ${comparison!.a.name} has ${lacking} that ${comparison!.b.name} lacks; run them too, or pass --allow-partial-baseline to compare only what both share`);
  } else if (comparison && nothingToCompare(comparison)) {
    reasons.push(nothingToCompare(comparison)!);
  }
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
