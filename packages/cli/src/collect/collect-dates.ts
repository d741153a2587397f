/** `--since` / `--until` values: a date (UTC day) or an ISO 8601 time. */
import { CliError } from '../cli-error.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The ISO time a bound means. A bare date is a whole UTC day: `--since 2026-01-25` starts at its
 * midnight, `--until 2026-01-31` ends at the next midnight (so Jan 31 is included); `--from`/`--to` alike.
 */
export function boundTime(option: '--since' | '--until' | '--from' | '--to', value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (DATE.test(value)) {
    const start = Date.parse(`${value}T00:00:00Z`);
    if (Number.isNaN(start)) throw new CliError(`${option} "${value}" is not a date; use YYYY-MM-DD.`);
    return new Date(option === '--until' || option === '--to' ? start + 86_400_000 : start).toISOString();
  }
  const time = Date.parse(value);
  if (Number.isNaN(time) || !/^\d{4}-\d{2}-\d{2}T/.test(value)) {
    throw new CliError(`${option} "${value}" is not a date or time; use YYYY-MM-DD or 2026-01-25T09:00:00Z.`);
  }
  return new Date(time).toISOString();
}
