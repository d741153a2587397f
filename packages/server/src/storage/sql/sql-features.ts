import type { Expression, SqlBool } from 'kysely';

/**
 * What differs between SQL dialects in the shared read queries. Each backend folder provides one;
 * the shared queries never branch on the dialect name.
 */
export interface SqlFeatures {
  /** Substring match of `term` over the trace's name, input and output text (table alias `t`). */
  traceTextMatch(term: string): Expression<SqlBool>;
  /** The trace (alias `t`) carries this tag. */
  traceHasTag(tag: string): Expression<SqlBool>;
  /**
   * ORDER BY terms for a nullable column with nulls last in both directions, written so the
   * backend's index on the column can serve them.
   */
  orderNullsLast(column: string, direction: 'asc' | 'desc'): Expression<unknown>[];
  /** A boolean literal as the column type stores it. */
  bool(value: boolean): number | boolean;
}

/** Escapes `%`, `_` and `\` for a LIKE pattern used with `ESCAPE '\'`. */
export function likeEscape(term: string): string {
  return term.replace(/[\\%_]/g, (c) => `\\${c}`);
}
