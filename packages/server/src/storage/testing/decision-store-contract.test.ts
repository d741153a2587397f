/** Runs the decision store contract on every backend: embedded SQLite and a real PostgreSQL server. */
import { decisionStoreContract } from './decision-store-contract.js';
import { BACKENDS, createTestStore } from './test-stores.js';

for (const backend of BACKENDS) decisionStoreContract(backend, () => createTestStore(backend));
