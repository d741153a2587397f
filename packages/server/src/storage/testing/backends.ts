/**
 * The backends every contract suite (and every API test that loops over backends) runs on, listed
 * once. `TRACEHUB_TEST_BACKENDS=sqlite` (comma-separated names) narrows a local run; CI ignores the
 * variable, so CI always runs every backend.
 */
import path from 'node:path';
import type { Store } from '../store.js';
import { createSqliteStore } from '../sqlite/sqlite-store.js';
import { createPostgresStore } from '../postgres/postgres-store.js';
import { createTestDatabase, tempDir } from './test-databases.js';

/** Options of a test store. */
export interface TestStoreOptions {
  now?: () => number;
}

/** How each backend opens a new, empty, unmigrated test store. */
const FACTORIES = {
  sqlite: async (options: TestStoreOptions): Promise<Store> =>
    createSqliteStore({ file: path.join(tempDir(), 'tracehub.db'), now: options.now }),
  postgres: async (options: TestStoreOptions): Promise<Store> =>
    createPostgresStore({ connectionString: await createTestDatabase(), maxConnections: 4, now: options.now }),
};

/** A backend name. */
export type Backend = keyof typeof FACTORIES;

/** Every backend, whatever the environment says. */
export const ALL_BACKENDS = Object.keys(FACTORIES) as Backend[];

/**
 * The backends to test: all of them, or those named in TRACEHUB_TEST_BACKENDS outside CI.
 * An unknown name is an error, so a typo never silently tests nothing.
 */
export function selectBackends(env: Record<string, string | undefined>): Backend[] {
  const wanted = env.TRACEHUB_TEST_BACKENDS?.trim();
  if (!wanted || env.CI) return [...ALL_BACKENDS];
  const names = wanted.split(',').map((n) => n.trim()).filter(Boolean);
  const unknown = names.filter((n) => !(ALL_BACKENDS as string[]).includes(n));
  if (unknown.length) throw new Error(`TRACEHUB_TEST_BACKENDS names unknown backends: ${unknown.join(', ')} (known: ${ALL_BACKENDS.join(', ')})`);
  return ALL_BACKENDS.filter((b) => names.includes(b));
}

/** The backends this test run covers. */
export const BACKENDS: readonly Backend[] = selectBackends(process.env);

/** An unmigrated store of the given backend, with its own empty database. */
export function createTestStore(backend: Backend, options: TestStoreOptions = {}): Promise<Store> {
  return FACTORIES[backend](options);
}

/** Runs a contract suite once per selected backend, each opening fresh stores. */
export function forEachBackend(contract: (name: string, open: () => Promise<Store>) => void): void {
  for (const backend of BACKENDS) contract(backend, () => createTestStore(backend));
}
