/** Runs the application metric and dashboard storage contract on every backend (backends.ts). */
import { appMetricStoreContract } from './app-metric-store-contract.js';
import { forEachBackend } from './backends.js';

forEachBackend(appMetricStoreContract);
