/** Runs a backend's migrations with Kysely's Migrator (which takes a lock so several servers may start at once). */
import { Migrator, sql, type Migration } from 'kysely';
import type { MigrationReport } from '../store.js';
import type { Db } from './database.js';

function provider(migrations: Record<string, string[]>) {
  const entries: Record<string, Migration> = {};
  for (const [name, statements] of Object.entries(migrations)) {
    entries[name] = {
      async up(db) {
        for (const statement of statements) await sql.raw(statement).execute(db);
      },
    };
  }
  return { getMigrations: async () => entries };
}

/** Applies every pending migration; throws with the failing migration's name when one fails. */
export async function runMigrations(db: Db, migrations: Record<string, string[]>): Promise<MigrationReport> {
  const migrator = new Migrator({ db, provider: provider(migrations) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Database migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName), pending: [] };
}

/** Names of migrations not yet applied. */
export async function pendingMigrations(db: Db, migrations: Record<string, string[]>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: provider(migrations) });
  const all = await migrator.getMigrations();
  return all.filter((m) => !m.executedAt).map((m) => m.name);
}
