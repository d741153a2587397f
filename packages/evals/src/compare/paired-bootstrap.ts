/** Paired bootstrap confidence interval of a mean difference, with a seeded generator (reproducible). */
import { mean, quantileSorted } from 'simple-statistics';
import type { Random } from '../seeded-random.js';

/** Mean of `differences` and its (1 − alpha) percentile interval over `resamples` resamples of the items. */
export function pairedBootstrap(differences: number[], resamples: number, alpha: number, random: Random): { delta: number; low: number; high: number } {
  const n = differences.length;
  if (n === 0) return { delta: 0, low: 0, high: 0 };
  const means = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += differences[Math.floor(random() * n)];
    means[r] = sum / n;
  }
  const sorted = Array.from(means).sort((a, b) => a - b);
  return { delta: mean(differences), low: quantileSorted(sorted, alpha / 2), high: quantileSorted(sorted, 1 - alpha / 2) };
}
