/**
 * `tracehub backup` / `tracehub restore` (and the scheduled backups): a consistent online backup of
 * the server's store into one portable archive (archive.ts), and its restore into an empty store of
 * either backend — also the way from the embedded SQLite to PostgreSQL.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createStore, knownMigrations, openBackupSnapshot, openRestoreTarget, type StoreConfig } from '../storage/create-store.js';
import type { RestoreTarget } from '../storage/backup/table-io.js';
import { ARCHIVE_FORMAT, ARCHIVE_VERSION, ArchiveError, packArchive, partName, readPart, unpackArchive, writePart, type Manifest } from './archive.js';

export { ArchiveError } from './archive.js';

/** What a backup wrote. */
export interface BackupReport {
  file: string;
  backend: 'sqlite' | 'postgres';
  migrations: string[];
  tables: Record<string, number>;
  bytes: number;
}

/** What a restore loaded. */
export interface RestoreReport {
  backend: 'sqlite' | 'postgres';
  sourceBackend: 'sqlite' | 'postgres';
  tables: Record<string, number>;
}

const sqliteFile = (config: StoreConfig) => path.join(config.dataDir, 'tracehub.db');

async function withWorkDir<T>(parent: string, work: (dir: string) => Promise<T>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(parent, '.tracehub-backup-'));
  try {
    return await work(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Writes a backup of the store named by `config` to `outFile` while the server keeps running: SQLite
 * through its online backup API, PostgreSQL in one snapshot transaction. The archive appears under
 * its name only when complete.
 */
export async function createBackup(config: StoreConfig, outFile: string): Promise<BackupReport> {
  const out = path.resolve(outFile);
  if (!fs.existsSync(path.dirname(out))) throw new Error(`Directory ${path.dirname(out)} does not exist`);
  return withWorkDir(path.dirname(out), async (dir) => {
    const source = await openBackupSnapshot(config, dir);
    const tables: Manifest['tables'] = [];
    try {
      fs.mkdirSync(path.join(dir, 'tables'));
      for (const table of source.tables) {
        const part = partName(table.name);
        const written = await writePart(path.join(dir, part), source.rows(table));
        tables.push({ name: table.name, part, columns: table.columns, ...written });
      }
    } finally {
      await source.close();
    }
    const manifest: Manifest = {
      format: ARCHIVE_FORMAT,
      format_version: ARCHIVE_VERSION,
      created_at: new Date().toISOString(),
      source_backend: source.backend,
      schema: { migrations: source.migrations },
      tables,
    };
    const partial = path.join(dir, 'archive.tar');
    await packArchive(partial, manifest, dir);
    fs.renameSync(partial, out);
    return {
      file: out,
      backend: source.backend,
      migrations: source.migrations,
      tables: Object.fromEntries(tables.map((t) => [t.name, t.rows])),
      bytes: fs.statSync(out).size,
    };
  });
}

/** The schema check: the archive's migrations must be exactly those this version knows for its backend. */
function checkSchema(file: string, manifest: Manifest): void {
  const known = knownMigrations(manifest.source_backend);
  const unknown = manifest.schema.migrations.filter((m) => !known.includes(m));
  if (unknown.length) {
    throw new ArchiveError(`${file} has a newer schema than this Trace Hub (unknown migrations: ${unknown.join(', ')}); restore it with the version that wrote it`);
  }
  const missing = known.filter((m) => !manifest.schema.migrations.includes(m));
  if (missing.length) {
    throw new ArchiveError(
      `${file} has an older schema (without ${missing.join(', ')}); restore it with the Trace Hub version that wrote it, then upgrade (docs/operations.md)`,
    );
  }
}

async function refuseNonEmpty(config: StoreConfig): Promise<void> {
  const target = await openRestoreTarget(config);
  if (!target) return;
  try {
    const busy = await target.nonEmptyTables();
    if (busy.length) {
      const where = config.databaseUrl ? 'the database of TRACEHUB_DATABASE_URL' : sqliteFile(config);
      throw new ArchiveError(`Refusing to restore into a store that holds data: ${where} (tables ${busy.slice(0, 5).join(', ')}${busy.length > 5 ? ', …' : ''}); restore into an empty one`);
    }
  } finally {
    await target.close();
  }
}

/**
 * Loads the archive `file` into the empty store named by `config` (created and migrated when
 * needed). Every part's sha256 is verified first; the load is one transaction, so a failure leaves
 * the store empty.
 */
export async function restoreBackup(config: StoreConfig, file: string): Promise<RestoreReport> {
  return withWorkDir(os.tmpdir(), async (dir) => {
    const archive = await unpackArchive(path.resolve(file), dir);
    const { manifest } = archive;
    checkSchema(file, manifest);
    await refuseNonEmpty(config);
    const store = createStore(config);
    try {
      await store.migrate();
    } finally {
      await store.close();
    }
    const target = (await openRestoreTarget(config)) as RestoreTarget;
    try {
      const tables = await target.load(manifest.tables.map((t) => ({ name: t.name, columns: t.columns.map((c) => c.name), rows: readPart(archive, t) })));
      return { backend: target.backend, sourceBackend: manifest.source_backend, tables };
    } finally {
      await target.close();
    }
  });
}
