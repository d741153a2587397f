/** The PostgreSQL dialect capabilities (see sql/sql-capabilities.ts). */
import { sql } from 'kysely';
import { likeContains, type SqlCapabilities } from '../sql/sql-capabilities.js';

/** PostgreSQL: ILIKE search (pg_trgm index), JSONB tags, real booleans, row and advisory locks. */
export const postgresCapabilities: SqlCapabilities = {
  like: (column, term, options) => likeContains(column, term, options?.caseInsensitive ? 'ilike' : 'like'),
  traceTextMatch(term) {
    // The expression of the traces_text_trgm index, so the index can answer.
    const text = sql`(coalesce(t.name, '') || ' ' || coalesce(t.input_text, '') || ' ' || coalesce(t.output_text, ''))`;
    return postgresCapabilities.like(text, term, { caseInsensitive: true });
  },
  traceHasTag(tag) {
    return sql<boolean>`t.tags @> ${JSON.stringify([tag])}::jsonb`;
  },
  // ->> takes the key as a value (no path parsing); numbers and booleans come out as their JSON text.
  traceAttributeEquals(key, value) {
    return sql<boolean>`(t.attributes ->> ${key}::text) = ${value}::text`;
  },
  orderNullsLast: (column, direction) => [sql`${sql.ref(column)} ${sql.raw(direction)} nulls last`],
  bool: (value) => value,
  rowLocks: true,
  // The same lock key as IngestTx.lockTraces (postgres-ingest-tx.ts), so decision and ingest writes of a trace serialise.
  lockTrace: async (tx, projectId, traceId) => {
    await sql`SELECT pg_advisory_xact_lock(hashtextextended(${projectId}::text || ':' || ${traceId}::text, 0))`.execute(tx);
  },
};
