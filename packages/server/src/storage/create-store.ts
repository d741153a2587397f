/** The storage factory: the only place that picks a backend. */
import path from 'node:path';
import type { IngestWorkerTarget, Store } from './store.js';
import { createSqliteStore } from './sqlite/sqlite-store.js';
import { createPostgresStore } from './postgres/postgres-store.js';

/** Where the data lives: a PostgreSQL URL, or else a directory for the SQLite file. */
export interface StoreConfig {
  databaseUrl?: string;
  dataDir: string;
}

/** Opens the configured backend (PostgreSQL when a URL is given, else SQLite under dataDir). */
export function createStore(config: StoreConfig): Store {
  if (config.databaseUrl) return createPostgresStore({ connectionString: config.databaseUrl });
  return createSqliteStore({ file: path.join(config.dataDir, 'tracehub.db') });
}

/**
 * Opens the store an ingest worker thread writes through: a second connection to `target` that
 * leaves background work (checkpoints) to the server's own store. Call migrate() before use.
 */
export function openIngestWorkerStore(target: IngestWorkerTarget): Store {
  return createSqliteStore({ file: target.file, backgroundCheckpoints: false });
}
