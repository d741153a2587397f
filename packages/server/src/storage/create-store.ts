/** The storage factory: the only place that picks a backend. */
import path from 'node:path';
import type { Store } from './store.js';
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
