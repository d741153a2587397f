/**
 * Starts and stops the WAL checkpoint worker of one SQLite database file. The worker (a thread with
 * its own V8 heap and SQLite connection) starts once writes after the start have added START_AFTER_BYTES
 * to the WAL: a cheap stat of the WAL file each interval sees it grow, whichever connection wrote (the
 * server's, or the ingest worker's). Automatic checkpoints are off, so nothing else shrinks the WAL
 * before; the few writes of an idle server's start-up do not start it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

// Under the test runner this module runs from src/ as TypeScript; the worker always runs the built file.
const here = path.dirname(fileURLToPath(import.meta.url));
const WORKER_FILE = path.join(here.replace(`${path.sep}src${path.sep}`, `${path.sep}dist${path.sep}`), 'wal-checkpoint-worker.js');

/** WAL growth that starts the worker: 256 pages of 4 KiB (SQLite's own automatic checkpoint waits for 1,000). */
export const START_AFTER_BYTES = 1024 * 1024;

/** A checkpointer: waiting for the first write, then running its worker. */
export interface WalCheckpointer {
  /** Whether the worker thread has started. */
  readonly running: boolean;
  stop(): Promise<void>;
}

const walSize = (file: string): number => {
  try {
    return fs.statSync(`${file}-wal`).size;
  } catch {
    return 0;
  }
};

/** Checkpoints `file` every `intervalMs` (default 1 s) in a worker thread started once the WAL has grown by START_AFTER_BYTES. */
export function startWalCheckpointer(file: string, intervalMs = 1000): WalCheckpointer {
  let worker: Worker | null = null;
  const baseline = walSize(file);
  const watch = setInterval(() => {
    if (walSize(file) < baseline + START_AFTER_BYTES) return;
    clearInterval(watch);
    worker = new Worker(WORKER_FILE, { workerData: { file, intervalMs } });
    worker.unref();
    worker.on('error', () => undefined);
  }, intervalMs);
  watch.unref();
  return {
    get running() {
      return worker !== null;
    },
    stop: () => {
      clearInterval(watch);
      const running = worker;
      if (!running) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const done = () => resolve();
        running.once('message', () => void running.terminate().then(done, done));
        running.once('exit', done);
        running.postMessage('stop');
      });
    },
  };
}
