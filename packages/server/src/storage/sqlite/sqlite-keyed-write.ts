/** SQLite keyed write transactions: the store's write transactions (sqlite-transactions.ts); the key is not needed. */
import type { KeyedWrite } from '../sql/prompt-queries.js';
import type { SqliteTransactions } from './sqlite-transactions.js';

/**
 * Builds the KeyedWrite of the SQLite store. Every write in the process already goes through the
 * store's write mutex, so the key is not needed; BEGIN IMMEDIATE makes a writer in another
 * connection (the ingest worker) make this wait (busy_timeout) instead of failing mid-way.
 */
export function createSqliteKeyedWrite(transactions: SqliteTransactions): KeyedWrite {
  return (_key, work) => transactions.kysely(work);
}
