/** Runs the prompt and dataset storage contract on every backend. */
import { promptDatasetContract } from './prompt-dataset-contract.js';
import { BACKENDS, createTestStore } from './test-stores.js';

for (const backend of BACKENDS) promptDatasetContract(backend, () => createTestStore(backend));
