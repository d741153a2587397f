/** Runs the decision store contract on every backend (backends.ts). */
import { decisionStoreContract } from './decision-store-contract.js';
import { forEachBackend } from './backends.js';

forEachBackend(decisionStoreContract);
