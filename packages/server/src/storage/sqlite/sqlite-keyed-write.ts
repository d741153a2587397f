/** SQLite keyed write transactions: one writer at a time through the store's write mutex, BEGIN IMMEDIATE. */
import { sql, type Kysely } from 'kysely';
import type { KeyedWrite } from '../sql/prompt-queries.js';

/**
 * Builds the KeyedWrite of the SQLite store. Every write in the process already goes through
 * `serialise`, so the key is not needed; IMMEDIATE takes the write lock up front, so a writer in
 * another connection (the ingest worker) makes this wait (busy_timeout) instead of failing mid-way.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function createSqliteKeyedWrite(writeDb: Kysely<any>, serialise: <T>(fn: () => Promise<T>) => Promise<T>): KeyedWrite {
  return (_key, work) =>
    serialise(() =>
      writeDb.connection().execute(async (db) => {
        await sql`BEGIN IMMEDIATE`.execute(db);
        try {
          const result = await work(db);
          await sql`COMMIT`.execute(db);
          return result;
        } catch (error) {
          await sql`ROLLBACK`.execute(db).catch(() => undefined);
          throw error;
        }
      }),
    );
}
