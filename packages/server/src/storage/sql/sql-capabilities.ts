/**
 * What differs between the SQL dialects, as capabilities the shared queries call (Kysely's way):
 * each backend folder provides one object (sqlite/sqlite-capabilities.ts,
 * postgres/postgres-capabilities.ts) and the shared queries never branch on the dialect name.
 */
import { sql, type Expression, type SqlBool } from 'kysely';
import type { Db } from './database.js';

/** The dialect capabilities of one SQL backend. */
export interface SqlCapabilities {
  /**
   * `column` contains `term` as a substring, with `%`, `_` and `\` in `term` taken literally (the
   * escape and its ESCAPE clause are built together here, so neither can be forgotten). SQLite
   * compares ASCII letters case-insensitively; PostgreSQL does so only with `caseInsensitive`.
   */
  like(column: string | Expression<unknown>, term: string, options?: { caseInsensitive?: boolean }): Expression<SqlBool>;
  /** Substring match of `term` over the trace's name, input and output text (table alias `t`). */
  traceTextMatch(term: string): Expression<SqlBool>;
  /** The trace (alias `t`) carries this tag. */
  traceHasTag(tag: string): Expression<SqlBool>;
  /**
   * The trace's (alias `t`) attribute `key` (top-level, taken literally: dots and quotes are part of
   * the key) reads as `value`: a string as itself, a number or boolean as its JSON text.
   */
  traceAttributeEquals(key: string, value: string): Expression<SqlBool>;
  /**
   * ORDER BY terms for a nullable column with nulls last in both directions, written so the
   * backend's index on the column can serve them.
   */
  orderNullsLast(column: string, direction: 'asc' | 'desc'): Expression<unknown>[];
  /** A boolean literal as the column type stores it. */
  bool(value: boolean): number | boolean;
  /** `SELECT … FOR UPDATE [SKIP LOCKED]` is available (PostgreSQL); SQLite has one writer anyway. */
  rowLocks: boolean;
  /**
   * Serialises a transaction with ingest transactions of the same trace (PostgreSQL: the advisory
   * lock IngestTx.lockTraces takes; SQLite: nothing, BEGIN IMMEDIATE already holds the write lock).
   */
  lockTrace(tx: Db, projectId: string, traceId: string): Promise<void>;
}

/**
 * `column <operator> '%term%' ESCAPE '\'` with `%`, `_` and `\` of `term` escaped: the one place a
 * LIKE pattern is built from user text. Used by the backends' `like` capability.
 */
export function likeContains(column: string | Expression<unknown>, term: string, operator: 'like' | 'ilike'): Expression<SqlBool> {
  const pattern = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const target = typeof column === 'string' ? sql.ref(column) : column;
  return sql<SqlBool>`${target} ${sql.raw(operator)} ${pattern} escape '\\'`;
}
