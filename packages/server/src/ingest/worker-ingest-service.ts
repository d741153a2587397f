/**
 * An IngestService that forwards each request to a worker thread (ingest-worker-thread.ts) which
 * owns the SQLite writes. Used for the embedded SQLite backend; PostgreSQL does its work in its own
 * process already. Same interface and answers as the in-process service.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { IngestService } from './ingest-service.js';

/** A request to the worker. */
export interface IngestWorkerRequest {
  id: number;
  method: 'ingestTraces' | 'ingestSpanEvents' | 'ingestEvals';
  projectId: string;
  body: unknown;
}

/** The worker's answer: a result, or the error text of a failure. */
export type IngestWorkerResponse = { id: number; result: unknown } | { id: number; error: string };

// Under the test runner this module runs from src/ as TypeScript; the worker always runs the built file.
const here = path.dirname(fileURLToPath(import.meta.url));
const WORKER_FILE = path.join(here.replace(`${path.sep}src${path.sep}`, `${path.sep}dist${path.sep}`), 'ingest-worker-thread.js');

/** Starts the worker for the SQLite database `file`; `close()` ends it after pending work. */
export function createWorkerIngestService(file: string, pricesFile?: string): IngestService & { close(): Promise<void> } {
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let closing = false;
  let worker = start();

  function start(): Worker {
    const w = new Worker(WORKER_FILE, { workerData: { file, pricesFile } });
    w.on('message', (message: IngestWorkerResponse | 'closed') => {
      if (message === 'closed') return;
      const waiter = pending.get(message.id);
      if (!waiter) return;
      pending.delete(message.id);
      if ('error' in message) waiter.reject(new Error(`ingest worker: ${message.error}`));
      else waiter.resolve(message.result);
    });
    w.on('error', (error) => {
      for (const waiter of pending.values()) waiter.reject(error);
      pending.clear();
    });
    w.on('exit', () => {
      for (const waiter of pending.values()) waiter.reject(new Error('ingest worker exited'));
      pending.clear();
      if (!closing) worker = start();
    });
    return w;
  }

  const call = <T>(method: IngestWorkerRequest['method'], projectId: string, body: unknown): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ id, method, projectId, body } satisfies IngestWorkerRequest);
    });

  return {
    ingestTraces: (projectId, body) => call('ingestTraces', projectId, body),
    ingestSpanEvents: (projectId, body) => call('ingestSpanEvents', projectId, body),
    ingestEvals: (projectId, evals) => call('ingestEvals', projectId, evals),
    async close() {
      closing = true;
      while (pending.size > 0) await new Promise((r) => setTimeout(r, 5));
      await new Promise<void>((resolve) => {
        worker.once('exit', () => resolve());
        worker.once('message', (m) => m === 'closed' && void worker.terminate());
        worker.postMessage('close');
      });
    },
  };
}
