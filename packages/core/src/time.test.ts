import { describe, expect, it } from 'vitest';
import { microsToIso, wireTime } from './time.js';

const issue = (value: unknown) => wireTime.safeParse(value).error?.issues[0]?.message ?? '';

describe('wireTime range', () => {
  it('accepts times from 2000 to 2100 as ISO strings and epoch milliseconds', () => {
    expect(wireTime.parse('2026-02-07T10:00:00Z')).toBe(Date.UTC(2026, 1, 7, 10) * 1000);
    expect(wireTime.parse(1_770_000_000_000)).toBe(1_770_000_000_000_000);
    expect(wireTime.parse('2000-01-01T00:00:00Z')).toBe(Date.UTC(2000, 0, 1) * 1000);
  });

  it('refuses numbers outside the window with a hint naming the unit they look like', () => {
    expect(issue(1_770_000_000_000_000_000)).toContain('looks like nanoseconds');
    expect(issue(1_770_000_000_000_000)).toContain('looks like microseconds');
    expect(issue(1_770_000_000)).toContain('looks like seconds');
    expect(issue(0)).toContain('between 2000-01-01 and 2100-01-01');
    expect(issue(-5)).toContain('between 2000-01-01 and 2100-01-01');
    expect(issue(Number.MAX_VALUE)).toContain('between 2000-01-01 and 2100-01-01');
  });

  it('refuses ISO strings outside the window', () => {
    expect(issue('1999-12-31T23:59:59Z')).toContain('between 2000-01-01 and 2100-01-01');
    expect(issue('2100-01-01T00:00:00Z')).toContain('between 2000-01-01 and 2100-01-01');
    expect(issue('9999-01-01')).toContain('between 2000-01-01 and 2100-01-01');
  });
});

describe('microsToIso', () => {
  it('formats microseconds', () => {
    expect(microsToIso(1_770_000_000_123_456)).toBe('2026-02-02T02:40:00.123456Z');
    expect(microsToIso(-1)).toBe('1969-12-31T23:59:59.999999Z');
  });

  it('never throws on stored values outside the Date range', () => {
    expect(microsToIso(1.77e21)).toBe('9999-12-31T23:59:59.999999Z');
    expect(microsToIso(-1e30)).toBe('0000-01-01T00:00:00.000000Z');
    expect(microsToIso(Number.POSITIVE_INFINITY)).toBe('9999-12-31T23:59:59.999999Z');
    expect(microsToIso(Number.NaN)).toBe('1970-01-01T00:00:00.000000Z');
  });
});
