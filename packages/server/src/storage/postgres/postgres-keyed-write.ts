/** PostgreSQL keyed write transactions: a transaction holding an advisory lock on the key. */
import { sql, type Kysely } from 'kysely';
import type { KeyedWrite } from '../sql/prompt-queries.js';

/** Builds the KeyedWrite of the PostgreSQL store; writers of the same key wait for each other. */
export function createPostgresKeyedWrite(db: Kysely<any>): KeyedWrite {
  return (key, work) =>
    db.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(trx);
      return work(trx);
    });
}
