/** The transaction seam the shared queries write through; each backend provides one. */
import type { Db } from './database.js';

/**
 * Runs `work` in one write transaction on the backend's write connection and answers its result
 * after the commit; a throw rolls everything back (SQLite: sqlite/sqlite-transactions.ts;
 * PostgreSQL: Kysely's transaction).
 */
export type WriteTransaction = <T>(work: (db: Db) => Promise<T>) => Promise<T>;
