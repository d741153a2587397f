/** Runs the experiment storage contract on every backend. */
import { experimentStoreContract } from './experiment-store-contract.js';
import { BACKENDS, createTestStore } from './test-stores.js';

for (const backend of BACKENDS) experimentStoreContract(backend, () => createTestStore(backend));
