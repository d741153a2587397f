import { describe, expect, it } from 'vitest';
import { formatCount, formatDuration, formatTime, formatZone } from './format';

describe('formatCount', () => {
  it('marks a lower bound with a plus in both languages', () => {
    expect(formatCount(1000, 'en', true)).toBe('1,000+');
    expect(formatCount(1000, 'ko', true)).toBe('1,000+');
    expect(formatCount(999, 'en')).toBe('999');
  });
});

describe('formatDuration', () => {
  it('rounds to the smaller unit without showing 60 s or 60 m', () => {
    expect(formatDuration(41 * 60_000 + 59_600)).toBe('42 m 0 s');
    expect(formatDuration(41 * 60_000 + 59_400)).toBe('41 m 59 s');
    expect(formatDuration(3_600_000 - 200)).toBe('1 h 0 m');
    expect(formatDuration(2 * 3_600_000 + 59 * 60_000 + 45_000)).toBe('3 h 0 m');
    expect(formatDuration(303 * 86_400_000 + 5 * 3_600_000)).toBe('303 d 5 h');
    expect(formatDuration(59_999)).toBe('1 m 0 s');
    expect(formatDuration(59_900)).toBe('59.9 s');
    expect(formatDuration(937)).toBe('937 ms');
  });
});

describe('formatTime with the zone', () => {
  it('appends the browser offset', () => {
    const iso = '2026-02-07T10:00:00.123Z';
    expect(formatTime(iso, true, true)).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} UTC([+-]\d\d:\d\d)?$/);
    expect(formatTime(iso, true, true).endsWith(formatZone(new Date(iso)))).toBe(true);
    expect(formatTime(iso)).not.toContain('UTC');
  });
});
