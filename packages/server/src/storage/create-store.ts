/** The storage factory: the only place that picks a backend. */
import fs from 'node:fs';
import path from 'node:path';
import type { IngestWorkerTarget, Store } from './store.js';
import { createSqliteStore } from './sqlite/sqlite-store.js';
import { createPostgresStore } from './postgres/postgres-store.js';
import type { RestoreTarget, SnapshotSource } from './backup/table-io.js';
import { openSqliteSnapshot, openSqliteTarget } from './sqlite/sqlite-backup.js';
import { openPostgresSnapshot, openPostgresTarget } from './postgres/postgres-backup.js';
import { SQLITE_MIGRATIONS } from './sqlite/migrations.js';
import { POSTGRES_MIGRATIONS } from './postgres/migrations.js';

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

/** Backup (backup/backup.ts): a consistent snapshot of the configured store; SQLite copies itself into `workDir` first. */
export function openBackupSnapshot(config: StoreConfig, workDir: string): Promise<SnapshotSource> {
  if (config.databaseUrl) return openPostgresSnapshot(config.databaseUrl);
  return openSqliteSnapshot(path.join(config.dataDir, 'tracehub.db'), workDir);
}

/** Restore: the configured (migrated) store as a restore target; null when the SQLite file does not exist yet. */
export async function openRestoreTarget(config: StoreConfig): Promise<RestoreTarget | null> {
  if (config.databaseUrl) return openPostgresTarget(config.databaseUrl);
  const file = path.join(config.dataDir, 'tracehub.db');
  return fs.existsSync(file) ? openSqliteTarget(file) : null;
}

/** The migrations this version knows for `backend` (the schema version a backup records). */
export function knownMigrations(backend: Store['backend']): string[] {
  return Object.keys(backend === 'sqlite' ? SQLITE_MIGRATIONS : POSTGRES_MIGRATIONS);
}
