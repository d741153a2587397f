/**
 * Fixed-window counters kept in memory, for the OTLP/gRPC endpoint's rate limits (the HTTP
 * endpoints count with @fastify/rate-limit in rate-limits.ts; the two count separately).
 */

/** Counts hits per key within fixed windows of `windowMs`. */
export interface WindowCounter {
  /** Adds one hit for `key`; answers the hits in the current window, this one included. */
  hit(key: string): number;
  /** Hits for `key` in the current window, without adding one. */
  count(key: string): number;
  /** Whole seconds (at least 1) until the current window of `key` ends. */
  secondsLeft(key: string): number;
}

const MAX_KEYS = 10_000;

/** Creates a window counter; `now` is the clock in milliseconds. */
export function createWindowCounter(windowMs: number, now: () => number = Date.now): WindowCounter {
  const windows = new Map<string, { hits: number; endsAt: number }>();
  const current = (key: string) => {
    const window = windows.get(key);
    return window && window.endsAt > now() ? window : undefined;
  };
  const prune = () => {
    const at = now();
    for (const [key, window] of windows) if (window.endsAt <= at) windows.delete(key);
    if (windows.size >= MAX_KEYS) windows.clear();
  };
  return {
    hit(key) {
      const window = current(key);
      if (window) return ++window.hits;
      if (windows.size >= MAX_KEYS) prune();
      windows.set(key, { hits: 1, endsAt: now() + windowMs });
      return 1;
    },
    count: (key) => current(key)?.hits ?? 0,
    secondsLeft: (key) => Math.max(1, Math.ceil(((current(key)?.endsAt ?? now()) - now()) / 1000)),
  };
}
