/** Starts a whole server from a configuration: store, migrations, bootstrap, app. Used by main.ts and tests. */
import type { FastifyInstance } from 'fastify';
import type { Config } from './config.js';
import { buildApp } from './app.js';
import { createStore } from './storage/create-store.js';
import type { Store } from './storage/store.js';
import { loadPriceTable } from './prices.js';
import { createAuthService } from './auth/auth-service.js';
import { createWorkerIngestService } from './ingest/worker-ingest-service.js';

/** A running server and how to stop it. */
export interface RunningServer {
  app: FastifyInstance;
  store: Store;
  close(): Promise<void>;
}

/** Opens the store, migrates, creates the first project when none exists, and builds the app. */
export async function createServer(config: Config, options: { store?: Store; logger?: boolean | object } = {}): Promise<RunningServer> {
  const store = options.store ?? createStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await store.migrate();
  const prices = loadPriceTable(config.modelPricesFile);
  const bootstrapped = await createAuthService(store.projects, () => Date.now() * 1000).bootstrap(config.bootstrapKey);
  // SQLite has one writer: ingestion runs in a worker thread so parsing and writing use both cores.
  const worker = store.sqliteFile && config.ingestWorker ? createWorkerIngestService(store.sqliteFile, config.modelPricesFile) : undefined;
  const app = await buildApp({ config, store, prices, logger: options.logger, ingest: worker });
  if (bootstrapped) app.log.info({ project: 'default' }, 'created project "default" with the bootstrap API key');
  return {
    app,
    store,
    async close() {
      await app.close();
      await worker?.close();
      await store.close();
    },
  };
}
