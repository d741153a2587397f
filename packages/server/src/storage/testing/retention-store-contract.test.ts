/** Runs the RetentionStore contract (settings, lease, batch deletion by age and range) on every backend (backends.ts). */
import { forEachBackend } from './backends.js';
import { retentionStoreContract } from './retention-store-contract.js';

forEachBackend(retentionStoreContract);
