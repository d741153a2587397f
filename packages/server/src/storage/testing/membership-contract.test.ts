/** Runs the user and membership storage contract on every backend. */
import { membershipContract } from './membership-contract.js';
import { BACKENDS, createTestStore } from './test-stores.js';

for (const backend of BACKENDS) membershipContract(backend, () => createTestStore(backend));
