/**
 * The value rules every row converter uses, written once. Raw rows come from either backend: SQLite
 * answers booleans as 0/1; the PostgreSQL pool answers BIGINT as numbers and JSON as text. Each
 * converter picks, per column, what a NULL reads as:
 *
 * - `num`: NOT NULL numbers and sums/counts (a sum over no rows is NULL) — NULL reads as 0;
 * - `numOrNull`: nullable numbers — NULL stays null;
 * - `text` / `textOrNull` / `textOr(v, fallback)`: required text, nullable text, JSON text with a default;
 * - `flag` / `flagOrNull`: booleans — NULL reads as false, or stays null.
 *
 * Stored numbers an older version let through (Infinity, NaN as text) read as 0 / null, never as
 * values an answer cannot encode.
 */

/** A raw database row. */
export type RawRow = Record<string, unknown>;

const finiteOr = <T>(v: unknown, fallback: T): number | T => {
  const n = v == null ? Number.NaN : Number(v);
  return Number.isFinite(n) ? n : fallback;
};

/** A number; NULL (and a non-finite stored value) reads as 0. */
export const num = (v: unknown): number => finiteOr(v, 0);

/** A nullable number; NULL (and a non-finite stored value) reads as null. */
export const numOrNull = (v: unknown): number | null => finiteOr(v, null);

/** Required text. */
export const text = (v: unknown): string => String(v);

/** Nullable text. */
export const textOrNull = (v: unknown): string | null => (v == null ? null : String(v));

/** Text with a default for NULL (JSON columns: '{}' or '[]'). */
export const textOr = (v: unknown, fallback: string): string => (v == null ? fallback : String(v));

/** A nullable boolean from either backend (true, 1, '1', 't'). */
export const flagOrNull = (v: unknown): boolean | null => (v == null ? null : v === true || v === 1 || v === '1' || v === 't');

/** A boolean; NULL reads as false. */
export const flag = (v: unknown): boolean => flagOrNull(v) ?? false;
