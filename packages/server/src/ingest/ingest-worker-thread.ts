/**
 * Worker-thread entry of the ingest worker: runs the ingest service over its own connection to the
 * store (opened through the storage factory), so HTTP parsing and validation (main thread) and database writes (here)
 * use both cores. Each answer is posted after its transaction committed.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openIngestWorkerStore } from '../storage/create-store.js';
import type { IngestWorkerTarget } from '../storage/store.js';
import { loadPriceTable } from '../prices.js';
import { createIngestService, type IngestService } from './ingest-service.js';
import type { IngestWorkerRequest, IngestWorkerResponse } from './worker-ingest-service.js';

const { target, pricesFile } = workerData as { target: IngestWorkerTarget; pricesFile?: string };
const store = openIngestWorkerStore(target);
const ready = store.migrate();
const service: IngestService = createIngestService({
  store: store.traces,
  prices: loadPriceTable(pricesFile),
  now: () => Date.now() * 1000,
});

parentPort?.on('message', async (message: IngestWorkerRequest | 'close') => {
  if (message === 'close') {
    await store.close();
    parentPort?.postMessage('closed');
    return;
  }
  let response: IngestWorkerResponse;
  try {
    await ready;
    const result = await (service[message.method] as (projectId: string, body: unknown) => Promise<unknown>)(message.projectId, message.body);
    response = { id: message.id, result };
  } catch (error) {
    response = { id: message.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  parentPort?.postMessage(response);
});
