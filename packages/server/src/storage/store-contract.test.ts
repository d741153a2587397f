/** Runs the storage contract on every backend: embedded SQLite and a real PostgreSQL server. */
import { storeContract } from './testing/store-contract.js';
import { BACKENDS, createTestStore } from './testing/test-stores.js';

for (const backend of BACKENDS) storeContract(backend, () => createTestStore(backend));
