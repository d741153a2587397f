/// <reference path="./jstat.d.ts" />
/**
 * The statistics of A/B test results, as pure functions (docs/ab-tests.md#statistics). Every metric
 * is a mean over units (a unit's value is the mean over its traces, so rates are shares), compared
 * with a two-sample z interval and, for looks at any time, an always-valid interval.
 *
 * Distributions come from jStat; means, variances and quantiles from simple-statistics.
 */
import jstat from 'jstat';
import { mean, quantileSorted, sampleVariance } from 'simple-statistics';

const { jStat } = jstat;

/** n, mean and sample variance of one group's unit values. */
export interface GroupSummary {
  n: number;
  mean: number;
  variance: number;
}

export interface Interval {
  estimate: number | null;
  low: number | null;
  high: number | null;
}

export interface Comparison extends Interval {
  p_value: number | null;
  sequential: Interval & { p_value: number | null };
  relative_lift: number | null;
}

const EMPTY: Interval = { estimate: null, low: null, high: null };

/** Units per comparison at which the always-valid interval is tightest (docs/ab-tests.md#statistics). */
export const SEQUENTIAL_TARGET_UNITS = 10_000;

/** A sample-ratio mismatch is declared below this p-value (the usual SRM threshold). */
export const SRM_THRESHOLD = 0.001;

/** Two-sided standard normal quantile z with P(|Z| > z) = alpha. */
export const zTwoSided = (alpha: number): number => jStat.normal.inv(1 - alpha / 2, 0, 1);

/** n, mean and sample variance (0 for fewer than 2 values). */
export function summarize(values: readonly number[]): GroupSummary {
  if (values.length === 0) return { n: 0, mean: 0, variance: 0 };
  return { n: values.length, mean: mean(values as number[]), variance: values.length > 1 ? sampleVariance(values as number[]) : 0 };
}

/** Normal-approximation interval of a group's mean (null bounds below 2 values). */
export function meanInterval(group: GroupSummary, alpha: number): Interval {
  if (group.n === 0) return EMPTY;
  if (group.n < 2) return { estimate: group.mean, low: null, high: null };
  const half = zTwoSided(alpha) * Math.sqrt(group.variance / group.n);
  return { estimate: group.mean, low: group.mean - half, high: group.mean + half };
}

/**
 * Mixture-SPRT log likelihood ratio and always-valid interval radius for an estimate with variance
 * `v`, mixing over a normal prior of variance `tau2` on the true difference. From Johari, Koomen,
 * Pekelis and Walsh, "Peeking at A/B Tests: Why it matters, and what to do about it" (KDD 2017)
 * and "Always Valid Inference: Continuous Monitoring of A/B Tests" (Operations Research 70(3),
 * 2022), section 4: Λ = sqrt(V/(V+τ²)) · exp(τ²Δ²/(2V(V+τ²))); the confidence sequence is
 * {θ : Λ(θ) < 1/α}, i.e. Δ ± sqrt((2V(V+τ²)/τ²) · ln(sqrt((V+τ²)/V)/α)). It is the normal-mixture
 * boundary of Robbins (1970) in the asymptotic form of Waudby-Smith, Arbour, Sinha, Kennedy and
 * Ramdas, "Time-uniform central limit theory and asymptotic confidence sequences" (Annals of
 * Statistics 2024), Theorem 2.2, whose tuning ρ² = (−2 ln α + ln(−2 ln α + 1)) / t* sets τ² here.
 */
export function mixtureSprt(difference: number, v: number, tau2: number, alpha: number): { radius: number; pValue: number } {
  const ratio = (v + tau2) / v;
  const radius = Math.sqrt(((2 * v * (v + tau2)) / tau2) * Math.log(Math.sqrt(ratio) / alpha));
  const logLambda = -0.5 * Math.log(ratio) + (tau2 * difference * difference) / (2 * v * (v + tau2));
  return { radius, pValue: Math.min(1, Math.exp(-logLambda)) };
}

/** The mixing variance τ² for an estimate of variance `v` read at `units` units: tightest at SEQUENTIAL_TARGET_UNITS. */
export function mixingVariance(v: number, units: number, alpha: number): number {
  const rho2 = (-2 * Math.log(alpha) + Math.log(-2 * Math.log(alpha) + 1)) / SEQUENTIAL_TARGET_UNITS;
  // v · units estimates the per-unit variance σ² of the difference; τ² = σ² ρ².
  return v * units * rho2;
}

/**
 * Treatment − control: a fixed-horizon z interval with its two-sided p-value, and the always-valid
 * (sequential) interval with its p-value that stay valid however often the results are read.
 */
export function compareGroups(control: GroupSummary, treatment: GroupSummary, alpha: number): Comparison {
  const empty = { ...EMPTY, p_value: null, sequential: { ...EMPTY, p_value: null }, relative_lift: null };
  if (control.n < 2 || treatment.n < 2) return empty;
  const difference = treatment.mean - control.mean;
  const relativeLift = control.mean !== 0 ? difference / Math.abs(control.mean) : null;
  const v = control.variance / control.n + treatment.variance / treatment.n;
  if (!(v > 0)) {
    // No spread in either group: the difference is exact.
    const p = difference === 0 ? 1 : 0;
    const exact = { estimate: difference, low: difference, high: difference };
    return { ...exact, p_value: p, sequential: { ...exact, p_value: p }, relative_lift: relativeLift };
  }
  const se = Math.sqrt(v);
  const half = zTwoSided(alpha) * se;
  const pValue = 2 * (1 - jStat.normal.cdf(Math.abs(difference) / se, 0, 1));
  const { radius, pValue: sequentialP } = mixtureSprt(difference, v, mixingVariance(v, control.n + treatment.n, alpha), alpha);
  return {
    estimate: difference,
    low: difference - half,
    high: difference + half,
    p_value: pValue,
    sequential: { estimate: difference, low: difference - radius, high: difference + radius, p_value: sequentialP },
    relative_lift: relativeLift,
  };
}

/** Chi-square goodness of fit of the units per variant against the weights (sample-ratio mismatch). */
export function sampleRatioCheck(counts: readonly number[], weights: readonly number[]): { chi_square: number; p_value: number | null; mismatch: boolean; threshold: number } {
  const total = counts.reduce((a, b) => a + b, 0);
  const weightSum = weights.reduce((a, b) => a + b, 0);
  if (total === 0 || counts.length < 2) return { chi_square: 0, p_value: null, mismatch: false, threshold: SRM_THRESHOLD };
  const chiSquare = counts.reduce((sum, observed, i) => {
    const expected = (total * weights[i]) / weightSum;
    return sum + ((observed - expected) * (observed - expected)) / expected;
  }, 0);
  const pValue = 1 - jStat.chisquare.cdf(chiSquare, counts.length - 1);
  return { chi_square: chiSquare, p_value: pValue, mismatch: pValue < SRM_THRESHOLD, threshold: SRM_THRESHOLD };
}

/**
 * A quantile with a distribution-free interval from order statistics: the ranks
 * n·q ∓ z·sqrt(n·q·(1−q)) (normal approximation to the binomial count below the quantile).
 */
export function quantileInterval(sorted: readonly number[], q: number, alpha: number): Interval {
  const n = sorted.length;
  if (n === 0) return EMPTY;
  const estimate = quantileSorted(sorted as number[], q);
  if (n < 2) return { estimate, low: null, high: null };
  const spread = zTwoSided(alpha) * Math.sqrt(n * q * (1 - q));
  const lowRank = Math.max(0, Math.floor(n * q - spread) - 1);
  const highRank = Math.min(n - 1, Math.ceil(n * q + spread) - 1);
  return { estimate, low: sorted[lowRank], high: sorted[Math.max(lowRank, highRank)] };
}

/**
 * Total units still needed (all variants together) for a fixed-horizon test at `alpha` with 80 %
 * power to see a relative lift `lift` of the control mean between control and one treatment whose
 * shares of all units are `controlShare` and `treatmentShare`; null when the control mean is 0.
 */
export function unitsNeeded(control: GroupSummary, treatment: GroupSummary, lift: number, alpha: number, controlShare: number, treatmentShare: number): number | null {
  const delta = lift * Math.abs(control.mean);
  if (!(delta > 0) || control.n < 2) return null;
  const variance = Math.max(control.variance, treatment.n >= 2 ? treatment.variance : 0);
  if (!(variance > 0)) return null;
  const z = zTwoSided(alpha) + jStat.normal.inv(0.8, 0, 1);
  const total = (z * z * variance * (1 / controlShare + 1 / treatmentShare)) / (delta * delta);
  return Math.max(0, Math.ceil(total - (control.n + treatment.n) / (controlShare + treatmentShare)));
}
