/**
 * Fixed log-scale latency buckets shared by the rollup writer and the stats reader.
 * Bucket i covers [BASE_MS * GROWTH^(i-1), BASE_MS * GROWTH^i); bucket 0 holds everything below
 * BASE_MS. With GROWTH 1.1 a percentile read from the buckets is within 5 % of the true value.
 */
const HISTOGRAM_BASE_MS = 1;
const HISTOGRAM_GROWTH = 1.1;
const HISTOGRAM_BUCKETS = 200; // tops out near 1.9e8 ms (~52 hours)

/** Latency histograms are kept per 10 minutes (counters per minute): fewer rows to merge per window. */
export const LATENCY_ROLLUP_MICROS = 10 * 60 * 1_000_000;

/** Index of the bucket that holds a latency in milliseconds. */
export function latencyBucket(latencyMs: number): number {
  if (!(latencyMs >= HISTOGRAM_BASE_MS)) return 0;
  const i = Math.floor(Math.log(latencyMs / HISTOGRAM_BASE_MS) / Math.log(HISTOGRAM_GROWTH)) + 1;
  return Math.min(i, HISTOGRAM_BUCKETS - 1);
}

/** Representative latency of a bucket: the geometric middle of its bounds. */
function bucketValue(bucket: number): number {
  if (bucket <= 0) return HISTOGRAM_BASE_MS / 2;
  const low = HISTOGRAM_BASE_MS * HISTOGRAM_GROWTH ** (bucket - 1);
  return low * Math.sqrt(HISTOGRAM_GROWTH);
}

/**
 * Reads quantiles (0..1) from bucket counts. Returns null for each quantile when there are no
 * observations. Quantile q is the value of the bucket holding the ceil(q*n)-th observation.
 */
export function histogramQuantiles(counts: Map<number, number>, quantiles: number[]): (number | null)[] {
  const buckets = [...counts.entries()].filter(([, c]) => c > 0).sort((a, b) => a[0] - b[0]);
  const total = buckets.reduce((sum, [, c]) => sum + c, 0);
  if (total === 0) return quantiles.map(() => null);
  return quantiles.map((q) => {
    const rank = Math.max(1, Math.ceil(q * total));
    let seen = 0;
    for (const [bucket, count] of buckets) {
      seen += count;
      if (seen >= rank) return Math.round(bucketValue(bucket) * 100) / 100;
    }
    return Math.round(bucketValue(buckets[buckets.length - 1][0]) * 100) / 100;
  });
}
