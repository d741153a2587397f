/** Runs the span-rollups-by-environment storage contract on every backend (backends.ts). */
import { spanEnvironmentContract } from './span-environment-contract.js';
import { forEachBackend } from './backends.js';

forEachBackend(spanEnvironmentContract);
