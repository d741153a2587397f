/** Runs the experiment storage contract on every backend (backends.ts). */
import { experimentStoreContract } from './experiment-store-contract.js';
import { forEachBackend } from './backends.js';

forEachBackend(experimentStoreContract);
