/**
 * McNemar's test on paired pass/fail outcomes. `b` = passed in A and failed in B, `c` = the reverse.
 * Fewer than 25 discordant pairs: the exact two-sided binomial test (simple-statistics'
 * binomialDistribution with p = ½); more: chi-squared with continuity correction, 1 degree of freedom.
 */
import { binomialDistribution, errorFunction } from 'simple-statistics';

/** Below this many discordant pairs the exact test is used. */
const EXACT_LIMIT = 25;

/** The test used and its two-sided p-value. */
export function mcnemar(b: number, c: number): { test: 'exact' | 'chi_squared' | 'none'; p: number } {
  const n = b + c;
  if (n === 0) return { test: 'none', p: 1 };
  if (n < EXACT_LIMIT) {
    const cells = binomialDistribution(n, 0.5) ?? [];
    let tail = 0;
    for (let k = 0; k <= Math.min(b, c); k++) tail += cells[k] ?? 0;
    return { test: 'exact', p: Math.min(1, 2 * tail) };
  }
  const statistic = (Math.abs(b - c) - 1) ** 2 / n;
  // P(χ²₁ > x) = erfc(√(x/2)).
  return { test: 'chi_squared', p: Math.max(0, Math.min(1, 1 - errorFunction(Math.sqrt(statistic / 2)))) };
}
