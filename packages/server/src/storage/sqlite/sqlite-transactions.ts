/**
 * SQLite write transactions, written once: the store's write mutex (one writer per process), then
 * BEGIN IMMEDIATE (the database's write lock taken up front, so a transaction that reads first never
 * fails to upgrade while the ingest worker's connection writes; it waits on busy_timeout instead),
 * COMMIT on return and ROLLBACK on throw. Every SQLite write transaction goes through here.
 */
import type Database from 'better-sqlite3';
import type { Db } from '../sql/database.js';
import type { WriteTransaction } from '../sql/write-transaction.js';

/** The write transactions of one SQLite write connection. */
export interface SqliteTransactions {
  /** Runs `work` (raw statements on the connection) in one transaction; the result comes after COMMIT. */
  run<T>(work: () => T | Promise<T>): Promise<T>;
  /** The same for Kysely queries: `work` gets the write database, whose queries run inside the transaction. */
  kysely: WriteTransaction;
}

/**
 * Builds the transactions of `writer`. `serialise` is the store's write mutex: every write of the
 * process runs inside it, so no other statement interleaves with an open transaction.
 */
export function createSqliteTransactions(
  writer: Database.Database,
  writeDb: Db,
  serialise: <T>(fn: () => Promise<T>) => Promise<T>,
): SqliteTransactions {
  const begin = writer.prepare('BEGIN IMMEDIATE');
  const commit = writer.prepare('COMMIT');
  const rollback = writer.prepare('ROLLBACK');
  const run = <T>(work: () => T | Promise<T>): Promise<T> =>
    serialise(async () => {
      begin.run();
      try {
        const result = await work();
        commit.run();
        return result;
      } catch (error) {
        // SQLite may already have rolled back on its own (e.g. SQLITE_FULL); ROLLBACK would then fail.
        if (writer.inTransaction) rollback.run();
        throw error;
      }
    });
  return { run, kysely: (work) => run(() => work(writeDb)) };
}
