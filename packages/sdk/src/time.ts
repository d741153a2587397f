/**
 * Clock helpers. The record path stores epoch milliseconds as a float (sub-millisecond precision
 * from `performance.now()`); conversion to ISO 8601 with microseconds happens at serialisation.
 */
import { performance } from 'node:perf_hooks';
import type { TimeInput } from './types.js';

const origin = performance.timeOrigin;

/** Current time in epoch milliseconds with a fractional part. */
export function nowMs(): number {
  return origin + performance.now();
}

/** Normalises a user-supplied time: Date and numbers become epoch ms, strings stay as given. */
export function toTimeValue(value: TimeInput | undefined): number | string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string') return value;
  if (value instanceof Date) {
    const ms = value.getTime();
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}

let cachedSecond = Number.NaN;
let cachedPrefix = '';

/** Formats epoch milliseconds as ISO 8601 UTC with microseconds; strings pass through. */
export function toWireTime(value: number | string): string {
  if (typeof value === 'string') return value;
  const second = Math.floor(value / 1000);
  if (second !== cachedSecond) {
    // `YYYY-MM-DDTHH:MM:SS` is formatted once per second; the fraction is appended per call.
    cachedPrefix = new Date(second * 1000).toISOString().slice(0, 19);
    cachedSecond = second;
  }
  const micros = Math.min(999_999, Math.round((value - second * 1000) * 1000));
  return `${cachedPrefix}.${String(micros).padStart(6, '0')}Z`;
}
