/** Runs the application metric retention storage contract on every backend (backends.ts). */
import { metricRetentionContract } from './metric-retention-contract.js';
import { forEachBackend } from './backends.js';

forEachBackend(metricRetentionContract);
