/** Runs the AlertStore contract (rules, lease, alerts) on every backend (backends.ts). */
import { alertStoreContract } from './alert-store-contract.js';
import { forEachBackend } from './backends.js';

forEachBackend(alertStoreContract);
