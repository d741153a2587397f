/** Runs the online evaluation store contract on every backend (backends.ts). */
import { onlineEvalStoreContract } from './online-eval-store-contract.js';
import { forEachBackend } from './backends.js';

forEachBackend(onlineEvalStoreContract);
