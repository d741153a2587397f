/** Runs the prompt and dataset storage contract on every backend (backends.ts). */
import { promptDatasetContract } from './prompt-dataset-contract.js';
import { forEachBackend } from './backends.js';

forEachBackend(promptDatasetContract);
