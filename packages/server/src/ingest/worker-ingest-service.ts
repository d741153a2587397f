/**
 * An IngestService that forwards each request to a worker thread (ingest-worker-thread.ts) which
 * owns the SQLite writes. Used for the embedded SQLite backend; PostgreSQL does its work in its own
 * process already. Same interface and answers as the in-process service.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { IngestService } from './ingest-service.js';
import type { IngestWorkerTarget } from '../storage/store.js';

/** A request to the worker. */
export interface IngestWorkerRequest {
  id: number;
  method: 'ingestTraces' | 'ingestTraceBatch' | 'ingestSpanEvents' | 'ingestEvals';
  projectId: string;
  body: unknown;
}

/** The worker's answer: a result, or the error text of a failure. */
export type IngestWorkerResponse = { id: number; result: unknown } | { id: number; error: string };

// Under the test runner this module runs from src/ as TypeScript; the worker always runs the built file.
const here = path.dirname(fileURLToPath(import.meta.url));
const WORKER_FILE = path.join(here.replace(`${path.sep}src${path.sep}`, `${path.sep}dist${path.sep}`), 'ingest-worker-thread.js');

/** Options of the worker ingest service (tests shorten the deadlines). */
export interface WorkerIngestOptions {
  /** Most time close() waits for requests in flight before ending the worker anyway (default 10 s). */
  drainTimeoutMs?: number;
  /** Most time close() waits for the worker to close its database before terminating it (default 5 s). */
  closeTimeoutMs?: number;
  /** The worker's entry file (default: the built ingest-worker-thread.js). */
  workerFile?: string;
}

/**
 * Runs ingestion in a worker for the store at `target` (Store.ingestWorkerTarget), started on the first call; `close()` ends it after pending work. close()
 * always completes: requests still in flight after the drain deadline are rejected, and a worker
 * that does not answer "closed" in time is terminated.
 */
export function createWorkerIngestService(
  target: IngestWorkerTarget,
  pricesFile?: string,
  options: WorkerIngestOptions = {},
): IngestService & { close(): Promise<void> } {
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let closing = false;
  let closed: Promise<void> | null = null;
  let exited = false;
  // Started on the first ingest call, not with the server: an idle server keeps no second V8 heap (~45 MB RSS).
  let worker: Worker | null = null;

  function rejectAll(error: Error): void {
    for (const waiter of pending.values()) waiter.reject(error);
    pending.clear();
  }

  function start(): Worker {
    const w = new Worker(options.workerFile ?? WORKER_FILE, { workerData: { target, pricesFile } });
    exited = false;
    w.on('message', (message: IngestWorkerResponse | 'closed') => {
      if (message === 'closed') return;
      const waiter = pending.get(message.id);
      if (!waiter) return;
      pending.delete(message.id);
      if ('error' in message) waiter.reject(new Error(`ingest worker: ${message.error}`));
      else waiter.resolve(message.result);
    });
    w.on('error', (error) => rejectAll(error));
    w.on('exit', () => {
      if (w !== worker) return;
      exited = true;
      rejectAll(new Error('ingest worker exited'));
      if (!closing) worker = start();
    });
    return w;
  }

  const call = <T>(method: IngestWorkerRequest['method'], projectId: string, body: unknown): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (closing) return reject(new Error('ingest worker is closing'));
      const id = nextId++;
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      try {
        worker ??= start();
        worker.postMessage({ id, method, projectId, body } satisfies IngestWorkerRequest);
      } catch (error) {
        // A body the worker cannot receive (e.g. one structured clone cannot copy) must not stay pending.
        pending.delete(id);
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });

  async function shutdown(): Promise<void> {
    closing = true;
    const drainUntil = Date.now() + (options.drainTimeoutMs ?? 10_000);
    while (pending.size > 0 && !exited && Date.now() < drainUntil) await new Promise((r) => setTimeout(r, 5));
    rejectAll(new Error('ingest worker closed before answering'));
    const w = worker;
    if (exited || !w) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => void w.terminate(), options.closeTimeoutMs ?? 5_000);
      w.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      w.on('message', (m) => m === 'closed' && void w.terminate());
      try {
        w.postMessage('close');
      } catch {
        void w.terminate();
      }
    });
  }

  return {
    ingestTraces: (projectId, body) => call('ingestTraces', projectId, body),
    ingestTraceBatch: (projectId, batch) => call('ingestTraceBatch', projectId, batch),
    ingestSpanEvents: (projectId, body) => call('ingestSpanEvents', projectId, body),
    ingestEvals: (projectId, evals) => call('ingestEvals', projectId, evals),
    close() {
      closed ??= shutdown();
      return closed;
    },
  };
}
