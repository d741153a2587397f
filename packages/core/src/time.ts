import { z } from 'zod';

const ISO_PATTERN =
  /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?)(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/** Parses an ISO 8601 time into integer microseconds since the epoch; null when it is not one. */
export function isoToMicros(value: string): number | null {
  const m = ISO_PATTERN.exec(value.trim());
  if (!m) return null;
  const [, date, clock = '00:00:00', fraction = '', zone = 'Z'] = m;
  const ms = Date.parse(`${date}T${clock.length === 5 ? `${clock}:00` : clock}${zone.toUpperCase()}`);
  if (Number.isNaN(ms)) return null;
  const micros = Number((fraction + '000000').slice(0, 6));
  return ms * 1000 + micros;
}

/** Earliest time accepted on the wire: 2000-01-01T00:00:00Z, in microseconds since the epoch. */
export const MIN_WIRE_MICROS = Date.UTC(2000, 0, 1) * 1000;
/** Latest time accepted on the wire: 2100-01-01T00:00:00Z, in microseconds since the epoch. */
export const MAX_WIRE_MICROS = Date.UTC(2100, 0, 1) * 1000;

// What a stored time is clamped to when formatted: years 0000…9999, so the ISO form keeps 4 digits.
const MIN_FORMAT_MS = Date.parse('0000-01-01T00:00:00Z');
const MAX_FORMAT_MS = Date.parse('9999-12-31T23:59:59.999Z');

/**
 * Formats integer microseconds since the epoch as ISO 8601 with microsecond precision. Never
 * throws: a value outside years 0000…9999 (or not a number) is clamped, so a bad stored time can
 * never break a read.
 */
export function microsToIso(value: number): string {
  const micros = Number.isNaN(value) ? 0 : value;
  const ms = Math.floor(micros / 1000);
  if (ms > MAX_FORMAT_MS) return '9999-12-31T23:59:59.999999Z';
  if (ms < MIN_FORMAT_MS) return '0000-01-01T00:00:00.000000Z';
  const base = new Date(ms).toISOString();
  const sub = String(Math.trunc(((micros % 1_000_000) + 1_000_000) % 1_000_000)).padStart(6, '0');
  return `${base.slice(0, 19)}.${sub}Z`;
}

/** Formats optional microseconds; null stays null. */
export function microsToIsoOrNull(micros: number | null | undefined): string | null {
  return micros == null ? null : microsToIso(micros);
}

/** Why a wire time in epoch milliseconds is out of range, with a hint when its unit looks wrong. */
export function describeOutOfRangeMillis(ms: number): string {
  const window = 'between 2000-01-01 and 2100-01-01';
  const inRange = (micros: number) => micros >= MIN_WIRE_MICROS && micros < MAX_WIRE_MICROS;
  let hint = '';
  if (inRange(ms)) hint = ' — this looks like microseconds; send epoch milliseconds (divide by 1,000) or an ISO 8601 string';
  else if (inRange(ms / 1000)) hint = ' — this looks like nanoseconds; send epoch milliseconds (divide by 1,000,000) or an ISO 8601 string';
  else if (inRange(ms * 1_000_000)) hint = ' — this looks like seconds; send epoch milliseconds (multiply by 1,000) or an ISO 8601 string';
  return `epoch milliseconds ${ms} is not a time ${window}${hint}`;
}

/** Whether integer microseconds fall in the accepted window [2000-01-01, 2100-01-01). */
export function isWireMicrosInRange(micros: number): boolean {
  return micros >= MIN_WIRE_MICROS && micros < MAX_WIRE_MICROS;
}

/**
 * A time on the wire: an ISO 8601 string (`2026-02-07T10:00:00Z`, fractional seconds up to
 * nanoseconds, any offset) or epoch milliseconds as a number. Parsed to integer microseconds.
 * Only times from 2000-01-01 (inclusive) to 2100-01-01 (exclusive) are accepted; a number that
 * looks like seconds, microseconds or nanoseconds is refused with a hint naming the unit.
 */
export const wireTime = z
  .union([z.string(), z.number().finite()])
  .transform((value, ctx) => {
    if (typeof value === 'number') {
      const micros = Math.round(value * 1000);
      if (isWireMicrosInRange(micros)) return micros;
      ctx.addIssue({ code: 'custom', message: describeOutOfRangeMillis(value) });
      return z.NEVER;
    }
    const micros = isoToMicros(value);
    if (micros === null) {
      ctx.addIssue({ code: 'custom', message: `expected an ISO 8601 time such as 2026-02-07T10:00:00Z, got "${value.slice(0, 40)}"` });
      return z.NEVER;
    }
    if (!isWireMicrosInRange(micros)) {
      ctx.addIssue({ code: 'custom', message: `"${value.slice(0, 40)}" is not a time between 2000-01-01 and 2100-01-01` });
      return z.NEVER;
    }
    return micros;
  });
