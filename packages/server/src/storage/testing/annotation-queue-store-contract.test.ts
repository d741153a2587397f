/** Runs the annotation queue store contract on every backend (backends.ts). */
import { annotationQueueStoreContract } from './annotation-queue-store-contract.js';
import { forEachBackend } from './backends.js';

forEachBackend(annotationQueueStoreContract);
