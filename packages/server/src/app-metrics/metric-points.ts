/**
 * The rules every application metric point obeys, whichever door it came in by (OTLP metrics or the
 * JSON points endpoint; the name and label patterns are in @tracehub/core): a validated name, at
 * most MAX_METRIC_LABELS labels with valid keys and bounded string values, a finite value and a time
 * within the accepted range. Labels are kept as canonical JSON text (keys sorted), so a label set
 * identifies one series.
 */
import { LABEL_KEY_PATTERN, MAX_LABEL_VALUE_CHARS, MAX_METRIC_LABELS } from '@tracehub/core';

/** Points may be dated at most this far in the future (microseconds: one day). */
const MAX_FUTURE_MICROS = 86_400_000_000;
/** Earliest accepted point time: 2000-01-01. */
const MIN_TIME_MICROS = Date.UTC(2000, 0, 1) * 1000;

/** A point ready to store, minus the project. */
export interface MetricPoint {
  name: string;
  labels: Record<string, string>;
  /** Microseconds since the epoch. */
  time: number;
  value: number;
  kind: 'gauge' | 'sum' | 'histogram' | 'point';
  unit: string | null;
  hist_count: number | null;
  hist_sum: number | null;
}

/** Canonical text of a label set: JSON with sorted keys. */
export function canonicalLabels(labels: Record<string, string>): string {
  return JSON.stringify(Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
}

/** Why a label set is refused, or null when it is fine. */
export function labelProblem(labels: Record<string, string>): string | null {
  const keys = Object.keys(labels);
  if (keys.length > MAX_METRIC_LABELS) return `has ${keys.length} labels; at most ${MAX_METRIC_LABELS} are kept per point.`;
  for (const key of keys) {
    if (!LABEL_KEY_PATTERN.test(key)) return `label key "${key.slice(0, 40)}" is not valid (a letter or _, then letters, digits, _ . : -; at most 100 characters).`;
    if (labels[key].length > MAX_LABEL_VALUE_CHARS) return `label "${key}" is longer than ${MAX_LABEL_VALUE_CHARS} characters.`;
  }
  return null;
}

/** Why a point time (microseconds) is refused, or null when it is fine. */
export function timeProblem(time: number, now: number): string | null {
  if (!Number.isFinite(time) || time < MIN_TIME_MICROS) return 'time is before 2000-01-01 or not a time.';
  if (time > now + MAX_FUTURE_MICROS) return 'time is more than one day in the future.';
  return null;
}
