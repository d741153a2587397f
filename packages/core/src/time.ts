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

/** Formats integer microseconds since the epoch as ISO 8601 with microsecond precision. */
export function microsToIso(micros: number): string {
  const ms = Math.floor(micros / 1000);
  const base = new Date(ms).toISOString();
  const sub = String(((micros % 1_000_000) + 1_000_000) % 1_000_000).padStart(6, '0');
  return `${base.slice(0, 19)}.${sub}Z`;
}

/** Formats optional microseconds; null stays null. */
export function microsToIsoOrNull(micros: number | null | undefined): string | null {
  return micros == null ? null : microsToIso(micros);
}

/** Current time in microseconds since the epoch. */
export function nowMicros(): number {
  return Date.now() * 1000;
}

/**
 * A time on the wire: an ISO 8601 string (`2026-02-07T10:00:00Z`, fractional seconds up to
 * nanoseconds, any offset) or epoch milliseconds as a number. Parsed to integer microseconds.
 */
export const wireTime = z
  .union([z.string(), z.number().finite().nonnegative()])
  .transform((value, ctx) => {
    if (typeof value === 'number') return Math.round(value * 1000);
    const micros = isoToMicros(value);
    if (micros === null) {
      ctx.addIssue({ code: 'custom', message: `expected an ISO 8601 time such as 2026-02-07T10:00:00Z, got "${value.slice(0, 40)}"` });
      return z.NEVER;
    }
    return micros;
  });
