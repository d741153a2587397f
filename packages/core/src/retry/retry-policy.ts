/**
 * The one retry policy of Trace Hub: which HTTP statuses are worth another attempt, capped
 * exponential backoff with jitter, and the server's `Retry-After` header. Pure and free of imports,
 * so the zero-dependency SDK takes a build-time copy of this folder (packages/sdk/scripts/copy-core-retry.mjs).
 */

/**
 * Statuses that say "not done, try later" whatever the request was: 408 (request timeout), 429 (rate
 * limited), 502 (bad gateway), 503 (unavailable), 504 (gateway timeout).
 */
export const TRANSIENT_STATUSES: readonly number[] = [408, 429, 502, 503, 504];

/** What a caller tells `isRetryable` about its request. */
export interface RetryableOptions {
  /**
   * True when sending the same request twice is harmless (SDK batches carry idempotency keys):
   * then a 500 is retried too. Default false: a 500 from a non-idempotent write may have done
   * part of the work, and it is usually the same answer the next time.
   */
  idempotent?: boolean;
}

/** Whether an answer with this HTTP status deserves another attempt (network errors always do). */
export function isRetryable(status: number, options: RetryableOptions = {}): boolean {
  return TRANSIENT_STATUSES.includes(status) || (options.idempotent === true && status === 500);
}

/** Where in the backoff ceiling a delay falls: uniform in [from, from + width) times the ceiling. */
export interface Jitter {
  from: number;
  width: number;
}

/** Full jitter (AWS's recommendation): anywhere in [0, ceiling). The default. */
export const FULL_JITTER: Jitter = { from: 0, width: 1 };
/** Equal jitter: in [ceiling/2, ceiling). */
export const EQUAL_JITTER: Jitter = { from: 0.5, width: 0.5 };
/** ±20 % around the ceiling (still never above `maxMs`). */
export const PLUS_MINUS_20_JITTER: Jitter = { from: 0.8, width: 0.4 };

/** Capped exponential backoff. */
export interface BackoffOptions {
  /** Ceiling of retry 0; doubles per retry. */
  baseMs: number;
  /** Largest delay the backoff itself gives. */
  maxMs: number;
  /** Default FULL_JITTER. */
  jitter?: Jitter;
  /** Uniform in [0, 1); default Math.random (inject for tests). */
  random?: () => number;
}

/** Backoff before retry `retry` (0 = the first retry): min(maxMs, baseMs · 2^retry) with jitter, whole milliseconds. */
export function backoffDelayMs(retry: number, options: BackoffOptions): number {
  const exponent = Math.min(Math.max(0, Math.floor(retry)), 52);
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** exponent);
  const jitter = options.jitter ?? FULL_JITTER;
  const factor = jitter.from + jitter.width * (options.random ?? Math.random)();
  return Math.max(0, Math.floor(Math.min(options.maxMs, ceiling * factor)));
}

/** Backoff plus how far a server's Retry-After may push it. */
export interface RetryDelayOptions extends BackoffOptions {
  /** Longest wait a Retry-After can ask for (default maxMs). */
  retryAfterCapMs?: number;
}

/**
 * Delay before retry `retry`: the backoff, or what the server's Retry-After asked when that is
 * longer (capped at `retryAfterCapMs`). A Retry-After is a lower bound, never a reason to hurry.
 */
export function retryDelayMs(retry: number, options: RetryDelayOptions, retryAfterMs?: number | null): number {
  const backoff = backoffDelayMs(retry, options);
  if (retryAfterMs === null || retryAfterMs === undefined || !(retryAfterMs >= 0)) return backoff;
  return Math.max(backoff, Math.floor(Math.min(retryAfterMs, options.retryAfterCapMs ?? options.maxMs)));
}

const DELTA_SECONDS = /^\d+(\.\d+)?$/;
// IMF-fixdate, RFC 850 and asctime dates all start with a day name.
const HTTP_DATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,?\s/i;

/**
 * Reads a Retry-After header — delay seconds (`120`, fractions tolerated) or an HTTP date — as
 * milliseconds from `now` (epoch ms). Null when absent or unreadable; a date in the past is 0.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
  if (DELTA_SECONDS.test(trimmed)) {
    const ms = Math.round(Number(trimmed) * 1000);
    return Number.isFinite(ms) ? ms : null;
  }
  if (!HTTP_DATE.test(trimmed)) return null;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
