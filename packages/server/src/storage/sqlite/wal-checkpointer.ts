/** Starts and stops the WAL checkpoint worker of one SQLite database file. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

// Under the test runner this module runs from src/ as TypeScript; the worker always runs the built file.
const here = path.dirname(fileURLToPath(import.meta.url));
const WORKER_FILE = path.join(here.replace(`${path.sep}src${path.sep}`, `${path.sep}dist${path.sep}`), 'wal-checkpoint-worker.js');

/** A running checkpointer. */
export interface WalCheckpointer {
  stop(): Promise<void>;
}

/** Checkpoints `file` every `intervalMs` (default 1 s) in a worker thread. */
export function startWalCheckpointer(file: string, intervalMs = 1000): WalCheckpointer {
  const worker = new Worker(WORKER_FILE, { workerData: { file, intervalMs } });
  worker.unref();
  worker.on('error', () => undefined);
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        const done = () => resolve();
        worker.once('message', () => void worker.terminate().then(done, done));
        worker.once('exit', done);
        worker.postMessage('stop');
      }),
  };
}
