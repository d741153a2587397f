import { describe, expect, it } from 'vitest';
import {
  backoffDelayMs,
  EQUAL_JITTER,
  FULL_JITTER,
  isRetryable,
  parseRetryAfter,
  PLUS_MINUS_20_JITTER,
  retryDelayMs,
  TRANSIENT_STATUSES,
} from './retry-policy.js';

describe('isRetryable', () => {
  it('retries 408, 429, 502, 503, 504 always and 500 only for idempotent requests', () => {
    for (const status of [408, 429, 502, 503, 504]) {
      expect(isRetryable(status)).toBe(true);
      expect(isRetryable(status, { idempotent: true })).toBe(true);
    }
    expect(isRetryable(500)).toBe(false);
    expect(isRetryable(500, { idempotent: false })).toBe(false);
    expect(isRetryable(500, { idempotent: true })).toBe(true);
    for (const status of [200, 204, 301, 400, 401, 403, 404, 409, 413, 422, 501, 505]) {
      expect(isRetryable(status, { idempotent: true })).toBe(false);
    }
    expect(TRANSIENT_STATUSES).toEqual([408, 429, 502, 503, 504]);
  });
});

describe('backoffDelayMs', () => {
  const top = () => 0.999;
  it('doubles per retry up to the cap (full jitter by default, whole milliseconds)', () => {
    expect(backoffDelayMs(0, { baseMs: 100, maxMs: 1000, random: top })).toBe(99);
    expect(backoffDelayMs(1, { baseMs: 100, maxMs: 1000, random: top })).toBe(199);
    expect(backoffDelayMs(3, { baseMs: 100, maxMs: 1000, random: top })).toBe(799);
    expect(backoffDelayMs(10, { baseMs: 100, maxMs: 1000, random: top })).toBe(999);
    expect(backoffDelayMs(10, { baseMs: 100, maxMs: 1000, random: () => 0 })).toBe(0);
  });

  it('survives absurd retry numbers and a zero base', () => {
    expect(backoffDelayMs(10_000, { baseMs: 100, maxMs: 1000, random: () => 0.5 })).toBe(500);
    expect(backoffDelayMs(10_000, { baseMs: 0, maxMs: 1000, random: () => 0.5 })).toBe(0);
    expect(backoffDelayMs(-3, { baseMs: 100, maxMs: 1000, random: () => 0.5 })).toBe(50);
  });

  it('keeps every jitter within its bounds and under the cap', () => {
    for (const r of [0, 0.25, 0.5, 0.75, 0.9999]) {
      const full = backoffDelayMs(2, { baseMs: 1000, maxMs: 60_000, jitter: FULL_JITTER, random: () => r });
      expect(full).toBeGreaterThanOrEqual(0);
      expect(full).toBeLessThan(4000);
      const equal = backoffDelayMs(2, { baseMs: 1000, maxMs: 60_000, jitter: EQUAL_JITTER, random: () => r });
      expect(equal).toBeGreaterThanOrEqual(2000);
      expect(equal).toBeLessThan(4000);
      const pm = backoffDelayMs(2, { baseMs: 1000, maxMs: 60_000, jitter: PLUS_MINUS_20_JITTER, random: () => r });
      expect(pm).toBeGreaterThanOrEqual(3200);
      expect(pm).toBeLessThan(4800);
      // At the cap, +20 % is cut back to the cap.
      expect(backoffDelayMs(30, { baseMs: 1000, maxMs: 60_000, jitter: PLUS_MINUS_20_JITTER, random: () => r })).toBeLessThanOrEqual(60_000);
    }
    expect(backoffDelayMs(0, { baseMs: 1000, maxMs: 60_000, jitter: PLUS_MINUS_20_JITTER, random: () => 0.5 })).toBe(1000);
    expect(backoffDelayMs(0, { baseMs: 1000, maxMs: 60_000, jitter: PLUS_MINUS_20_JITTER, random: () => 0 })).toBe(800);
  });
});

describe('retryDelayMs', () => {
  const options = { baseMs: 1000, maxMs: 60_000, jitter: PLUS_MINUS_20_JITTER, random: () => 0.5 };
  it('is the backoff without a Retry-After', () => {
    expect(retryDelayMs(0, options)).toBe(1000);
    expect(retryDelayMs(0, options, null)).toBe(1000);
    expect(retryDelayMs(0, options, Number.NaN)).toBe(1000);
    expect(retryDelayMs(0, options, -5)).toBe(1000);
  });

  it('waits at least the Retry-After, capped at maxMs or retryAfterCapMs', () => {
    expect(retryDelayMs(0, options, 5000)).toBe(5000);
    expect(retryDelayMs(0, options, 10)).toBe(1000);
    expect(retryDelayMs(0, options, 3_600_000)).toBe(60_000);
    expect(retryDelayMs(0, { ...options, maxMs: 5000, retryAfterCapMs: 30_000 }, 3_600_000)).toBe(30_000);
    expect(retryDelayMs(0, { ...options, retryAfterCapMs: Number.POSITIVE_INFINITY }, 3_600_000)).toBe(3_600_000);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.UTC(2030, 0, 1);
  it('reads delta-seconds, fractions included', () => {
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter(' 120 ', now)).toBe(120_000);
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter('0.5', now)).toBe(500);
  });

  it('reads HTTP dates (IMF-fixdate, RFC 850, asctime); a past date is 0', () => {
    expect(parseRetryAfter(new Date(now + 10_000).toUTCString(), now)).toBe(10_000);
    expect(parseRetryAfter('Tue, 01 Jan 2030 00:01:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('Tuesday, 01-Jan-30 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Tue Jan  1 00:00:20 2030', now)).not.toBeNull();
    expect(parseRetryAfter('Sat, 01 Jan 2000 00:00:00 GMT', now)).toBe(0);
  });

  it('answers null for absent and bogus values', () => {
    for (const bogus of [null, undefined, '', '   ', 'soon', '-5', '1e3', '0x10', 'Infinity', '3 seconds', '2030-01-01', 'Mon, garbage', '9'.repeat(400)]) {
      expect(parseRetryAfter(bogus, now)).toBeNull();
    }
  });
});
