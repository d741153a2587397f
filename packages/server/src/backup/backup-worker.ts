/** Worker thread of a scheduled backup (backup-scheduler.ts): the copy, the reads and the gzip stay off the server's event loop. */
import { parentPort, workerData } from 'node:worker_threads';
import { createBackup } from './backup.js';

const { store, out } = workerData as { store: { databaseUrl?: string; dataDir: string }; out: string };
createBackup(store, out).then(
  (report) => parentPort?.postMessage({ report }),
  (error: unknown) => parentPort?.postMessage({ error: error instanceof Error ? error.message : String(error) }),
);
