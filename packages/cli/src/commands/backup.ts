/**
 * `tracehub backup --out FILE` and `tracehub restore FILE`: on the server's machine, with the server's
 * settings (TRACEHUB_DATA_DIR or TRACEHUB_DATABASE_URL, from the environment and `.env`), like pg_dump.
 * The backup is taken online while the server keeps ingesting; the restore loads into an empty store
 * of either backend (also the way from SQLite to PostgreSQL). docs/operations.md.
 */
import type { Command } from 'commander';
import { CliError } from '../cli-error.js';

// Loaded on demand: the other commands never load the server's storage drivers.
const loadBackup = () => import('@tracehub/server/backup');

const summary = (tables: Record<string, number>) => {
  const rows = Object.values(tables).reduce((a, b) => a + b, 0);
  return `${Object.keys(tables).length} tables, ${rows} rows`;
};

/** Adds `backup` and `restore`. */
export function registerBackupCommands(program: Command): void {
  program
    .command('backup')
    .description("Write a consistent online backup of the server's store (TRACEHUB_DATA_DIR or TRACEHUB_DATABASE_URL) to one archive")
    .requiredOption('-o, --out <file>', 'archive file to write (replaced when complete)')
    .action(async (opts: { out: string }) => {
      const { backupServerStore } = await loadBackup();
      const report = await backupServerStore(opts.out).catch((error: unknown) => {
        throw new CliError(`backup failed: ${error instanceof Error ? error.message : String(error)}`);
      });
      process.stdout.write(`Backed up ${report.backend} store to ${report.file}: ${summary(report.tables)}, ${report.bytes} bytes\n`);
    });
  program
    .command('restore')
    .description("Load a backup archive into the server's empty store (TRACEHUB_DATA_DIR or TRACEHUB_DATABASE_URL), on either backend")
    .argument('<file>', 'archive written by tracehub backup')
    .action(async (file: string) => {
      const { restoreServerStore } = await loadBackup();
      const report = await restoreServerStore(file).catch((error: unknown) => {
        throw new CliError(`restore failed: ${error instanceof Error ? error.message : String(error)}`);
      });
      process.stdout.write(`Restored ${report.sourceBackend} backup into the ${report.backend} store: ${summary(report.tables)}\n`);
    });
}
