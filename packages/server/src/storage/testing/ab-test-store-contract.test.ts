/** Runs the A/B test store contract on every backend (backends.ts). */
import { abTestStoreContract } from './ab-test-store-contract.js';
import { forEachBackend } from './backends.js';

forEachBackend(abTestStoreContract);
