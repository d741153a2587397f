/**
 * `tracehub backup` / `tracehub restore` on the server's machine: the store is named by the server's
 * own settings (TRACEHUB_DATA_DIR or TRACEHUB_DATABASE_URL, from the environment over `.env`).
 */
import { serverSettings } from '../instance-admin.js';
import { createBackup, restoreBackup, type BackupReport, type RestoreReport } from './backup.js';

export type { BackupReport, RestoreReport } from './backup.js';

/** Backs up the server's store into `outFile`. */
export function backupServerStore(outFile: string, env: Record<string, string | undefined> = process.env): Promise<BackupReport> {
  const config = serverSettings(env);
  return createBackup({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }, outFile);
}

/** Restores `file` into the server's (empty) store. */
export function restoreServerStore(file: string, env: Record<string, string | undefined> = process.env): Promise<RestoreReport> {
  const config = serverSettings(env);
  return restoreBackup({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }, file);
}
