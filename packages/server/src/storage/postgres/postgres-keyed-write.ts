/** PostgreSQL keyed write transactions: a transaction holding an advisory lock on the key. */
import { sql } from 'kysely';
import type { Db } from '../sql/database.js';
import type { KeyedWrite } from '../sql/prompt-queries.js';

/** Builds the KeyedWrite of the PostgreSQL store; writers of the same key wait for each other. */
export function createPostgresKeyedWrite(db: Db): KeyedWrite {
  return (key, work) =>
    db.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(trx);
      return work(trx);
    });
}
